// Which side an Event comes from: customs events (declarations, invalidations, officers'
// dispositions) come from customs systems, on the declarations topic; all others (licences,
// licence status changes, rules, listed parties and their removals) from licence
// authorities, on the licensing topic.
#ifndef GATEKEEPER_SERVICES_CODEC_EVENT_KIND_H_
#define GATEKEEPER_SERVICES_CODEC_EVENT_KIND_H_

#include "gatekeeper/v1/event.pb.h"

namespace gatekeeper {

inline bool IsCustomsEvent(const v1::Event& event) {
  return event.has_declaration() || event.has_invalidation() || event.has_disposition();
}

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_EVENT_KIND_H_
