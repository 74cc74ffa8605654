// gatekeeperd's counters, reported as one line on stderr every few seconds and
// at exit:
//
//   gatekeeperd: consumed=120000 (4012/s) skipped=0 duplicates=310 decisions=98012
//     usage=140220 deadletters=4 (undecodable=1 oversized=1 refused=1 not_admitted=1
//     internal=0) too_large_outputs=(summarized=0 deadlettered=0 dropped=0)
//     dropped_deadletters=0 commits=130 avg_batch=923 max_batch=1000 backlog=812
//     published=238231 paused=no pauses=0
//
// (one line in reality). Counters cover this process's lifetime; `published` is
// the outbox position, which survives restarts.
#ifndef GATEKEEPER_SERVICES_DAEMON_DAEMON_METRICS_H_
#define GATEKEEPER_SERVICES_DAEMON_DAEMON_METRICS_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace gatekeeper::daemon {

struct DaemonMetrics {
  // Input records read from Kafka and applied or dead-lettered.
  uint64_t records_consumed = 0;
  // Input records below the stored offset (already applied before a restart),
  // not applied.
  uint64_t records_skipped = 0;
  // Declarations whose MRN already had that version or a later one: no output.
  uint64_t duplicates = 0;
  uint64_t decisions = 0;
  uint64_t usage_records = 0;
  // Dead letters by reason.
  uint64_t dead_letters_undecodable = 0;
  uint64_t dead_letters_oversized = 0;
  uint64_t dead_letters_refused = 0;
  // An event on an input topic that does not admit its sender's role (topic_admission.h).
  uint64_t dead_letters_not_admitted = 0;
  uint64_t dead_letters_internal = 0;
  // Output records Kafka refused for their size, delivered as a summary (decisions) or as
  // a dead letter naming their sequence, or given up (no form fits: in the store only).
  uint64_t outputs_summarized = 0;
  uint64_t outputs_dead_lettered = 0;
  uint64_t outputs_dropped = 0;
  // Dead letters Kafka refused even without their value (the record stays on its topic).
  uint64_t dead_letters_dropped = 0;
  // Synced store writes; those that held input records, and how many records
  // they held.
  uint64_t commits = 0;
  uint64_t record_batches = 0;
  uint64_t committed_records = 0;
  uint64_t max_batch_records = 0;
  // Output records committed and not yet acknowledged by Kafka, and the
  // published position.
  uint64_t backlog = 0;
  uint64_t published_sequence = 0;
  bool paused = false;
  uint64_t pauses = 0;

  void CountDeadLetter(absl::string_view reason);
  uint64_t dead_letters() const {
    return dead_letters_undecodable + dead_letters_oversized + dead_letters_refused +
           dead_letters_not_admitted + dead_letters_internal;
  }
};

// Formats the metrics line, with the consumption rate since the previous line.
class MetricsReporter {
 public:
  MetricsReporter();
  std::string Line(const DaemonMetrics& metrics);

 private:
  uint64_t last_consumed_ = 0;
  std::chrono::steady_clock::time_point last_at_;
};

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_DAEMON_METRICS_H_
