// A bounded multi-producer, single-consumer queue of submitted events: the EventPipeline
// the gRPC services talk to, drained by one writer thread (LocalPipeline's, or the writer
// loop of gatekeeperd, which polls it with TryPopBatch between its own batches).
//
// Back-pressure, not unbounded memory: at `capacity` queued events, Submit refuses with
// ResourceExhausted and SubmitWaiting blocks until room or its deadline. After Close(),
// every new submission is refused with Unavailable; what was queued before stays queued
// for the writer to apply, so an accepted event is never dropped silently.
#ifndef GATEKEEPER_GATEWAY_SUBMISSION_QUEUE_H_
#define GATEKEEPER_GATEWAY_SUBMISSION_QUEUE_H_

#include <cstddef>
#include <deque>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gateway/event_pipeline.h"

namespace gatekeeper::gateway {

// One queued event and whom to tell once it is applied.
struct Submission {
  v1::Event event;
  PipelineDone done;
};

class SubmissionQueue final : public EventPipeline {
 public:
  // REQUIRES: capacity > 0.
  explicit SubmissionQueue(size_t capacity);
  // Completes whatever is still queued with Unavailable, so no caller waits forever.
  ~SubmissionQueue() override;

  void Submit(v1::Event event, PipelineDone done) override;
  void SubmitWaiting(v1::Event event, absl::Time deadline, PipelineDone done) override;

  // Takes up to `max_events` queued submissions in order, waiting up to `wait` for the
  // first one. Empty when nothing came in time, or when closed and drained.
  std::vector<Submission> PopBatch(size_t max_events, absl::Duration wait);
  // PopBatch without waiting: for a writer loop that polls between its own batches.
  std::vector<Submission> TryPopBatch(size_t max_events) {
    return PopBatch(max_events, absl::ZeroDuration());
  }

  // Refuses every later submission; wakes waiting producers and the consumer.
  void Close();
  bool closed() const;
  // Closed and nothing left to pop.
  bool drained() const;
  size_t size() const;
  size_t capacity() const { return capacity_; }

 private:
  // Queues the submission (moving from `event` and `done`), or returns false with the
  // reason in `refusal`; the caller then runs `done` outside the lock.
  bool Enqueue(v1::Event& event, PipelineDone& done, absl::Time deadline, absl::Status* refusal);

  const size_t capacity_;
  mutable absl::Mutex mutex_;
  std::deque<Submission> queue_ ABSL_GUARDED_BY(mutex_);
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_SUBMISSION_QUEUE_H_
