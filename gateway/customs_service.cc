#include "gateway/customs_service.h"

#include <string>

#include "gateway/decision_submission.h"
#include "gateway/event_admission.h"
#include "gateway/status_conversion.h"
#include "gateway/watch_stream.h"

namespace gatekeeper::gateway {

grpc::ServerUnaryReactor* CustomsServiceImpl::Submit(grpc::CallbackServerContext* call,
                                                     const v1::Event* event,
                                                     v1::Decision* decision) {
  grpc::ServerUnaryReactor* reactor = call->DefaultReactor();
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kCustoms); !allowed.ok()) {
    reactor->Finish(allowed);
    return reactor;
  }
  if (absl::Status admitted = AdmitEvent(*event, Role::kCustoms); !admitted.ok()) {
    reactor->Finish(ToGrpcStatus(admitted));
    return reactor;
  }
  SubmitForDecision(*context_.backend, *event, call, reactor, decision);
  return reactor;
}

grpc::ServerWriteReactor<v1::Decision>* CustomsServiceImpl::WatchDecisions(
    grpc::CallbackServerContext* call, const v1::WatchDecisionsRequest* request) {
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kCustoms); !allowed.ok()) {
    return new RefusedStream<v1::Decision>(allowed);
  }
  WatchSelect<v1::Decision> select =
      [office = request->office_of_export()](
          const internal::OutputRecord& record) -> const v1::Decision* {
    if (!record.has_decision()) return nullptr;
    if (!office.empty() && record.decision().office_of_export() != office) return nullptr;
    return &record.decision();
  };
  return WatchStream<v1::Decision>::Start(context_, request->after_sequence(), std::move(select));
}

}  // namespace gatekeeper::gateway
