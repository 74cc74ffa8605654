// Which Kafka input topic an Event is published on: customs events (declarations,
// invalidations, and the officers' dispositions, which the customs clearance system relays
// in order with its declarations) on the declarations topic; licence authority events
// (licences, licence status changes, rules, listed parties and their removals) on the
// licensing topic. It follows the one admission rule (event_admission.h), so what the tools
// publish is what gatekeeperd admits by default.
#ifndef GATEKEEPER_SERVICES_CODEC_EVENT_KIND_H_
#define GATEKEEPER_SERVICES_CODEC_EVENT_KIND_H_

#include "gatekeeper/v1/event.pb.h"
#include "services/codec/event_admission.h"

namespace gatekeeper {

inline bool IsCustomsEvent(const v1::Event& event) {
  return event.payload_case() != v1::Event::PAYLOAD_NOT_SET &&
         SenderRoleOf(event.payload_case()) != SenderRole::kLicensing;
}

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_EVENT_KIND_H_
