#include "services/daemon/daemon_metrics.h"

#include "absl/strings/str_cat.h"

namespace gatekeeper::daemon {

void DaemonMetrics::CountDeadLetter(absl::string_view reason) {
  if (reason == "undecodable") {
    ++dead_letters_undecodable;
  } else if (reason == "oversized") {
    ++dead_letters_oversized;
  } else if (reason == "refused") {
    ++dead_letters_refused;
  } else if (reason == "not-admitted") {
    ++dead_letters_not_admitted;
  } else {
    ++dead_letters_internal;
  }
}

MetricsReporter::MetricsReporter() : last_at_(std::chrono::steady_clock::now()) {}

std::string MetricsReporter::Line(const DaemonMetrics& m) {
  auto now = std::chrono::steady_clock::now();
  double seconds = std::chrono::duration<double>(now - last_at_).count();
  uint64_t rate = seconds > 0
                      ? static_cast<uint64_t>(
                            static_cast<double>(m.records_consumed - last_consumed_) / seconds)
                      : 0;
  last_consumed_ = m.records_consumed;
  last_at_ = now;
  uint64_t avg_batch = m.record_batches == 0 ? 0 : m.committed_records / m.record_batches;
  return absl::StrCat(
      "gatekeeperd: consumed=", m.records_consumed, " (", rate, "/s) skipped=", m.records_skipped,
      " duplicates=", m.duplicates, " decisions=", m.decisions, " usage=", m.usage_records,
      " deadletters=", m.dead_letters(), " (undecodable=", m.dead_letters_undecodable,
      " oversized=", m.dead_letters_oversized, " refused=", m.dead_letters_refused,
      " not_admitted=", m.dead_letters_not_admitted, " internal=", m.dead_letters_internal,
      ") too_large_outputs=(summarized=", m.outputs_summarized,
      " deadlettered=", m.outputs_dead_lettered, " dropped=", m.outputs_dropped,
      ") dropped_deadletters=", m.dead_letters_dropped, " commits=", m.commits,
      " avg_batch=", avg_batch, " max_batch=", m.max_batch_records, " backlog=", m.backlog,
      " published=", m.published_sequence, " paused=", m.paused ? "yes" : "no",
      " pauses=", m.pauses);
}

}  // namespace gatekeeper::daemon
