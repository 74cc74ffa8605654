#include "gateway/decision_submission.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gateway/event_admission.h"
#include "gateway/status_conversion.h"

namespace gatekeeper::gateway {

void SubmitForDecision(GatewayBackend& backend, v1::Event event, grpc::CallbackServerContext* call,
                       grpc::ServerUnaryReactor* reactor, v1::Decision* response) {
  backend.pipeline().Submit(
      std::move(event), [call, reactor, response](absl::StatusOr<PipelineResult> result) {
        if (!result.ok()) {
          reactor->Finish(ToGrpcStatus(result.status()));
          return;
        }
        if (const v1::Decision* decision = FindDecision(result->outputs); decision != nullptr) {
          *response = *decision;
          reactor->Finish(grpc::Status::OK);
          return;
        }
        if (result->duplicate && result->current_decision.has_value()) {
          // A retry (same MRN, version <= current): nothing changed; the answer is the
          // decision as it stands, with its original sequence, marked as such.
          call->AddTrailingMetadata(std::string(kDuplicateMetadataKey), "true");
          *response = *std::move(result->current_decision);
          reactor->Finish(grpc::Status::OK);
          return;
        }
        reactor->Finish(
            ToGrpcStatus(absl::InternalError("the event was applied but produced no decision")));
      });
}

}  // namespace gatekeeper::gateway
