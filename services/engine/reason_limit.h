// The bound on the reasons one item lists (kReasonsPerItemMax, declaration_limits.h).
#ifndef GATEKEEPER_SERVICES_ENGINE_REASON_LIMIT_H_
#define GATEKEEPER_SERVICES_ENGINE_REASON_LIMIT_H_

#include <vector>

#include "gatekeeper/v1/decision.pb.h"

namespace gatekeeper {

// REQUIRES: `item` has no reasons yet.
// Appends `reasons` (in the contract's reporting order) to `item`. At most kReasonsPerItemMax
// are kept; when there are more, the last kept reason's detail ends with how many were left
// out and of which codes ("; 12 more reasons for this item are not listed (at most 100 are):
// 7 EMBARGO_PROHIBITED, 5 LICENCE_NOT_FOUND"), so no kind of problem goes unmentioned.
void AppendReasonsBounded(std::vector<v1::Reason> reasons, v1::ItemDecision* item);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_REASON_LIMIT_H_
