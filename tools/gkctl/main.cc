// gkctl: the file door of gatekeeper (contract §6). Usage in commands.h's
// kUsage and docs/FILES.md.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "tools/gkctl/commands.h"
#ifdef GK_HAVE_PARTIES_CLI
#include "tools/screening/parties_command.h"
#endif
#ifdef GK_HAVE_REMOTE_COMMANDS
#include "tools/gkctl/remote_commands.h"
#endif

namespace {

using ::gatekeeper::gkctl::kUsage;
using ::gatekeeper::gkctl::UsageError;

// "help" only as the command: anywhere else it may be a file name or an ID.
bool AsksForHelp(const std::vector<std::string>& args) {
  return args[0] == "help" || std::any_of(args.begin(), args.end(), [](const std::string& arg) {
           return arg == "--help" || arg == "-h";
         });
}

}  // namespace

int main(int argc, char** argv) {
  namespace gkctl = ::gatekeeper::gkctl;
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return UsageError("", "missing COMMAND");
  const std::string& command = args[0];
#ifdef GK_HAVE_PARTIES_CLI
  // The screening tool has its own flags and help; it sees "parties" as its
  // argv[0].
  if (command == "parties") return RunPartiesCommand(argc - 1, argv + 1);
#endif
#ifdef GK_HAVE_REMOTE_COMMANDS
  // Commands against a running server (--server): the gRPC door.
  if (gkctl::IsRemoteCommand(args)) return gkctl::RunRemoteCommand(args);
#endif
  if (AsksForHelp(args)) {
    std::cout << kUsage;
    return gkctl::kExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "replay") return gkctl::RunReplayCommand(rest);
  if (command == "verify") return gkctl::RunVerifyCommand(rest);
  if (command == "stats") return gkctl::RunStatsCommand(rest);
  if (command == "licence" || command == "decision") {
    if (rest.empty() || rest[0] != "show") {
      return UsageError(command, "expected \"" + command + " show\"");
    }
    const std::vector<std::string> show_args(rest.begin() + 1, rest.end());
    return command == "licence" ? gkctl::RunLicenceShowCommand(show_args)
                                : gkctl::RunDecisionShowCommand(show_args);
  }
  return UsageError("", "unknown command \"" + command + "\"");
}
