#include "gateway/licensing_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gateway/apply_stream.h"
#include "gateway/event_admission.h"
#include "gateway/page_token.h"
#include "gateway/status_conversion.h"
#include "gateway/watch_stream.h"

namespace gatekeeper::gateway {
namespace {

grpc::ServerUnaryReactor* FinishNow(grpc::CallbackServerContext* call, grpc::Status status) {
  grpc::ServerUnaryReactor* reactor = call->DefaultReactor();
  reactor->Finish(std::move(status));
  return reactor;
}

// One page of a licence's usage records: NotFound for an unknown licence; the token is the
// last sequence of the page when more records follow.
absl::Status ReadUsagePage(const StoreAccess& access, const v1::ListUsageRequest& request,
                           v1::ListUsageResponse* response) {
  if (request.licence_id().empty()) {
    return absl::InvalidArgumentError("licenceId: empty");
  }
  absl::StatusOr<size_t> page_size = ResolvePageSize(request.page());
  if (!page_size.ok()) return page_size.status();
  uint64_t after_sequence = 0;
  if (!request.page().page_token().empty()) {
    absl::StatusOr<uint64_t> decoded = DecodeUsagePageToken(request.page().page_token());
    if (!decoded.ok()) return decoded.status();
    after_sequence = *decoded;
  }
  absl::StatusOr<std::vector<v1::UsageRecord>> usage =
      access.Read([&](const storage::Store& store) -> absl::StatusOr<std::vector<v1::UsageRecord>> {
        if (store.FindLicence(request.licence_id()) == nullptr) {
          return absl::NotFoundError(absl::StrCat("no licence ", request.licence_id()));
        }
        // One more than the page, to know whether another page follows.
        return store.ReadUsage(request.licence_id(), after_sequence, *page_size + 1);
      });
  if (!usage.ok()) return usage.status();
  const bool more = usage->size() > *page_size;
  if (more) usage->resize(*page_size);
  for (v1::UsageRecord& record : *usage) *response->add_usage() = std::move(record);
  if (more) {
    response->set_next_page_token(EncodeUsagePageToken(response->usage().rbegin()->sequence()));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* LicensingServiceImpl::Apply(grpc::CallbackServerContext* call,
                                                      const v1::Event* event,
                                                      v1::ApplyResponse* response) {
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kLicensing); !allowed.ok()) {
    return FinishNow(call, allowed);
  }
  if (absl::Status admitted = AdmitEvent(*event, Role::kLicensing); !admitted.ok()) {
    return FinishNow(call, ToGrpcStatus(admitted));
  }
  grpc::ServerUnaryReactor* reactor = call->DefaultReactor();
  context_.backend->pipeline().Submit(*event,
                                      [reactor, response](absl::StatusOr<PipelineResult> result) {
                                        if (!result.ok()) {
                                          reactor->Finish(ToGrpcStatus(result.status()));
                                          return;
                                        }
                                        response->set_duplicate(result->duplicate);
                                        for (std::string& id : result->licence_ids)
                                          response->add_licence_ids(std::move(id));
                                        reactor->Finish(grpc::Status::OK);
                                      });
  return reactor;
}

grpc::ServerReadReactor<v1::Event>* LicensingServiceImpl::ApplyStream(
    grpc::CallbackServerContext* call, v1::ApplyStreamSummary* summary) {
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kLicensing); !allowed.ok()) {
    class Refused final : public grpc::ServerReadReactor<v1::Event> {
     public:
      explicit Refused(grpc::Status status) { Finish(std::move(status)); }
      void OnDone() override { delete this; }
    };
    return new Refused(allowed);
  }
  return new ApplyStreamReactor(context_.backend->pipeline(), summary,
                                absl::FromChrono(call->deadline()));
}

grpc::ServerUnaryReactor* LicensingServiceImpl::GetLicence(grpc::CallbackServerContext* call,
                                                           const v1::GetLicenceRequest* request,
                                                           v1::LicenceView* view) {
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kLicensing); !allowed.ok()) {
    return FinishNow(call, allowed);
  }
  if (request->licence_id().empty()) {
    return FinishNow(call, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "licenceId: empty"));
  }
  absl::StatusOr<v1::LicenceView> found = context_.backend->store_access().Read(
      [&](const storage::Store& store) { return store.GetLicenceView(request->licence_id()); });
  if (!found.ok()) return FinishNow(call, ToGrpcStatus(found.status()));
  *view = *std::move(found);
  return FinishNow(call, grpc::Status::OK);
}

grpc::ServerUnaryReactor* LicensingServiceImpl::ListUsage(grpc::CallbackServerContext* call,
                                                          const v1::ListUsageRequest* request,
                                                          v1::ListUsageResponse* response) {
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kLicensing); !allowed.ok()) {
    return FinishNow(call, allowed);
  }
  return FinishNow(
      call, ToGrpcStatus(ReadUsagePage(context_.backend->store_access(), *request, response)));
}

grpc::ServerWriteReactor<v1::UsageRecord>* LicensingServiceImpl::WatchUsage(
    grpc::CallbackServerContext* call, const v1::WatchUsageRequest* request) {
  if (grpc::Status allowed = context_.policy.Authorize(*call, Role::kLicensing); !allowed.ok()) {
    return new RefusedStream<v1::UsageRecord>(allowed);
  }
  WatchSelect<v1::UsageRecord> select =
      [licence =
           request->licence_id()](const internal::OutputRecord& record) -> const v1::UsageRecord* {
    if (!record.has_usage()) return nullptr;
    if (!licence.empty() && record.usage().licence_id() != licence) return nullptr;
    return &record.usage();
  };
  return WatchStream<v1::UsageRecord>::Start(context_, request->after_sequence(),
                                             std::move(select));
}

}  // namespace gatekeeper::gateway
