// gkctl's commands (the file door, contract §6) and what they share. Each
// command takes the arguments after its name, prints its own errors on stderr,
// and returns the exit status.
#ifndef GATEKEEPER_TOOLS_GKCTL_COMMANDS_H_
#define GATEKEEPER_TOOLS_GKCTL_COMMANDS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/store.h"
#include "tools/gkctl/command_line.h"

namespace gatekeeper::gkctl {

// Exit statuses, documented in docs/FILES.md.
inline constexpr int kExitOk = 0;
// Not found, verification failed, the input or the store could not be read or
// written.
inline constexpr int kExitFailure = 1;
// replay met input lines it could not apply (every good line was applied).
inline constexpr int kExitBadInput = 2;
// The command line is wrong (sysexits.h EX_USAGE).
inline constexpr int kExitUsage = 64;

// The text of `gkctl --help`.
extern const char kUsage[];

int RunReplayCommand(const std::vector<std::string>& args);
int RunLicenceShowCommand(const std::vector<std::string>& args);
int RunDecisionShowCommand(const std::vector<std::string>& args);
int RunVerifyCommand(const std::vector<std::string>& args);
int RunStatsCommand(const std::vector<std::string>& args);

// Prints "gkctl COMMAND: PROBLEM" and the usage text on stderr; returns
// kExitUsage.
int UsageError(absl::string_view command, absl::string_view problem);

// Prints "gkctl COMMAND: PROBLEM" on stderr; returns kExitFailure.
int Failure(absl::string_view command, absl::string_view problem);

// Parses the arguments of a command that reads the store: `--data-dir DIR`
// (required) plus `extra` flags, with exactly `positional_count` positional
// arguments named `positional_name` in messages. Usage errors are returned as
// InvalidArgument.
absl::StatusOr<CommandLine> ParseStoreCommand(const std::vector<std::string>& args,
                                              std::vector<FlagSpec> extra, int positional_count,
                                              absl::string_view positional_name);

// Opens the store of `--data-dir`. Only replay creates a missing store; the
// other commands refuse a directory that holds none, so a mistyped path does
// not look like an empty store.
absl::StatusOr<std::unique_ptr<storage::Store>> OpenStore(const CommandLine& line,
                                                          bool create_if_missing);

}  // namespace gatekeeper::gkctl

#endif  // GATEKEEPER_TOOLS_GKCTL_COMMANDS_H_
