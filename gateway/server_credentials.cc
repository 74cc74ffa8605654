#include "gateway/server_credentials.h"

#include <utility>

#include "absl/status/status.h"
#include "gateway/pem_file.h"
#include "grpc/grpc_security_constants.h"

namespace gatekeeper::gateway {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& files) {
  if (files.ca_file.empty() || files.cert_file.empty() || files.key_file.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs --tls-ca, --tls-cert and --tls-key (or --insecure for local "
        "development)");
  }
  absl::StatusOr<std::string> ca = ReadPemFile(files.ca_file);
  if (!ca.ok()) return ca.status();
  absl::StatusOr<std::string> cert = ReadPemFile(files.cert_file);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPemFile(files.key_file);
  if (!key.ok()) return key.status();

  grpc::SslServerCredentialsOptions options(
      files.require_client_certificate ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                       : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = *std::move(ca);
  options.pem_key_cert_pairs.push_back({*std::move(key), *std::move(cert)});
  return grpc::SslServerCredentials(options);
}

}  // namespace gatekeeper::gateway
