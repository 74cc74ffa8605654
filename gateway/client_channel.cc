#include "gateway/client_channel.h"

#include <utility>

#include "absl/status/status.h"
#include "gateway/pem_file.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace gatekeeper::gateway {

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeClientChannel(
    const ClientConnection& connection) {
  if (connection.server.empty()) {
    return absl::InvalidArgumentError("--server: the server address (host:port) is empty");
  }
  grpc::ChannelArguments arguments;
  if (connection.own_connection) arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (connection.insecure) {
    return grpc::CreateCustomChannel(connection.server, grpc::InsecureChannelCredentials(),
                                     arguments);
  }
  if (connection.ca_file.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs --ca (the gatekeeper CA certificate), or --insecure for a development "
        "server");
  }
  if (connection.cert_file.empty() != connection.key_file.empty()) {
    return absl::InvalidArgumentError("--cert and --key go together");
  }
  grpc::SslCredentialsOptions options;
  absl::StatusOr<std::string> ca = ReadPemFile(connection.ca_file);
  if (!ca.ok()) return ca.status();
  options.pem_root_certs = *std::move(ca);
  if (!connection.cert_file.empty()) {
    absl::StatusOr<std::string> cert = ReadPemFile(connection.cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPemFile(connection.key_file);
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *std::move(cert);
    options.pem_private_key = *std::move(key);
  }
  if (!connection.server_name_override.empty()) {
    arguments.SetSslTargetNameOverride(connection.server_name_override);
  }
  return grpc::CreateCustomChannel(connection.server, grpc::SslCredentials(options), arguments);
}

}  // namespace gatekeeper::gateway
