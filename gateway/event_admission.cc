#include "gateway/event_admission.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/codec/event_codec.h"

namespace gatekeeper::gateway {
namespace {

// The role whose service takes this kind of event.
Role RoleForPayload(v1::Event::PayloadCase payload) {
  switch (payload) {
    case v1::Event::kDeclaration:
    case v1::Event::kInvalidation:
      return Role::kCustoms;
    case v1::Event::kDisposition:
      return Role::kOfficer;
    default:
      return Role::kLicensing;
  }
}

absl::string_view MethodOfRole(Role role) {
  switch (role) {
    case Role::kCustoms:
      return "CustomsService.Submit";
    case Role::kOfficer:
      return "OfficerService.Dispose";
    case Role::kLicensing:
      return "LicensingService.Apply";
  }
  return "";
}

}  // namespace

absl::Status AdmitEvent(const v1::Event& event, Role role) {
  const size_t size_bytes = event.ByteSizeLong();
  if (size_bytes > kMaxEventBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("event is ", size_bytes, " bytes, the limit is ", kMaxEventBytes));
  }
  if (event.payload_case() == v1::Event::PAYLOAD_NOT_SET) {
    return absl::InvalidArgumentError("event: no member is set; exactly one must be");
  }
  const Role owner = RoleForPayload(event.payload_case());
  if (owner != role) {
    return absl::InvalidArgumentError(absl::StrCat(
        "event: a ", event.GetDescriptor()->FindFieldByNumber(event.payload_case())->json_name(),
        " event goes to ", MethodOfRole(owner), ", not to ", ServiceOfRole(role)));
  }
  return CheckEventStructure(event);
}

const v1::Decision* FindDecision(const std::vector<internal::OutputRecord>& outputs) {
  for (auto it = outputs.rbegin(); it != outputs.rend(); ++it) {
    if (it->has_decision()) return &it->decision();
  }
  return nullptr;
}

}  // namespace gatekeeper::gateway
