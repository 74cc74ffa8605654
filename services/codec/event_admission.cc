#include "services/codec/event_admission.h"

#include "google/protobuf/descriptor.h"

namespace gatekeeper {

absl::string_view SenderRoleName(SenderRole role) {
  switch (role) {
    case SenderRole::kCustoms:
      return "customs";
    case SenderRole::kOfficer:
      return "officer";
    case SenderRole::kLicensing:
      return "licence authority";
  }
  return "";
}

absl::string_view PayloadName(v1::Event::PayloadCase payload) {
  if (payload == v1::Event::PAYLOAD_NOT_SET) return "";
  const google::protobuf::FieldDescriptor* field =
      v1::Event::descriptor()->FindFieldByNumber(payload);
  return field == nullptr ? absl::string_view() : absl::string_view(field->json_name());
}

}  // namespace gatekeeper
