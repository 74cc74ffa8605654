// The decision and usage records the stream processor staged, kept in memory until they are
// published: publishing a durable group then needs no seek and parse of the store's output
// log (part of PublishCommitted's 5% of the deciding thread, docs/BENCHMARKS.md). The store stays
// the source of truth: whatever the backlog does not hold (after a restart, records staged
// by the gRPC door, or when it overflowed) is read back from the output log as before.
//
//   OutputBacklog backlog(kMaxRecords);
//   backlog.Add(std::move(effects.outputs));      // after Store::Stage succeeded
//   if (const OutputRecord* r = backlog.Find(next)) Publish(*r); else ReadOutputs(...);
//   backlog.DropThrough(sent_sequence);
#ifndef GATEKEEPER_SERVICES_DAEMON_OUTPUT_BACKLOG_H_
#define GATEKEEPER_SERVICES_DAEMON_OUTPUT_BACKLOG_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "gatekeeper/internal/records.pb.h"

namespace gatekeeper::daemon {

class OutputBacklog {
 public:
  explicit OutputBacklog(size_t max_records) : max_records_(max_records) {}

  // Adds records with consecutive sequences. Records that do not follow the last one held
  // (something else staged in between) or would exceed the bound replace what is held:
  // the held ones are then read back from the store instead.
  void Add(std::vector<internal::OutputRecord>&& records);
  // The held record with `sequence`, or nullptr.
  const internal::OutputRecord* Find(uint64_t sequence) const;
  // Forgets every record with a sequence up to and including `sequence`.
  void DropThrough(uint64_t sequence);
  size_t size() const { return records_.size(); }

 private:
  size_t max_records_;
  // Consecutive sequences, oldest first.
  std::deque<internal::OutputRecord> records_;
};

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_OUTPUT_BACKLOG_H_
