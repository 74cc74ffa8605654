#include "gateway/apply_stream.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gateway/event_admission.h"

namespace gatekeeper::gateway {
namespace {

// Longest one event waits for room in a full queue.
constexpr absl::Duration kMaxQueueWait = absl::Seconds(30);

bool IsPassing(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kResourceExhausted;
}

}  // namespace

ApplyStreamReactor::ApplyStreamReactor(EventPipeline& pipeline, v1::ApplyStreamSummary* summary,
                                       absl::Time call_deadline)
    : pipeline_(pipeline), summary_(summary), wait_deadline_(call_deadline) {
  {
    absl::MutexLock lock(&mutex_);
    read_outstanding_ = true;
  }
  StartRead(&event_);
}

void ApplyStreamReactor::OnReadDone(bool ok) {
  uint64_t index = 0;
  bool submit = false;
  Next next = Next::kNothing;
  {
    absl::MutexLock lock(&mutex_);
    read_outstanding_ = false;
    if (!ok) {
      client_done_ = true;
    } else if (!failure_.has_value() && !finished_) {
      index = summary_->received() + 1;
      summary_->set_received(index);
      if (absl::Status admitted = AdmitEvent(event_, Role::kLicensing); !admitted.ok()) {
        RefuseLocked(index, admitted);
      } else {
        ++in_flight_;
        handing_over_ = true;
        submit = true;
      }
    }
    if (!submit) next = DecideLocked();
  }
  if (submit) {
    const absl::Time deadline = std::min(absl::Now() + kMaxQueueWait, wait_deadline_);
    pipeline_.SubmitWaiting(std::move(event_), deadline,
                            [this, index](absl::StatusOr<PipelineResult> result) {
                              Applied(index, std::move(result));
                            });
    event_.Clear();
    absl::MutexLock lock(&mutex_);
    handing_over_ = false;
    next = DecideLocked();
  }
  Act(next);
}

void ApplyStreamReactor::OnCancel() {
  Next next;
  {
    absl::MutexLock lock(&mutex_);
    if (!failure_.has_value()) {
      failure_ = grpc::Status(grpc::StatusCode::CANCELLED, "the stream was cancelled");
      failure_index_ = summary_->received() + 1;
    }
    next = DecideLocked();
  }
  Act(next);
}

void ApplyStreamReactor::Applied(uint64_t index, absl::StatusOr<PipelineResult> result) {
  Next next;
  {
    absl::MutexLock lock(&mutex_);
    --in_flight_;
    if (result.ok()) {
      if (result->duplicate) {
        summary_->set_duplicates(summary_->duplicates() + 1);
      } else {
        summary_->set_applied(summary_->applied() + 1);
      }
    } else if (IsPassing(result.status())) {
      FailLocked(index, result.status());
    } else {
      RefuseLocked(index, result.status());
    }
    next = DecideLocked();
  }
  Act(next);
}

ApplyStreamReactor::Next ApplyStreamReactor::DecideLocked() {
  if (finished_) return Next::kNothing;
  // Every submitted event has its result, and none is being queued: the summary is final.
  const bool settled = !handing_over_ && in_flight_ == 0;
  if (settled && (failure_.has_value() || (client_done_ && !read_outstanding_))) {
    finished_ = true;
    return Next::kFinish;
  }
  if (!handing_over_ && !failure_.has_value() && !client_done_ && !read_outstanding_ &&
      in_flight_ < kApplyStreamWindow) {
    read_outstanding_ = true;
    return Next::kRead;
  }
  return Next::kNothing;
}

void ApplyStreamReactor::Act(Next next) {
  switch (next) {
    case Next::kNothing:
      return;
    case Next::kRead:
      StartRead(&event_);
      return;
    case Next::kFinish: {
      grpc::Status status = grpc::Status::OK;
      {
        absl::MutexLock lock(&mutex_);
        if (failure_.has_value()) {
          status = *failure_;
        } else {
          for (auto& [index, error] : errors_) *summary_->add_errors() = std::move(error);
        }
      }
      // The reactor may be deleted as soon as Finish is called: nothing after it.
      Finish(std::move(status));
      return;
    }
  }
}

void ApplyStreamReactor::RefuseLocked(uint64_t index, const absl::Status& status) {
  summary_->set_refused(summary_->refused() + 1);
  if (errors_.size() >= kApplyStreamMaxErrors && index > errors_.rbegin()->first) return;
  v1::ApplyError& error = errors_[index];
  error.set_index(index);
  error.set_code(absl::StatusCodeToString(status.code()));
  error.set_message(std::string(status.message()));
  if (errors_.size() > kApplyStreamMaxErrors) errors_.erase(std::prev(errors_.end()));
}

void ApplyStreamReactor::FailLocked(uint64_t index, const absl::Status& status) {
  if (failure_.has_value() && failure_index_ <= index) return;
  failure_index_ = index;
  failure_ = grpc::Status(
      static_cast<grpc::StatusCode>(status.code()),
      absl::StrCat("event ", index, " was not applied (", status.message(), "); events ",
                   "before it were applied or refused, none after it: send again from event ",
                   index));
}

}  // namespace gatekeeper::gateway
