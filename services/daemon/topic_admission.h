// The Kafka door's admission: a Kafka operator can give each sender only an ACL on the
// topics it may write, so the input topic is the sender's role (the shared rule of
// services/codec/event_admission.h):
//
//   declarations topic  customs events (declaration, invalidation), and the officers'
//                       dispositions, which the customs clearance system relays in order
//                       with its declarations (key = exporter EORI), unless
//                       dispositions_on_kafka is false (officers use only the gRPC
//                       OfficerService)
//   licensing topic     licence authority events (licence, licenceStatus, rule,
//                       ruleRemoval, party, partyRemoval)
//
// Anything else is refused with a message that names the rule, e.g. "a licence event is
// admitted only on gatekeeper.licensing (licence authority), not on
// gatekeeper.declarations (customs)"; the daemon makes it a dead letter.
#ifndef GATEKEEPER_SERVICES_DAEMON_TOPIC_ADMISSION_H_
#define GATEKEEPER_SERVICES_DAEMON_TOPIC_ADMISSION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gatekeeper/v1/event.pb.h"
#include "services/daemon/topic_names.h"

namespace gatekeeper::daemon {

class TopicAdmission {
 public:
  TopicAdmission(const TopicNames& topics, bool dispositions_on_kafka)
      : declarations_topic_(topics.declarations),
        licensing_topic_(topics.licensing),
        dispositions_on_kafka_(dispositions_on_kafka) {}

  // OK when an event read from `topic` may be applied, else PermissionDenied naming the
  // rule. REQUIRES: the event has a payload (the codec refuses one without).
  absl::Status Admit(const v1::Event& event, absl::string_view topic) const;

 private:
  std::string declarations_topic_;
  std::string licensing_topic_;
  bool dispositions_on_kafka_;
};

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_TOPIC_ADMISSION_H_
