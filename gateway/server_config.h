// The command line of gk-grpc-server, the standalone gRPC door:
//
//   gk-grpc-server --data-dir DIR [--grpc-listen HOST:PORT]
//                  (--tls-ca FILE --tls-cert FILE --tls-key FILE [--require-client-cert]
//                   | --insecure)
//                  [--queue-capacity N] [--subscriber-buffer N]
//
// Every flag also takes the `--flag=value` form. An unknown flag, a missing value or a
// missing --data-dir is a usage error, so a typo never silently changes what the server
// does (e.g. serve plaintext).
#ifndef GATEKEEPER_GATEWAY_SERVER_CONFIG_H_
#define GATEKEEPER_GATEWAY_SERVER_CONFIG_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gateway/gateway_server.h"

namespace gatekeeper::gateway {

struct ServerConfig {
  std::string data_dir;
  GatewayServerOptions server;
  size_t queue_capacity_events = 4096;
  bool show_help = false;
};

// InvalidArgument with a sentence for the user on any usage error.
absl::StatusOr<ServerConfig> ParseServerArgs(const std::vector<std::string>& args);

// The text of `gk-grpc-server --help`.
const char* ServerUsage();

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_SERVER_CONFIG_H_
