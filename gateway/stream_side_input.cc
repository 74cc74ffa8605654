#include "gateway/stream_side_input.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gateway/local_pipeline.h"
#include "services/codec/number_text.h"

namespace gatekeeper::gateway {

GatewaySideInput::GatewaySideInput(GatewayBackend& backend, size_t group_max_events,
                                   std::function<void(const std::string&)> report)
    : backend_(backend), group_max_events_(group_max_events), report_(std::move(report)) {}

size_t GatewaySideInput::StageQueued(storage::Store& store, const Engine& engine) {
  std::vector<Submission> batch = backend_.queue().TryPopBatch(group_max_events_);
  if (batch.empty()) return 0;
  if (applier_ == nullptr) applier_ = std::make_unique<SubmissionApplier>(engine);
  const std::string now = FormatDecidedAt(absl::Now());
  for (Submission& submission : batch) {
    applier_->Apply(std::move(submission), store, {.now = now});
  }
  return batch.size();
}

void GatewaySideInput::AfterCommit(const absl::Status& commit_status) {
  if (commit_status.ok()) {
    // Watchers and the index first, so a caller that watches right after its answer
    // finds its own decision.
    if (absl::Status published = backend_.PublishCommitted(); !published.ok() && report_) {
      report_(absl::StrCat("gatekeeperd: gRPC watchers did not get the last commit: ",
                           published.message()));
    }
  }
  if (applier_ != nullptr) applier_->Complete(commit_status);
}

void GatewaySideInput::Close() {
  backend_.Close();
  if (applier_ != nullptr) {
    applier_->Complete(absl::UnavailableError("gatekeeperd stopped before committing it"));
  }
  while (!backend_.queue().drained()) {
    for (Submission& submission : backend_.queue().TryPopBatch(group_max_events_)) {
      std::move(submission.done)(absl::UnavailableError(
          "gatekeeperd is stopping: the event was not applied; send it again"));
    }
  }
}

}  // namespace gatekeeper::gateway
