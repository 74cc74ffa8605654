// gk-loadgen bench --brokers B [--input FILE] [--mode latency|sustained]
//                  [--rate N] [--count N] [--skip N] [--mrn-year YY]
//                  [--licensing 1|0] [--group ID] [--format protobuf|json]
//                  [--timeout-s N] [--idle-ms N] [--linger-ms N] [--max-ahead N]
//                  [--fetch-wait-ms N] (+ generate's flags without --input)
//
// End-to-end latency and throughput of a running gatekeeperd, publish -> decision
// read back, both on this process's monotonic clock.
//
// The workload is --input (a JSON-lines Event file, e.g. gk-samplegen's) or, without it,
// the synthetic one of `gk-loadgen generate`. Its licensing events are published first and
// the group's lag on the licensing topic is awaited (--licensing 0 skips both, for a
// daemon that already has them). Then, by --mode:
//
//   latency    fresh lodgements only: the first declaration event of each MRN, after
//              skipping --skip of them, --count of them, offered at --rate per second
//              (0 = as fast as the producer takes them). --mrn-year YY replaces the MRN's
//              two year digits, so the same file's declarations are new MRNs to a store
//              that has already decided them. A declaration's latency runs from the
//              moment the producer accepted it to the moment its decision (key = MRN)
//              was read. Throughput = decisions / (last decision - first publish).
//
//   sustained  every customs event of the workload in order (declarations with their
//              amendments, resends, invalidations and dispositions; --count limits how
//              many), at --rate (default 0: as fast as possible). Not every event has a
//              decision of its own (a resend has none), so the run ends when the group's
//              lag on the declarations topic is 0 and no decision has arrived for
//              --idle-ms; throughput = declaration events / (last decision - first
//              publish). Latency is that of each MRN's first decision from its first
//              publish (queueing included: this is the saturated daemon).
//              --max-ahead N (0 = no limit) keeps at most N events published and not yet
//              answered by a decision: the daemon never runs dry as long as N is well above
//              what it holds in flight, and a broker that keeps only so much per partition
//              (the development broker: 5 MiB) never drops a record before it is read.
//
// --fetch-wait-ms (default 1 in latency mode, 20 in sustained) is the decision reader's
// fetch.wait.max.ms: on the development broker every decision can wait that long on its
// way back (topic_reader.h), which a latency figure must not include; a real broker answers
// a waiting fetch as soon as a record arrives.
//
// Prints a summary and one `RESULT key=value ...` line for scripts (tools/bench/run).
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/loadgen/commands.h"
#include "tools/loadgen/event_publisher.h"
#include "tools/loadgen/event_routing.h"
#include "tools/loadgen/events_file.h"
#include "tools/loadgen/group_lag.h"
#include "tools/loadgen/topic_reader.h"

