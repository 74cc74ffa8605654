#include "gateway/decision_submission.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gateway/event_admission.h"
#include "gateway/status_conversion.h"

namespace gatekeeper::gateway {

void SubmitForDecision(GatewayBackend& backend, v1::Event event, grpc::ServerUnaryReactor* reactor,
                       v1::Decision* response) {
  // Only a declaration can be a duplicate; its MRN names the decision to answer with.
  std::string mrn = event.has_declaration() ? event.declaration().mrn() : "";
  const StoreAccess* access = &backend.store_access();
  backend.pipeline().Submit(std::move(event), [access, reactor, response, mrn = std::move(mrn)](
                                                  absl::StatusOr<PipelineResult> result) {
    if (!result.ok()) {
      reactor->Finish(ToGrpcStatus(result.status()));
      return;
    }
    if (const v1::Decision* decision = FindDecision(result->outputs); decision != nullptr) {
      *response = *decision;
      reactor->Finish(grpc::Status::OK);
      return;
    }
    if (!result->duplicate) {
      reactor->Finish(
          ToGrpcStatus(absl::InternalError("the event was applied but produced no decision")));
      return;
    }
    absl::StatusOr<v1::Decision> current =
        access->Read([&](const storage::Store& store) { return store.GetDecision(mrn); });
    if (!current.ok()) {
      reactor->Finish(ToGrpcStatus(current.status()));
      return;
    }
    *response = *std::move(current);
    reactor->Finish(grpc::Status::OK);
  });
}

}  // namespace gatekeeper::gateway
