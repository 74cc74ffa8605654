#include "gateway/gateway_server.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "services/codec/event_codec.h"

namespace gatekeeper::gateway {
namespace {

// Largest message a client may send: twice the event limit, so that an event somewhat
// over the limit still reaches the codec's check and its precise message.
constexpr int kMaxReceiveMessageBytes = 2 * static_cast<int>(kMaxEventBytes);

constexpr const char* kServiceNames[] = {
    "",
    "gatekeeper.v1.CustomsService",
    "gatekeeper.v1.OfficerService",
    "gatekeeper.v1.LicensingService",
};

}  // namespace

GatewayServer::GatewayServer(const ServiceContext& context)
    : watch_stats_(context.watch_stats),
      customs_(context),
      officer_(context),
      licensing_(context) {}

GatewayServer::~GatewayServer() { Shutdown(absl::ZeroDuration()); }

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(
    const GatewayServerOptions& options, GatewayBackend& backend) {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  ServiceContext context{.backend = &backend, .watch = options.watch};
  if (options.insecure) {
    credentials = grpc::InsecureServerCredentials();
    context.policy = AccessPolicy::Insecure();
  } else {
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> tls =
        MakeServerCredentials(options.tls);
    if (!tls.ok()) return tls.status();
    credentials = *std::move(tls);
    context.policy = AccessPolicy::CertificateRoles();
  }

  // Both are process-wide switches read by the builder.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<GatewayServer> server(new GatewayServer(context));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, credentials, &server->port_);
  builder.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  builder.RegisterService(&server->customs_);
  builder.RegisterService(&server->officer_);
  builder.RegisterService(&server->licensing_);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address,
                     " (address in use, not local, or malformed; it takes host:port)"));
  }
  server->SetServing(true);
  return server;
}

void GatewayServer::SetServing(bool serving) {
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  for (const char* name : kServiceNames) health->SetServingStatus(name, serving);
}

void GatewayServer::Shutdown(absl::Duration grace) {
  if (shut_down_ || server_ == nullptr) return;
  shut_down_ = true;
  SetServing(false);
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  server_->Wait();
}

}  // namespace gatekeeper::gateway
