// gkctl's commands against a running gatekeeper server (the gRPC door, docs/GATEWAY.md):
//
//   gkctl holds watch --server ADDR [--office NL000396] [--after-sequence N] [--json] [--max N]
//                     [--give-up-after DURATION]
//   gkctl dispose MRN (--release | --refuse) [--note TEXT] [--version N] --server ADDR
//   gkctl licence apply FILE --server ADDR        (also: licence import FILE)
//   gkctl licence show ID --server ADDR
//   gkctl decision show MRN --server ADDR
//   gkctl usage ID --server ADDR
//   gkctl submit FILE --server ADDR
//
// TLS flags, for every command: --ca FILE (the gatekeeper CA), --cert FILE and --key FILE
// (the caller's certificate, whose OU is its role), --server-name NAME (the name in the
// server's certificate, when it is not the host of --server), or --insecure for a
// development server.
#ifndef GATEKEEPER_TOOLS_GKCTL_REMOTE_COMMANDS_H_
#define GATEKEEPER_TOOLS_GKCTL_REMOTE_COMMANDS_H_

#include <string>
#include <vector>

namespace gatekeeper::gkctl {

// Whether `args` (the whole command line after "gkctl") is a remote command: holds,
// dispose, submit, usage, licence apply|import, or licence|decision show with --server.
bool IsRemoteCommand(const std::vector<std::string>& args);

// Runs it; returns the exit status (0 ok, 1 failure, 2 some input refused, 64 usage).
int RunRemoteCommand(const std::vector<std::string>& args);

}  // namespace gatekeeper::gkctl

#endif  // GATEKEEPER_TOOLS_GKCTL_REMOTE_COMMANDS_H_
