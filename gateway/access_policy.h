// Who may call what: each gatekeeper service belongs to one role, and the role comes from
// the caller's client certificate, verified by the TLS handshake against the gatekeeper
// CA: every OU (organizational unit) of its subject that is exactly a role's name
// (`customs`, `officer`, `licensing`: lower case, no spaces around it) grants that role.
// "Officer" or " officer " grant nothing.
//
// Authorize() answers, for one call:
//   OK                 the certificate carries the service's role (or the policy is
//                      insecure: development mode, every caller has every role);
//   UNAUTHENTICATED    no verified client certificate (the TLS handshake itself refuses
//                      a certificate from another CA: the client sees UNAVAILABLE);
//   PERMISSION_DENIED  a verified certificate without the service's role.
#ifndef GATEKEEPER_GATEWAY_ACCESS_POLICY_H_
#define GATEKEEPER_GATEWAY_ACCESS_POLICY_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace gatekeeper::gateway {

enum class Role { kCustoms, kOfficer, kLicensing };

// "customs", "officer", "licensing".
absl::string_view RoleName(Role role);
// The gRPC service a role may call, e.g. "gatekeeper.v1.OfficerService".
absl::string_view ServiceOfRole(Role role);

// Values of `attribute` (e.g. "OU", "CN", in any case) in an RFC 2253 distinguished name
// such as "CN=officer-7,OU=officer,O=Douane", in order, escapes undone and nothing
// trimmed (`OU=\ officer\ ` gives " officer ").
std::vector<std::string> DistinguishedNameValues(absl::string_view subject,
                                                 absl::string_view attribute);

class AccessPolicy {
 public:
  // Roles from client certificates.
  static AccessPolicy CertificateRoles() { return AccessPolicy(true); }
  // Plaintext development mode: no identity, every role.
  static AccessPolicy Insecure() { return AccessPolicy(false); }

  // See the header comment. On OK, `identity` (if given) receives who the caller is: the
  // certificate's CN, or its whole subject when it has no CN (empty in insecure mode).
  grpc::Status Authorize(const grpc::ServerContextBase& context, Role role,
                         std::string* identity = nullptr) const;

  bool enforced() const { return enforced_; }

 private:
  explicit AccessPolicy(bool enforced) : enforced_(enforced) {}
  bool enforced_;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_ACCESS_POLICY_H_
