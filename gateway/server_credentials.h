// Server-side transport security from PEM files: TLS with the server's certificate, and
// client certificates verified against the gatekeeper CA.
//
// By default the client certificate is requested and, when presented, must verify against
// the CA, but the handshake does not require one
// (GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY): a client without one still connects,
// so that every call can answer UNAUTHENTICATED with a sentence saying what is missing
// (AccessPolicy) instead of a bare handshake failure. With `require_client_certificate`
// (GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY) such a client is refused by
// the handshake itself and sees UNAVAILABLE. Either way a certificate from another CA
// fails the handshake, and no call runs without TLS.
#ifndef GATEKEEPER_GATEWAY_SERVER_CREDENTIALS_H_
#define GATEKEEPER_GATEWAY_SERVER_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"

namespace gatekeeper::gateway {

struct TlsFiles {
  // PEM CA certificate(s) that issue client certificates.
  std::string ca_file;
  // PEM certificate (chain) and private key of this server.
  std::string cert_file;
  std::string key_file;
  // Refuse clients without a certificate in the handshake (see the header comment).
  bool require_client_certificate = false;
};

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& files);

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_SERVER_CREDENTIALS_H_
