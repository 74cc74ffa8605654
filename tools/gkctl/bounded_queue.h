// A first-in first-out queue between two threads with a fixed capacity: Push
// blocks while the queue is full, so a fast producer can never run ahead of a
// slow consumer by more than `capacity` items (memory stays bounded).
//
//   BoundedQueue<Item> queue(1024);
//   producer: queue.Push(std::move(item)); ... queue.Close();
//   consumer: while (std::optional<Item> item = queue.Pop()) { ... }
#ifndef GATEKEEPER_TOOLS_GKCTL_BOUNDED_QUEUE_H_
#define GATEKEEPER_TOOLS_GKCTL_BOUNDED_QUEUE_H_

#include <cstddef>
#include <deque>
#include <optional>
#include <utility>

#include "absl/synchronization/mutex.h"

namespace gatekeeper::gkctl {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

  // Waits for room, then appends. False (and `item` dropped) once the queue is
  // closed: the consumer is gone or the work was abandoned.
  bool Push(T item) {
    absl::MutexLock lock(&mutex_);
    mutex_.Await(absl::Condition(this, &BoundedQueue::HasRoomOrClosed));
    if (closed_) return false;
    items_.push_back(std::move(item));
    return true;
  }

  // Waits for an item; nullopt once the queue is closed and empty.
  std::optional<T> Pop() {
    absl::MutexLock lock(&mutex_);
    mutex_.Await(absl::Condition(this, &BoundedQueue::HasItemOrClosed));
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

  // No more pushes; Pop drains what is queued, then returns nullopt.
  void Close() {
    absl::MutexLock lock(&mutex_);
    closed_ = true;
  }

 private:
  bool HasRoomOrClosed() const { return closed_ || items_.size() < capacity_; }
  bool HasItemOrClosed() const { return closed_ || !items_.empty(); }

  const size_t capacity_;
  absl::Mutex mutex_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace gatekeeper::gkctl

#endif  // GATEKEEPER_TOOLS_GKCTL_BOUNDED_QUEUE_H_
