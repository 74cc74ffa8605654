// LicensingService.ApplyStream: applies a client stream of licensing events in order,
// each through the one durable pipeline, and answers with a summary once every event the
// client sent is durable or refused.
//
// Order: event k+1 is queued only after event k, and the single writer applies the queue
// in order. Up to kApplyStreamWindow events of one stream are in the pipeline at once, so
// a long stream shares group commits instead of paying one fsync per event; beyond it the
// stream stops reading (gRPC flow control then slows the client). When the queue is full
// the stream waits for room (bounded by the call's deadline, at most 30 s) rather than
// skipping an event.
//
// An event that is malformed, meant for another service, or refused by the engine is
// counted in `refused` and listed in `errors` (the first 100, in stream order); the stream
// goes on. An event that could not be applied for a passing reason (the server stopping,
// the store failing, the queue full past the wait) ends the call with that status
// (UNAVAILABLE / RESOURCE_EXHAUSTED) and "send again from event K": every event before K
// was applied or refused, none from K on.
#ifndef GATEKEEPER_GATEWAY_APPLY_STREAM_H_
#define GATEKEEPER_GATEWAY_APPLY_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gatekeeper/v1/event.pb.h"
#include "gatekeeper/v1/services.pb.h"
#include "gateway/event_pipeline.h"
#include "grpcpp/support/server_callback.h"

namespace gatekeeper::gateway {

inline constexpr size_t kApplyStreamWindow = 256;
inline constexpr size_t kApplyStreamMaxErrors = 100;

class ApplyStreamReactor final : public grpc::ServerReadReactor<v1::Event> {
 public:
  // Starts reading. `pipeline` must outlive the call; `summary` is gRPC's response.
  // `call_deadline` bounds the wait for room in a full queue.
  ApplyStreamReactor(EventPipeline& pipeline, v1::ApplyStreamSummary* summary,
                     absl::Time call_deadline);

  void OnReadDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override { delete this; }

 private:
  // What to do next, decided under the lock and done outside it.
  enum class Next { kNothing, kRead, kFinish };

  void Applied(uint64_t index, absl::StatusOr<PipelineResult> result);
  Next DecideLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void Act(Next next);
  void RefuseLocked(uint64_t index, const absl::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void FailLocked(uint64_t index, const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  EventPipeline& pipeline_;
  v1::ApplyStreamSummary* const summary_;
  const absl::Time wait_deadline_;
  // The read buffer; only touched between StartRead and the submission of its event.
  v1::Event event_;

  absl::Mutex mutex_;
  // A StartRead is outstanding.
  bool read_outstanding_ ABSL_GUARDED_BY(mutex_) = false;
  // OnReadDone is queuing the event it read: no other read may start until it is queued,
  // so events enter the pipeline in stream order.
  bool handing_over_ ABSL_GUARDED_BY(mutex_) = false;
  // The client half-closed (or the read failed).
  bool client_done_ ABSL_GUARDED_BY(mutex_) = false;
  // Submitted, awaiting their result.
  size_t in_flight_ ABSL_GUARDED_BY(mutex_) = 0;
  // The refusals with the lowest indices, at most kApplyStreamMaxErrors.
  std::map<uint64_t, v1::ApplyError> errors_ ABSL_GUARDED_BY(mutex_);
  // The first event that could not be applied for a passing reason, and why.
  std::optional<grpc::Status> failure_ ABSL_GUARDED_BY(mutex_);
  uint64_t failure_index_ ABSL_GUARDED_BY(mutex_) = 0;
  bool finished_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_APPLY_STREAM_H_
