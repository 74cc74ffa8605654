// Who sends each kind of Event: the one admission rule that every door applies (contract
// §2, column "from").
//
//   customs            declaration, invalidation
//   officer            disposition
//   licence authority  licence, licenceStatus, rule, ruleRemoval, party, partyRemoval
//
// A door knows its sender's role: the gRPC door from the service the caller's certificate
// may call (gateway/event_admission.h), the Kafka door from the input topic, whose ACL is
// the only identity a Kafka operator can give a sender (services/daemon/topic_admission.h).
// An event whose payload belongs to a role the door does not admit is refused there, with a
// message that names the rule. Which role owns a payload is decided here and nowhere else;
// where each role's events may enter is the door's business.
//
//   if (event.payload_case() != v1::Event::PAYLOAD_NOT_SET &&
//       SenderRoleOf(event.payload_case()) != SenderRole::kLicensing) { ... }
#ifndef GATEKEEPER_SERVICES_CODEC_EVENT_ADMISSION_H_
#define GATEKEEPER_SERVICES_CODEC_EVENT_ADMISSION_H_

#include "absl/strings/string_view.h"
#include "gatekeeper/v1/event.pb.h"
#include "services/common/check.h"

namespace gatekeeper {

enum class SenderRole { kCustoms, kOfficer, kLicensing };

// The role that sends events with this payload. REQUIRES: a payload is set (the codec's
// structural check refuses an event without one before any door asks).
inline SenderRole SenderRoleOf(v1::Event::PayloadCase payload) {
  GK_CHECK(payload != v1::Event::PAYLOAD_NOT_SET) << "an event without a payload has no sender";
  switch (payload) {
    case v1::Event::kDeclaration:
    case v1::Event::kInvalidation:
      return SenderRole::kCustoms;
    case v1::Event::kDisposition:
      return SenderRole::kOfficer;
    default:
      // Every other member is the licence authority's; a member added to v1.Event later
      // is refused by the customs and officer doors until this rule names its sender.
      return SenderRole::kLicensing;
  }
}

// "customs", "officer", "licence authority": for messages.
absl::string_view SenderRoleName(SenderRole role);

// The payload's JSON field name ("declaration", "partyRemoval"); "" when none is set.
absl::string_view PayloadName(v1::Event::PayloadCase payload);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_EVENT_ADMISSION_H_
