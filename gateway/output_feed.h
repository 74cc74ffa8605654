// The committed output log (decisions and usage records by sequence) as seen by the
// gateway's watch streams: a bounded ring of the most recent records, the store behind it
// for older ones, and live fan-out of newly committed records to subscribers.
//
// The writer calls Publish() after each commit with the group's records (consecutive
// sequences). Publish only appends to the ring and wakes the fan-out thread, so neither
// the number of subscribers nor their speed ever slows the writer. The fan-out thread
// hands every record, in sequence order, to each live listener; a listener buffers what it
// needs and must not block.
//
// Resume without gap or duplicate: a subscriber reads ReadAfter(cursor) page by page (the
// ring, else the store) until it has caught up, then Follow(listener, cursor) makes it
// live atomically: it succeeds only when no record after `cursor` has been fanned out yet,
// and from then on the listener receives every record fanned out after `cursor`.
//
// Bounds: the ring holds at most ring_capacity_records; when the fan-out thread falls
// that far behind the writer (it should not: listeners do not block), records are evicted
// unseen and every live listener is told it lost the thread (OnLost(false)); its client
// resumes from its last sequence.
#ifndef GATEKEEPER_GATEWAY_OUTPUT_FEED_H_
#define GATEKEEPER_GATEWAY_OUTPUT_FEED_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "gatekeeper/internal/records.pb.h"

namespace gatekeeper::gateway {

using RecordPtr = std::shared_ptr<const internal::OutputRecord>;

class OutputFeed {
 public:
  struct Options {
    // Recent records kept in memory for subscribers that resume or lag a little.
    size_t ring_capacity_records = 16384;
  };

  // Reads committed records after `after_sequence`, at most `max_records`, from the
  // store. Called from subscriber threads; must be thread-safe.
  using StoreReader = absl::AnyInvocable<absl::StatusOr<std::vector<internal::OutputRecord>>(
      uint64_t after_sequence, size_t max_records) const>;

  class Listener {
   public:
    virtual ~Listener() = default;
    // Consecutive records just fanned out. Called on the fan-out thread only, in sequence
    // order; must not block. Returning false unsubscribes the listener.
    virtual bool OnRecords(absl::Span<const RecordPtr> records) = 0;
    // The listener was unsubscribed by the feed: it is closing (server shutdown), or the
    // ring overflowed before the listener saw its records. Called once, on any thread.
    virtual void OnLost(bool closing) = 0;
  };

  // `committed_sequence`: the last sequence already in the store (0 when empty).
  OutputFeed(Options options, uint64_t committed_sequence, StoreReader store_reader);
  // Closes the feed and joins the fan-out thread.
  ~OutputFeed();

  OutputFeed(const OutputFeed&) = delete;
  OutputFeed& operator=(const OutputFeed&) = delete;

  // The writer, after a commit: appends to the ring and wakes the fan-out thread. False
  // (nothing done) after Close(). REQUIRES: records[0].sequence() ==
  // committed_sequence() + 1 and consecutive sequences.
  bool Publish(std::vector<internal::OutputRecord> records);

  // Records after `after_sequence`, at most `max_records`, up to what was fanned out.
  // Empty when there is nothing newer yet; Unavailable after Close().
  absl::StatusOr<std::vector<RecordPtr>> ReadAfter(uint64_t after_sequence, size_t max_records);

  // Makes `listener` live if nothing after `cursor` was fanned out yet (it then receives
  // every later record, and those <= cursor are its own to skip). False: read more first
  // (after Close(), ReadAfter then says Unavailable).
  bool Follow(std::shared_ptr<Listener> listener, uint64_t cursor);
  // Unsubscribes; the listener may still get one OnRecords already under way.
  void Unfollow(const Listener* listener);

  // Last sequence the writer published (committed).
  uint64_t committed_sequence() const;
  // Last sequence handed to live listeners.
  uint64_t fanned_out_sequence() const;
  size_t listener_count() const;

  // Stops fan-out: every live listener gets OnLost(true); later Follow/ReadAfter fail.
  void Close();

 private:
  void FanOutLoop();
  // Appends ring entries after `after_sequence` up to `last_sequence`; false when records
  // after `after_sequence` were already evicted from the ring.
  bool CopyFromRing(uint64_t after_sequence, uint64_t last_sequence, size_t max_records,
                    std::vector<RecordPtr>* out) const ABSL_SHARED_LOCKS_REQUIRED(mutex_);

  const Options options_;
  StoreReader store_reader_;

  mutable absl::Mutex mutex_;
  std::deque<RecordPtr> ring_ ABSL_GUARDED_BY(mutex_);
  // Sequence of the last record evicted from the ring (or the store's last sequence at
  // start): the ring holds everything after it.
  uint64_t ring_floor_sequence_ ABSL_GUARDED_BY(mutex_);
  uint64_t committed_sequence_ ABSL_GUARDED_BY(mutex_);
  uint64_t fanned_out_sequence_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::shared_ptr<Listener>> listeners_ ABSL_GUARDED_BY(mutex_);
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread fan_out_thread_;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_OUTPUT_FEED_H_
