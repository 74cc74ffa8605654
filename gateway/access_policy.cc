#include "gateway/access_policy.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/auth_context.h"

namespace gatekeeper::gateway {
namespace {

constexpr Role kAllRoles[] = {Role::kCustoms, Role::kOfficer, Role::kLicensing};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// One attribute type and value of an RDN sequence, escapes undone.
struct Attribute {
  std::string type;
  std::string value;
};

// Splits "A=v1,B=v\,2+C=v3" at unescaped ',' and '+' (RFC 2253 §3: both separate
// attribute values; '+' joins values of one multi-valued RDN).
std::vector<Attribute> ParseDistinguishedName(absl::string_view subject) {
  std::vector<Attribute> attributes;
  Attribute current;
  bool in_value = false;
  for (size_t i = 0; i < subject.size(); ++i) {
    char c = subject[i];
    if (c == '\\' && i + 1 < subject.size()) {
      int high = HexDigit(subject[i + 1]);
      int low = i + 2 < subject.size() ? HexDigit(subject[i + 2]) : -1;
      char decoded = subject[i + 1];
      if (high >= 0 && low >= 0) {
        decoded = static_cast<char>(high * 16 + low);
        i += 2;
      } else {
        i += 1;
      }
      (in_value ? current.value : current.type).push_back(decoded);
      continue;
    }
    if (!in_value && c == '=') {
      in_value = true;
      continue;
    }
    if (c == ',' || c == '+') {
      attributes.push_back(std::move(current));
      current = Attribute{};
      in_value = false;
      continue;
    }
    (in_value ? current.value : current.type).push_back(c);
  }
  if (!current.type.empty()) attributes.push_back(std::move(current));
  return attributes;
}

}  // namespace

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kCustoms:
      return "customs";
    case Role::kOfficer:
      return "officer";
    case Role::kLicensing:
      return "licensing";
  }
  return "";
}

absl::string_view ServiceOfRole(Role role) {
  switch (role) {
    case Role::kCustoms:
      return "gatekeeper.v1.CustomsService";
    case Role::kOfficer:
      return "gatekeeper.v1.OfficerService";
    case Role::kLicensing:
      return "gatekeeper.v1.LicensingService";
  }
  return "";
}

std::vector<std::string> DistinguishedNameValues(absl::string_view subject,
                                                 absl::string_view attribute) {
  std::vector<std::string> values;
  for (Attribute& parsed : ParseDistinguishedName(subject)) {
    // Attribute types are case-insensitive (RFC 4514) and may follow a ", " separator;
    // values are taken as they are, with their spaces: " officer " is not "officer".
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(parsed.type), attribute)) {
      values.push_back(std::move(parsed.value));
    }
  }
  return values;
}

grpc::Status AccessPolicy::Authorize(const grpc::ServerContextBase& context, Role role,
                                     std::string* identity) const {
  if (!enforced_) return grpc::Status::OK;
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  std::vector<grpc::string_ref> subjects;
  if (auth != nullptr && auth->IsPeerAuthenticated()) {
    subjects = auth->FindPropertyValues(GRPC_X509_SUBJECT_PROPERTY_NAME);
  }
  if (subjects.empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        absl::StrCat(ServiceOfRole(role),
                                     " needs a client certificate issued by the gatekeeper "
                                     "CA with OU=",
                                     RoleName(role), "; none was presented"));
  }
  const std::string subject(subjects.front().data(), subjects.front().size());
  std::vector<std::string> held;
  bool allowed = false;
  for (const std::string& unit : DistinguishedNameValues(subject, "OU")) {
    for (Role candidate : kAllRoles) {
      // Exactly the role's name: no trimming, no case folding.
      if (unit == RoleName(candidate)) {
        held.push_back(std::string(RoleName(candidate)));
        allowed = allowed || candidate == role;
      }
    }
  }
  if (!allowed) {
    return grpc::Status(
        grpc::StatusCode::PERMISSION_DENIED,
        absl::StrCat(ServiceOfRole(role), " is for the ", RoleName(role),
                     " role (OU=", RoleName(role), "); the certificate \"", subject, "\" has ",
                     held.empty() ? "no gatekeeper role"
                                  : absl::StrCat("role ", absl::StrJoin(held, ", "))));
  }
  if (identity != nullptr) {
    std::vector<std::string> names = DistinguishedNameValues(subject, "CN");
    *identity = names.empty() ? subject : names.front();
  }
  return grpc::Status::OK;
}

}  // namespace gatekeeper::gateway
