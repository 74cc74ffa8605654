#include "gateway/output_feed.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "services/common/check.h"

namespace gatekeeper::gateway {
namespace {

// Records handed to the listeners in one round of the fan-out thread.
constexpr size_t kFanOutBatchRecords = 1024;

}  // namespace

OutputFeed::OutputFeed(Options options, uint64_t committed_sequence, StoreReader store_reader)
    : options_(options),
      store_reader_(std::move(store_reader)),
      ring_floor_sequence_(committed_sequence),
      committed_sequence_(committed_sequence),
      fanned_out_sequence_(committed_sequence) {
  GK_CHECK(options_.ring_capacity_records > 0);
  fan_out_thread_ = std::thread([this] { FanOutLoop(); });
}

OutputFeed::~OutputFeed() {
  Close();
  fan_out_thread_.join();
}

bool OutputFeed::Publish(std::vector<internal::OutputRecord> records) {
  absl::MutexLock lock(&mutex_);
  if (closed_) return false;
  for (internal::OutputRecord& record : records) {
    GK_CHECK(record.sequence() == committed_sequence_ + 1);
    committed_sequence_ = record.sequence();
    ring_.push_back(std::make_shared<const internal::OutputRecord>(std::move(record)));
  }
  while (ring_.size() > options_.ring_capacity_records) {
    ring_floor_sequence_ = ring_.front()->sequence();
    ring_.pop_front();
  }
  return true;
}

bool OutputFeed::CopyFromRing(uint64_t after_sequence, uint64_t last_sequence, size_t max_records,
                              std::vector<RecordPtr>* out) const {
  if (after_sequence < ring_floor_sequence_) return false;
  auto it = std::upper_bound(
      ring_.begin(), ring_.end(), after_sequence,
      [](uint64_t sequence, const RecordPtr& record) { return sequence < record->sequence(); });
  for (; it != ring_.end() && out->size() < max_records; ++it) {
    if ((*it)->sequence() > last_sequence) break;
    out->push_back(*it);
  }
  return true;
}

absl::StatusOr<std::vector<RecordPtr>> OutputFeed::ReadAfter(uint64_t after_sequence,
                                                             size_t max_records) {
  uint64_t last_sequence = 0;
  {
    absl::ReaderMutexLock lock(&mutex_);
    if (closed_) {
      return absl::UnavailableError("the server is shutting down");
    }
    last_sequence = fanned_out_sequence_;
    std::vector<RecordPtr> out;
    if (after_sequence >= last_sequence) return out;
    if (CopyFromRing(after_sequence, last_sequence, max_records, &out)) return out;
  }
  absl::StatusOr<std::vector<internal::OutputRecord>> stored =
      store_reader_(after_sequence, max_records);
  if (!stored.ok()) return stored.status();
  std::vector<RecordPtr> out;
  out.reserve(stored->size());
  for (internal::OutputRecord& record : *stored) {
    if (record.sequence() > last_sequence) break;
    out.push_back(std::make_shared<const internal::OutputRecord>(std::move(record)));
  }
  return out;
}

bool OutputFeed::Follow(std::shared_ptr<Listener> listener, uint64_t cursor) {
  absl::MutexLock lock(&mutex_);
  if (closed_ || cursor < fanned_out_sequence_) return false;
  listeners_.push_back(std::move(listener));
  return true;
}

void OutputFeed::Unfollow(const Listener* listener) {
  absl::MutexLock lock(&mutex_);
  std::erase_if(listeners_, [listener](const std::shared_ptr<Listener>& candidate) {
    return candidate.get() == listener;
  });
}

uint64_t OutputFeed::committed_sequence() const {
  absl::ReaderMutexLock lock(&mutex_);
  return committed_sequence_;
}

uint64_t OutputFeed::fanned_out_sequence() const {
  absl::ReaderMutexLock lock(&mutex_);
  return fanned_out_sequence_;
}

size_t OutputFeed::listener_count() const {
  absl::ReaderMutexLock lock(&mutex_);
  return listeners_.size();
}

void OutputFeed::Close() {
  absl::MutexLock lock(&mutex_);
  closed_ = true;
}

void OutputFeed::FanOutLoop() {
  while (true) {
    std::vector<RecordPtr> batch;
    std::vector<std::shared_ptr<Listener>> listeners;
    bool overflowed = false;
    {
      absl::MutexLock lock(&mutex_);
      auto work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
        return closed_ || committed_sequence_ > fanned_out_sequence_;
      };
      mutex_.Await(absl::Condition(&work));
      if (closed_) break;
      overflowed =
          !CopyFromRing(fanned_out_sequence_, committed_sequence_, kFanOutBatchRecords, &batch);
      // Advanced before the listeners are called, so that a Follow() from now on (which
      // this round's listener snapshot does not include) must have read this batch.
      fanned_out_sequence_ = overflowed ? committed_sequence_ : batch.back()->sequence();
      if (overflowed) {
        listeners.swap(listeners_);
      } else {
        listeners = listeners_;
      }
    }
    if (overflowed) {
      for (const std::shared_ptr<Listener>& listener : listeners) listener->OnLost(false);
      continue;
    }
    std::vector<const Listener*> finished;
    for (const std::shared_ptr<Listener>& listener : listeners) {
      if (!listener->OnRecords(batch)) finished.push_back(listener.get());
    }
    for (const Listener* listener : finished) Unfollow(listener);
  }
  // Closed: whoever was still following is told once, outside the lock.
  std::vector<std::shared_ptr<Listener>> remaining;
  {
    absl::MutexLock lock(&mutex_);
    remaining.swap(listeners_);
  }
  for (const std::shared_ptr<Listener>& listener : remaining) listener->OnLost(true);
}

}  // namespace gatekeeper::gateway
