#include "services/daemon/delivery_tracker.h"

#include "services/common/check.h"

namespace gatekeeper::daemon {

void DeliveryTracker::Sent(uint64_t sequence) {
  GK_CHECK(sequence == sent_sequence_ + 1);
  sent_sequence_ = sequence;
}

void DeliveryTracker::Acknowledged(uint64_t sequence) {
  GK_CHECK(sequence <= sent_sequence_);
  if (sequence <= published_sequence_) return;
  if (sequence != published_sequence_ + 1) {
    acknowledged_ahead_.insert(sequence);
    return;
  }
  published_sequence_ = sequence;
  // Close the gap: absorb every acknowledgement that is now contiguous.
  while (!acknowledged_ahead_.empty() && *acknowledged_ahead_.begin() == published_sequence_ + 1) {
    published_sequence_ = *acknowledged_ahead_.begin();
    acknowledged_ahead_.erase(acknowledged_ahead_.begin());
  }
  GK_CHECK(published_sequence_ <= sent_sequence_);
}

}  // namespace gatekeeper::daemon
