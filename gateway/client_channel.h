// Channels from a client (gkctl's remote commands, benchmarks, tests) to a gatekeeper
// gRPC server: TLS that verifies the server against the gatekeeper CA and presents the
// client's own certificate (whose OU is its role), or plaintext for a server started with
// --insecure.
//
//   absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeClientChannel(
//       {.server = "127.0.0.1:50051", .ca_file = "ca.pem", .cert_file = "officer.pem",
//        .key_file = "officer.key"});
#ifndef GATEKEEPER_GATEWAY_CLIENT_CHANNEL_H_
#define GATEKEEPER_GATEWAY_CLIENT_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"

namespace gatekeeper::gateway {

struct ClientConnection {
  // host:port of the server.
  std::string server = "127.0.0.1:50051";
  // Plaintext, for a server started with --insecure. The TLS files are then ignored.
  bool insecure = false;
  // PEM CA certificate that issued the server's certificate (required for TLS).
  std::string ca_file;
  // The client's certificate and key (both or neither: without them every gatekeeper
  // method answers UNAUTHENTICATED).
  std::string cert_file;
  std::string key_file;
  // Name the server certificate must carry, when it differs from the host in `server`.
  std::string server_name_override;
  // A connection of this channel's own, not shared with the process's other channels to
  // the same server: it connects at once, free of the reconnection backoff of an earlier
  // channel's broken connection (for a client that reconnects with its own backoff).
  bool own_connection = false;
};

// InvalidArgument for an incomplete TLS configuration; the PEM reading errors otherwise.
// The channel connects lazily: connection problems show up in the first call.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeClientChannel(
    const ClientConnection& connection);

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_CLIENT_CHANNEL_H_
