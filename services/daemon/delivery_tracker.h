// The published position of the outbox: the highest sequence such that Kafka
// has acknowledged every output record up to it. The producer acknowledges
// records of different partitions out of order, so acknowledgements ahead of a
// gap are held until it closes.
//
//   DeliveryTracker tracker(/*published_sequence=*/41);   // from the store
//   after a restart tracker.Sent(42); tracker.Sent(43);
//   tracker.Acknowledged(43);   // published_sequence() is still 41
//   tracker.Acknowledged(42);   // now 43
//
// Memory is bounded by the records in flight (sent, not acknowledged), which
// the daemon bounds with its outbox backlog.
#ifndef GATEKEEPER_SERVICES_DAEMON_DELIVERY_TRACKER_H_
#define GATEKEEPER_SERVICES_DAEMON_DELIVERY_TRACKER_H_

#include <cstdint>

#include "absl/container/btree_set.h"

namespace gatekeeper::daemon {

class DeliveryTracker {
 public:
  explicit DeliveryTracker(uint64_t published_sequence)
      : published_sequence_(published_sequence),
        sent_sequence_(published_sequence) {}

  // The record with `sequence` was handed to the producer.
  // REQUIRES: sequence == sent_sequence() + 1 (records are sent in sequence
  // order).
  void Sent(uint64_t sequence);

  // Kafka acknowledged the record with `sequence`. Acknowledgements of records
  // already counted as published (a duplicate report) are ignored. REQUIRES:
  // sequence <= sent_sequence().
  void Acknowledged(uint64_t sequence);

  uint64_t published_sequence() const { return published_sequence_; }
  uint64_t sent_sequence() const { return sent_sequence_; }
  // Sent and not yet acknowledged.
  uint64_t in_flight() const { return sent_sequence_ - published_sequence_; }

 private:
  uint64_t published_sequence_;
  uint64_t sent_sequence_;
  // Acknowledged sequences above published_sequence_, waiting for the gap below
  // to close.
  absl::btree_set<uint64_t> acknowledged_ahead_;
};

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_DELIVERY_TRACKER_H_
