// The gRPC server of the gateway: CustomsService, OfficerService and LicensingService on
// one listening address, plus grpc.health.v1.Health and server reflection (so generic
// clients such as grpcurl work without the .proto files).
//
//   absl::StatusOr<std::unique_ptr<GatewayServer>> server =
//       GatewayServer::Start(options, pipeline->backend());
//   ... (*server)->port() ...
//   pipeline->backend().Close();          // ends watch streams, refuses submissions
//   (*server)->Shutdown(absl::Seconds(5));
//
// Security: TLS with client certificates unless `insecure` (plaintext, every caller has
// every role: local development only). Health and reflection answer any caller that
// completed the TLS handshake; the three gatekeeper services check the role of every call
// (access_policy.h).
//
// Health: "" and each service report SERVING from Start until Shutdown, or until
// SetServing(false).
#ifndef GATEKEEPER_GATEWAY_GATEWAY_SERVER_H_
#define GATEKEEPER_GATEWAY_GATEWAY_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gateway/customs_service.h"
#include "gateway/gateway_backend.h"
#include "gateway/licensing_service.h"
#include "gateway/officer_service.h"
#include "gateway/server_credentials.h"
#include "gateway/service_context.h"
#include "grpcpp/server.h"

namespace gatekeeper::gateway {

struct GatewayServerOptions {
  // host:port; port 0 picks a free port (see port()).
  std::string listen_address = "127.0.0.1:50051";
  // Plaintext without roles. Local development only.
  bool insecure = false;
  // Required unless `insecure`.
  TlsFiles tls;
  WatchOptions watch;
};

class GatewayServer {
 public:
  // Listens and serves until Shutdown. `backend` must outlive the server.
  static absl::StatusOr<std::unique_ptr<GatewayServer>> Start(const GatewayServerOptions& options,
                                                              GatewayBackend& backend);
  ~GatewayServer();

  // The port the server listens on.
  int port() const { return port_; }

  // What the watch streams buffer (service_context.h).
  const WatchStats& watch_stats() const { return *watch_stats_; }

  // Health status of "" and of every gatekeeper service.
  void SetServing(bool serving);

  // Stops accepting calls, waits up to `grace` for calls in progress, then cancels them.
  // Watch streams only end when the backend is closed (or at the deadline). Idempotent.
  void Shutdown(absl::Duration grace);

 private:
  explicit GatewayServer(const ServiceContext& context);

  std::shared_ptr<WatchStats> watch_stats_;
  CustomsServiceImpl customs_;
  OfficerServiceImpl officer_;
  LicensingServiceImpl licensing_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_GATEWAY_SERVER_H_
