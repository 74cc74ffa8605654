// The unary path shared by CustomsService.Submit and OfficerService.Dispose: submit one
// event to the pipeline and answer with the declaration's decision once it is durable.
#ifndef GATEKEEPER_GATEWAY_DECISION_SUBMISSION_H_
#define GATEKEEPER_GATEWAY_DECISION_SUBMISSION_H_

#include "absl/strings/string_view.h"
#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/event.pb.h"
#include "gateway/gateway_backend.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"

namespace gatekeeper::gateway {

// Submits `event` (already admitted) without waiting for room in the queue, and finishes
// `reactor`: OK with the decision the event produced in `*response` (for a duplicate
// declaration, the MRN's current decision, so that a client's retry learns where the
// declaration stands), or the pipeline's refusal (the engine's
// INVALID_ARGUMENT / NOT_FOUND / FAILED_PRECONDITION, RESOURCE_EXHAUSTED for a full queue,
// UNAVAILABLE when stopping). The answer to a duplicate carries the trailing metadata
// `gk-duplicate: true`. `backend`, `call`, `reactor` and `response` must stay valid until
// the reactor is finished (gRPC keeps them until then).
void SubmitForDecision(GatewayBackend& backend, v1::Event event, grpc::CallbackServerContext* call,
                       grpc::ServerUnaryReactor* reactor, v1::Decision* response);

// Trailing metadata key on the answer to a duplicate submission (value "true").
inline constexpr absl::string_view kDuplicateMetadataKey = "gk-duplicate";

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_DECISION_SUBMISSION_H_