namespace gatekeeper::loadgen {
namespace {

using Clock = std::chrono::steady_clock;

// Longest wait for the daemon to apply the licensing events (100,000s of licences and the
// sanctions lists through Kafka take a while on two cores).
constexpr int kLicensingWaitS = 900;

double Percentile(const std::vector<double>& sorted, double share) {
  if (sorted.empty()) return 0;
  size_t index = static_cast<size_t>(share * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

int Fail(const absl::Status& status) {
  std::cerr << "gk-loadgen bench: " << status.message() << "\n";
  return 1;
}

const std::string* MrnOf(const v1::Event& event) {
  if (event.has_declaration()) return &event.declaration().mrn();
  if (event.has_invalidation()) return &event.invalidation().mrn();
  if (event.has_disposition()) return &event.disposition().mrn();
  return nullptr;
}

}  // namespace

int RunBench(CommandFlags& flags) {
  EventPublisherOptions publisher_options;
  publisher_options.brokers = flags.String("brokers", "");
  publisher_options.json = flags.String("format", "protobuf") == "json";
  const std::string group = flags.String("group", "gatekeeperd");
  const std::string input = flags.String("input", "");
  const std::string mode = flags.String("mode", "latency");
  const std::string mrn_year = flags.String("mrn-year", "");
  absl::StatusOr<int64_t> rate = flags.Int("rate", 0);
  absl::StatusOr<int64_t> count = flags.Int("count", input.empty() ? 10000 : 0);
  absl::StatusOr<int64_t> skip = flags.Int("skip", 0);
  absl::StatusOr<int64_t> licensing = flags.Int("licensing", 1);
  absl::StatusOr<int64_t> timeout_s = flags.Int("timeout-s", 300);
  absl::StatusOr<int64_t> idle_ms = flags.Int("idle-ms", 1500);
  absl::StatusOr<int64_t> max_ahead = flags.Int("max-ahead", 0);
  absl::StatusOr<int64_t> fetch_wait_ms =
      flags.Int("fetch-wait-ms", mode == "sustained" ? kDefaultReaderFetchWaitMs : 1);
  // Latency: each declaration leaves at once. Sustained: the producer batches as a busy
  // customs system's would; this matters on the dev broker, whose fetch answers carry one
  // record batch per partition (librdkafka's mock cluster), so small batches would cap the
  // rate at which any consumer can read, gatekeeperd or not (docs/BENCHMARKS.md).
  absl::StatusOr<int64_t> linger_ms = flags.Int("linger-ms", mode == "sustained" ? 20 : 1);
  absl::StatusOr<SyntheticOptions> options = SyntheticOptionsFromFlags(flags);
  for (const absl::Status& status :
       {rate.status(), count.status(), skip.status(), licensing.status(), timeout_s.status(),
        idle_ms.status(), max_ahead.status(), fetch_wait_ms.status(), linger_ms.status(),
        options.status(), flags.CheckAllUsed()}) {
    if (!status.ok()) {
      std::cerr << "gk-loadgen bench: " << status.message() << "\n";
      return 64;
    }
  }
  const bool sustained = mode == "sustained";
  publisher_options.kafka_properties = {{"linger.ms", absl::StrCat(*linger_ms)}};
  if (publisher_options.brokers.empty() || *count < 0 || *skip < 0 || *max_ahead < 0 ||
      *fetch_wait_ms < 0 || (mode != "latency" && mode != "sustained") ||
      (!mrn_year.empty() &&
       (mrn_year.size() != 2 || !std::isdigit(mrn_year[0]) || !std::isdigit(mrn_year[1])))) {
    std::cerr << "gk-loadgen bench: --brokers is required; --mode is latency or sustained; "
                 "--count, --skip, --max-ahead and --fetch-wait-ms are not negative; "
                 "--mrn-year is two digits\n";
    return 64;
  }

  SyntheticEvents events;
  if (input.empty()) {
    // Fresh lodgements only: every event gets exactly one decision to time.
    options->declarations = static_cast<int>(std::max<int64_t>(*count, 1));
    options->duplicate_share = options->amendment_share = options->invalidation_share = 0;
    events = GenerateSyntheticEvents(*options);
  } else if (absl::Status read = ReadEventsFile(input, "gk-loadgen bench", events); !read.ok()) {
    return Fail(read);
  }

  // The customs events this run publishes, in order.
  std::vector<v1::Event> customs;
  if (sustained) {
    customs = std::move(events.customs);
    if (*count > 0 && static_cast<size_t>(*count) < customs.size()) customs.resize(*count);
  } else {
    absl::flat_hash_map<std::string, bool> seen_mrn;
    int64_t skipped = 0;
    for (v1::Event& event : events.customs) {
      if (!event.has_declaration()) continue;
      if (!seen_mrn.emplace(event.declaration().mrn(), true).second) continue;
      if (skipped < *skip) {
        ++skipped;
        continue;
      }
      if (*count > 0 && customs.size() >= static_cast<size_t>(*count)) break;
      customs.push_back(std::move(event));
    }
    if (!mrn_year.empty()) {
      for (v1::Event& event : customs) {
        std::string* mrn = event.mutable_declaration()->mutable_mrn();
        if (mrn->size() >= 2) mrn->replace(0, 2, mrn_year);
      }
    }
  }
  if (customs.empty()) return Fail(absl::InvalidArgumentError("no customs events to publish"));

  // Which MRN each event is about (index into mrn_first_sent), for latency.
  absl::flat_hash_map<std::string, size_t> index_of_mrn;
  std::vector<size_t> mrn_index_of_event(customs.size(), SIZE_MAX);
  uint64_t declaration_events = 0;
  for (size_t i = 0; i < customs.size(); ++i) {
    declaration_events += customs[i].has_declaration();
    const std::string* mrn = MrnOf(customs[i]);
    if (mrn == nullptr) continue;
    mrn_index_of_event[i] = index_of_mrn.emplace(*mrn, index_of_mrn.size()).first->second;
  }
  const size_t mrns = index_of_mrn.size();

  auto reader = TopicReader::Create(publisher_options.brokers, publisher_options.topics.decisions,
                                    /*from_beginning=*/false, static_cast<int>(*fetch_wait_ms));
  if (!reader.ok()) return Fail(reader.status());
  auto publisher = EventPublisher::Create(publisher_options);
  if (!publisher.ok()) return Fail(publisher.status());
  if (*licensing != 0 && !events.licensing.empty()) {
    for (const v1::Event& event : events.licensing) {
      if (auto route = (*publisher)->Publish(event); !route.ok()) return Fail(route.status());
    }
    if (absl::Status status = (*publisher)->Flush(); !status.ok()) return Fail(status);
    if (absl::Status status = WaitUntilConsumed(
            publisher_options.brokers, group, publisher_options.topics.licensing, kLicensingWaitS);
        !status.ok()) {
      return Fail(status);
    }
    std::cerr << "gk-loadgen bench: " << events.licensing.size()
              << " licensing events applied by group " << group << "\n";
  }

  // Per MRN: first publish, first decision read. Written by the publishing loop and the
  // reader thread under `mutex` (contention is small next to the Kafka work).
  std::mutex mutex;
  std::vector<Clock::time_point> first_sent(mrns);
  std::vector<bool> sent_flag(mrns, false);
  std::vector<Clock::time_point> first_decided(mrns);
  std::vector<bool> decided_flag(mrns, false);
  std::atomic<size_t> decided_mrns{0};
  std::atomic<uint64_t> decisions_read{0};
  std::atomic<int64_t> last_decision_ns{0};
  std::atomic<bool> stop{false};
  absl::Status reader_status;  // written by the reader thread before it sets reader_failed
  std::atomic<bool> reader_failed{false};
  std::thread reader_thread([&] {
    while (!stop.load()) {
      absl::StatusOr<std::optional<TopicRecord>> record = (*reader)->Poll(50);
      if (!record.ok()) {
        reader_status = record.status();
        reader_failed.store(true);
        return;
      }
      if (!record->has_value() || !(*record)->key.has_value()) continue;
      const Clock::time_point now = Clock::now();
      auto index = index_of_mrn.find(*(*record)->key);
      if (index == index_of_mrn.end()) continue;
      decisions_read.fetch_add(1);
      last_decision_ns.store(now.time_since_epoch().count());
      std::lock_guard<std::mutex> lock(mutex);
      if (decided_flag[index->second]) continue;
      first_decided[index->second] = now;
      decided_flag[index->second] = true;
      decided_mrns.fetch_add(1);
    }
  });
  auto stop_reader = [&] {
    stop = true;
    reader_thread.join();
  };

  const Clock::time_point start = Clock::now();
  for (size_t i = 0; i < customs.size(); ++i) {
    // Events without a decision of their own (resends) make `i - decisions_read` larger
    // than what is really unread, never smaller: the bound errs on the side of the broker.
    while (*max_ahead > 0 && i >= decisions_read.load() + static_cast<uint64_t>(*max_ahead) &&
           !reader_failed.load() && Clock::now() - start < std::chrono::seconds(*timeout_s)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (*rate > 0) {
      std::this_thread::sleep_until(
          start + std::chrono::microseconds(static_cast<int64_t>(i) * 1000000 / *rate));
    }
    if (auto route = (*publisher)->Publish(customs[i]); !route.ok()) {
      stop_reader();
      return Fail(route.status());
    }
    if (const size_t m = mrn_index_of_event[i]; m != SIZE_MAX) {
      const Clock::time_point now = Clock::now();
      std::lock_guard<std::mutex> lock(mutex);
      if (!sent_flag[m]) {
        first_sent[m] = now;
        sent_flag[m] = true;
      }
    }
  }
  const Clock::time_point published_at = Clock::now();
  if (absl::Status flushed = (*publisher)->Flush(); !flushed.ok()) {
    stop_reader();
    return Fail(flushed);
  }
  const Clock::time_point deadline = published_at + std::chrono::seconds(*timeout_s);
  if (sustained) {
    // Done when the daemon has consumed everything and the last outputs have arrived.
    absl::StatusOr<std::unique_ptr<LagProbe>> probe =
        LagProbe::Create(publisher_options.brokers, group, {publisher_options.topics.declarations});
    if (!probe.ok()) {
      stop_reader();
      return Fail(probe.status());
    }
    while (Clock::now() < deadline && !reader_failed.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      absl::StatusOr<int64_t> lag = (*probe)->Lag();
      if (!lag.ok() || *lag != 0) continue;
      const Clock::time_point last{Clock::duration(last_decision_ns.load())};
      if (decided_mrns.load() > 0 && Clock::now() - last > std::chrono::milliseconds(*idle_ms)) {
        break;
      }
    }
  } else {
    while (decided_mrns.load() < mrns && Clock::now() < deadline && !reader_failed.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  stop_reader();
  if (!reader_status.ok()) return Fail(reader_status);

  std::vector<double> latencies_ms;
  for (size_t m = 0; m < mrns; ++m) {
    if (!decided_flag[m] || !sent_flag[m]) continue;
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(first_decided[m] - first_sent[m]).count());
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const Clock::time_point last_decision{Clock::duration(last_decision_ns.load())};
  const double publish_s = std::chrono::duration<double>(published_at - start).count();
  const double total_s = std::chrono::duration<double>(last_decision - start).count();
  // Sustained: declaration events (amendments and resends are work too); latency: MRNs.
  const double done = sustained ? static_cast<double>(declaration_events)
                                : static_cast<double>(latencies_ms.size());
  const double throughput = total_s > 0 ? done / total_s : 0;
  const double p50 = Percentile(latencies_ms, 0.5);
  const double p99 = Percentile(latencies_ms, 0.99);
  const double p999 = Percentile(latencies_ms, 0.999);
  const double max = latencies_ms.empty() ? 0.0 : latencies_ms.back();
  std::cout << absl::StrFormat(
      "%s, offered %s/s: published %d customs events (%d declarations, %d MRNs) in %.2f s "
      "(%.0f/s); %d decisions read, last %.2f s after the first publish: %.0f declarations/s\n"
      "latency ms (first decision of each MRN): p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f\n",
      mode, *rate > 0 ? std::to_string(*rate) : "max", customs.size(), declaration_events, mrns,
      publish_s, customs.size() / publish_s, decisions_read.load(), total_s, throughput, p50, p99,
      p999, max);
  std::cout << absl::StrFormat(
      "RESULT mode=%s offered=%d events=%d declarations=%d mrns=%d decided_mrns=%d "
      "decisions=%d published_per_s=%.0f seconds=%.3f throughput_per_s=%.0f p50_ms=%.2f "
      "p99_ms=%.2f p999_ms=%.2f max_ms=%.2f\n",
      mode, *rate, customs.size(), declaration_events, mrns, latencies_ms.size(),
      decisions_read.load(), customs.size() / publish_s, total_s, throughput, p50, p99, p999, max);
  if (!sustained && latencies_ms.size() < mrns) {
    std::cerr << "gk-loadgen bench: only " << latencies_ms.size() << " of " << mrns
              << " decisions arrived within " << *timeout_s << " s\n";
    return 1;
  }
  return 0;
}

}  // namespace gatekeeper::loadgen
