#include "gateway/event_admission.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/codec/event_admission.h"
#include "services/codec/event_codec.h"

namespace gatekeeper::gateway {
namespace {

// The gRPC role of each sender of the shared admission rule (services/codec/event_admission.h).
Role GrpcRoleOf(SenderRole sender) {
  switch (sender) {
    case SenderRole::kCustoms:
      return Role::kCustoms;
    case SenderRole::kOfficer:
      return Role::kOfficer;
    case SenderRole::kLicensing:
      return Role::kLicensing;
  }
  return Role::kLicensing;
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
  const Role owner = GrpcRoleOf(SenderRoleOf(event.payload_case()));
  if (owner != role) {
    return absl::InvalidArgumentError(absl::StrCat("event: a ", PayloadName(event.payload_case()),
                                                   " event goes to ", MethodOfRole(owner),
                                                   ", not to ", ServiceOfRole(role)));
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
