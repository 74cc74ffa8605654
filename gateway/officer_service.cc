#include "gateway/officer_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gateway/decision_submission.h"
#include "gateway/event_admission.h"
#include "gateway/status_conversion.h"
#include "gateway/watch_stream.h"

namespace gatekeeper::gateway {
namespace {

grpc::ServerUnaryReactor* FinishNow(grpc::CallbackServerContext* call, grpc::Status status) {
  grpc::ServerUnaryReactor* reactor = call->DefaultReactor();
  reactor->Finish(std::move(status));
  return reactor;
}

// The decisions at `entries`' sequences in the output log: exactly the versions the index
// listed, so a page agrees with its filter even while the writer moves on.
absl::Status ReadListedDecisions(const StoreAccess& access,
                                 const std::vector<std::pair<std::string, uint64_t>>& entries,
                                 v1::ListDeclarationsResponse* response) {
  return access.Read([&](const storage::Store& store) -> absl::Status {
    for (const auto& [mrn, sequence] : entries) {
      absl::StatusOr<std::vector<internal::OutputRecord>> records =
          store.ReadOutputs(sequence - 1, 1);
      if (!records.ok()) return records.status();
      if (records->empty() || records->front().sequence() != sequence ||
          !records->front().has_decision()) {
        return absl::DataLossError(absl::StrCat("output ", sequence, " is not the decision of ",
                                                mrn, " it is indexed as"));
      }
      *response->add_decisions() = std::move(*records->front().mutable_decision());
    }
    return absl::OkStatus();
  });
}

// Who decided and when, as the server knows it (issue 15): with certificates, the
// officer is the certificate's (an `officerId` naming someone else is refused, so that a
// client that believes it acts for another officer finds out); the time is always the
// server's clock (the engine stamps an empty `decidedAt`), whatever the client wrote.
// Without certificates (--insecure) there is no identity: the client's `officerId` stays.
grpc::Status RecordOfficer(bool enforced, const std::string& officer,
                           v1::Disposition* disposition) {
  disposition->clear_decided_at();
  if (!enforced) return grpc::Status::OK;
  if (!disposition->officer_id().empty() && disposition->officer_id() != officer) {
    return grpc::Status(
        grpc::StatusCode::PERMISSION_DENIED,
        absl::StrCat("officerId \"", disposition->officer_id().substr(0, 100),
                     "\" is not the caller: the client certificate names \"", officer,
                     "\"; leave officerId empty (the server records the certificate's name) or "
                     "send that name"));
  }
  disposition->set_officer_id(officer);
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerWriteReactor<v1::Decision>* OfficerServiceImpl::WatchHolds(
    grpc::CallbackServerContext* call, const v1::WatchHoldsRequest* request) {
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kOfficer); !allowed.ok()) {
    return new RefusedStream<v1::Decision>(allowed);
  }
  const DeclarationIndex* index = &context_.backend->index();
  WatchSelect<v1::Decision> select =
      [index, office = request->office_of_export()](
          const internal::OutputRecord& record) -> const v1::Decision* {
    if (!record.has_decision()) return nullptr;
    const v1::Decision& decision = record.decision();
    if (!office.empty() && decision.office_of_export() != office) return nullptr;
    // A hold, or any later decision of a declaration that was held: the officer sees the
    // alert and how it ended (released, refused, invalidated, amended).
    if (decision.status() == v1::HELD || index->WasHeldBefore(decision.mrn(), record.sequence())) {
      return &decision;
    }
    return nullptr;
  };
  return WatchStream<v1::Decision>::Start(context_, request->after_sequence(), std::move(select));
}

grpc::ServerUnaryReactor* OfficerServiceImpl::GetDecision(grpc::CallbackServerContext* call,
                                                          const v1::GetDecisionRequest* request,
                                                          v1::Decision* decision) {
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kOfficer); !allowed.ok()) {
    return FinishNow(call, allowed);
  }
  if (request->mrn().empty()) {
    return FinishNow(call, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "mrn: empty"));
  }
  absl::StatusOr<v1::Decision> current = context_.backend->store_access().Read(
      [&](const storage::Store& store) { return store.GetDecision(request->mrn()); });
  if (!current.ok()) return FinishNow(call, ToGrpcStatus(current.status()));
  *decision = *std::move(current);
  return FinishNow(call, grpc::Status::OK);
}

grpc::ServerUnaryReactor* OfficerServiceImpl::ListDeclarations(
    grpc::CallbackServerContext* call, const v1::ListDeclarationsRequest* request,
    v1::ListDeclarationsResponse* response) {
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kOfficer); !allowed.ok()) {
    return FinishNow(call, allowed);
  }
  absl::StatusOr<DeclarationIndex::Page> page =
      context_.backend->index().List(request->filter(), request->page());
  if (!page.ok()) return FinishNow(call, ToGrpcStatus(page.status()));
  absl::Status read =
      ReadListedDecisions(context_.backend->store_access(), page->entries, response);
  if (!read.ok()) return FinishNow(call, ToGrpcStatus(read));
  response->set_next_page_token(std::move(page->next_page_token));
  return FinishNow(call, grpc::Status::OK);
}

grpc::ServerUnaryReactor* OfficerServiceImpl::Dispose(grpc::CallbackServerContext* call,
                                                      const v1::Disposition* disposition,
                                                      v1::Decision* decision) {
  std::string officer;
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kOfficer, &officer);
      !allowed.ok()) {
    return FinishNow(call, allowed);
  }
  v1::Event event;
  *event.mutable_disposition() = *disposition;
  if (grpc::Status recorded =
          RecordOfficer(context_.policy.enforced(), officer, event.mutable_disposition());
      !recorded.ok()) {
    return FinishNow(call, recorded);
  }
  if (absl::Status admitted = AdmitEvent(event, Role::kOfficer); !admitted.ok()) {
    return FinishNow(call, ToGrpcStatus(admitted));
  }
  grpc::ServerUnaryReactor* reactor = call->DefaultReactor();
  SubmitForDecision(*context_.backend, std::move(event), call, reactor, decision);
  return reactor;
}

}  // namespace gatekeeper::gateway
