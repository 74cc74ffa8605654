// The final size guarantee: a decision too large for its output topic or a gRPC reply is
// never produced. The engine checks every declaration's decision against
// kDeclarationDecisionBytesMax before returning it (services/engine/declaration_limits.h).
//
//   if (absl::Status fits = CheckDecisionSize(decision, kDeclarationDecisionBytesMax);
//       !fits.ok()) reject(fits.message());  // "decision would be 4,312,118 bytes ..."
#ifndef GATEKEEPER_SERVICES_ENGINE_DECISION_SIZE_H_
#define GATEKEEPER_SERVICES_ENGINE_DECISION_SIZE_H_

#include <cstddef>

#include "absl/status/status.h"
#include "gatekeeper/v1/decision.pb.h"

namespace gatekeeper {

// OK when `decision` is at most `limit_bytes` both as binary protobuf and as the JSON line
// the doors print (ToJsonLine); else ResourceExhausted with a message for the sender:
// "decision would be 4,312,118 bytes as binary protobuf, the limit is 900,000: split the
// declaration (999 items, 91,908 reasons)". The JSON is printed only when a bound computed
// from the binary size and the number of messages (JsonLineBytesBound) exceeds the limit, so
// an ordinary decision costs one ByteSizeLong and a count of its items.
absl::Status CheckDecisionSize(const v1::Decision& decision, size_t limit_bytes);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_DECISION_SIZE_H_
