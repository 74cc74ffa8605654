// The gRPC door's admission: which events each role may send (the shared rule of
// services/codec/event_admission.h, mapped onto the services), and the same input limits as
// every other door.
//
//   customs:   declaration, invalidation              (CustomsService.Submit)
//   officer:   disposition                            (OfficerService.Dispose)
//   licensing: licence, licenceStatus, rule, ruleRemoval, party, partyRemoval
//              (LicensingService.Apply, ApplyStream)
//
// An event that arrives by gRPC is already parsed; it gets the codec's size limit and
// structural check (CheckEventStructure: one payload, string and list limits, UTF-8, no
// unknown fields or enum values), so it is refused with the same message as on Kafka and
// in files.
#ifndef GATEKEEPER_GATEWAY_EVENT_ADMISSION_H_
#define GATEKEEPER_GATEWAY_EVENT_ADMISSION_H_

#include <vector>

#include "absl/status/status.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/event.pb.h"
#include "gateway/access_policy.h"

namespace gatekeeper::gateway {

// OK, or InvalidArgument saying what is wrong with the event or where to send it.
absl::Status AdmitEvent(const v1::Event& event, Role role);

// The decision among an event's outputs (the last one), or nullptr.
const v1::Decision* FindDecision(const std::vector<internal::OutputRecord>& outputs);

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_EVENT_ADMISSION_H_
