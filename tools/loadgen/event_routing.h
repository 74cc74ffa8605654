// Where an input event goes on Kafka (contract §6): customs events
// (declarations, invalidations, dispositions) to the declarations topic keyed
// by the exporter's EORI, authority events to the licensing topic keyed by
// licence holder, rule id or party id.
//
// The key decides the partition, and Kafka keeps order only within a partition,
// so every event about one declaration must carry the same key: a disposition
// has no EORI of its own, so it gets the EORI of the declaration it disposes
// (remembered from the declarations routed before it), and a licence status
// change gets the key its licence was sent with.
//
//   EventRouter router;
//   Route route = router.RouteOf(event);   // route.customs, route.key
#ifndef GATEKEEPER_TOOLS_LOADGEN_EVENT_ROUTING_H_
#define GATEKEEPER_TOOLS_LOADGEN_EVENT_ROUTING_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "gatekeeper/v1/event.pb.h"

namespace gatekeeper::loadgen {

struct Route {
  // True: the declarations topic; false: the licensing topic.
  bool customs = false;
  std::string key;
};

class EventRouter {
 public:
  Route RouteOf(const v1::Event& event);

 private:
  // MRN -> exporter EORI, and licence id -> the key the licence was sent with.
  // Bounded by the number of distinct MRNs and licences in one publishing run.
  absl::flat_hash_map<std::string, std::string> exporter_of_mrn_;
  absl::flat_hash_map<std::string, std::string> key_of_licence_;
};

}  // namespace gatekeeper::loadgen

#endif  // GATEKEEPER_TOOLS_LOADGEN_EVENT_ROUTING_H_
