#include "gateway/submission_queue.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::gateway {

SubmissionQueue::SubmissionQueue(size_t capacity) : capacity_(capacity) {}

SubmissionQueue::~SubmissionQueue() {
  Close();
  for (Submission& submission : TryPopBatch(capacity_)) {
    std::move(submission.done)(
        absl::UnavailableError("the server stopped before applying the event; send it again"));
  }
}

void SubmissionQueue::Submit(v1::Event event, PipelineDone done) {
  absl::Status refusal;
  if (!Enqueue(event, done, absl::InfinitePast(), &refusal)) {
    std::move(done)(refusal);
  }
}

void SubmissionQueue::SubmitWaiting(v1::Event event, absl::Time deadline, PipelineDone done) {
  absl::Status refusal;
  if (!Enqueue(event, done, deadline, &refusal)) {
    std::move(done)(refusal);
  }
}

bool SubmissionQueue::Enqueue(v1::Event& event, PipelineDone& done, absl::Time deadline,
                              absl::Status* refusal) {
  absl::MutexLock lock(&mutex_);
  auto has_room_or_closed = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return closed_ || queue_.size() < capacity_;
  };
  if (deadline > absl::Now()) {
    mutex_.AwaitWithDeadline(absl::Condition(&has_room_or_closed), deadline);
  }
  if (closed_) {
    *refusal = absl::UnavailableError("the server is shutting down; send again later");
    return false;
  }
  if (queue_.size() >= capacity_) {
    *refusal = absl::ResourceExhaustedError(
        absl::StrCat("the event queue is full (", capacity_,
                     " events waiting); nothing was applied, send again later"));
    return false;
  }
  queue_.push_back(Submission{std::move(event), std::move(done)});
  return true;
}

std::vector<Submission> SubmissionQueue::PopBatch(size_t max_events, absl::Duration wait) {
  std::vector<Submission> batch;
  absl::MutexLock lock(&mutex_);
  auto ready = [this]()
                   ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return closed_ || !queue_.empty(); };
  if (wait > absl::ZeroDuration()) {
    mutex_.AwaitWithTimeout(absl::Condition(&ready), wait);
  }
  while (!queue_.empty() && batch.size() < max_events) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return batch;
}

void SubmissionQueue::Close() {
  absl::MutexLock lock(&mutex_);
  closed_ = true;
}

bool SubmissionQueue::closed() const {
  absl::MutexLock lock(&mutex_);
  return closed_;
}

bool SubmissionQueue::drained() const {
  absl::MutexLock lock(&mutex_);
  return closed_ && queue_.empty();
}

size_t SubmissionQueue::size() const {
  absl::MutexLock lock(&mutex_);
  return queue_.size();
}

}  // namespace gatekeeper::gateway
