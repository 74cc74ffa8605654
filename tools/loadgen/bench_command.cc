// gk-loadgen bench --brokers B --rate N --count N [--seed S] [--exporters N]
// [--group ID]
//                  [--format protobuf|json] [--timeout-s N]
//
// End-to-end latency and throughput of a running gatekeeperd: publishes the
// synthetic licensing events (and waits until the group applied them), then
// offers --count fresh declarations at --rate per second (0 = as fast as the
// producer takes them) and reads the decisions topic. A declaration's latency
// is from the moment the producer accepted it to the moment its decision was
// read back, both on this process's monotonic clock. Throughput is declarations
// decided per second from the first publish to the last decision. Prints a
// summary and one `RESULT key=value ...` line for scripts.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "tools/loadgen/commands.h"
#include "tools/loadgen/event_publisher.h"
#include "tools/loadgen/group_lag.h"
#include "tools/loadgen/topic_reader.h"

namespace gatekeeper::loadgen {
namespace {

using Clock = std::chrono::steady_clock;

double Percentile(const std::vector<double>& sorted, double share) {
  if (sorted.empty()) return 0;
  size_t index =
      static_cast<size_t>(share * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

int Fail(const absl::Status& status) {
  std::cerr << "gk-loadgen bench: " << status.message() << "\n";
  return 1;
}

}  // namespace

int RunBench(CommandFlags& flags) {
  EventPublisherOptions publisher_options;
  publisher_options.brokers = flags.String("brokers", "");
  publisher_options.json = flags.String("format", "protobuf") == "json";
  publisher_options.kafka_properties = {{"linger.ms", "1"}};
  const std::string group = flags.String("group", "gatekeeperd");
  absl::StatusOr<int64_t> rate = flags.Int("rate", 0);
  absl::StatusOr<int64_t> count = flags.Int("count", 10000);
  absl::StatusOr<int64_t> timeout_s = flags.Int("timeout-s", 300);
  absl::StatusOr<SyntheticOptions> options = SyntheticOptionsFromFlags(flags);
  for (const absl::Status& status :
       {rate.status(), count.status(), timeout_s.status(), options.status(),
        flags.CheckAllUsed()}) {
    if (!status.ok()) {
      std::cerr << "gk-loadgen bench: " << status.message() << "\n";
      return 64;
    }
  }
  if (publisher_options.brokers.empty() || *count < 1) {
    std::cerr << "gk-loadgen bench: --brokers and a --count of at least 1 are "
                 "required\n";
    return 64;
  }
  // Fresh lodgements only: every event gets exactly one decision to time.
  options->declarations = static_cast<int>(*count);
  options->duplicate_share = options->amendment_share =
      options->invalidation_share = 0;
  SyntheticEvents events = GenerateSyntheticEvents(*options);
  absl::flat_hash_map<std::string, size_t> index_of_mrn;
  for (size_t i = 0; i < events.customs.size(); ++i) {
    index_of_mrn[events.customs[i].declaration().mrn()] = i;
  }

  auto reader = TopicReader::Create(publisher_options.brokers,
                                    publisher_options.topics.decisions,
                                    /*from_beginning=*/false);
  if (!reader.ok()) return Fail(reader.status());
  auto publisher = EventPublisher::Create(publisher_options);
  if (!publisher.ok()) return Fail(publisher.status());
  for (const v1::Event& event : events.licensing) {
    if (auto route = (*publisher)->Publish(event); !route.ok())
      return Fail(route.status());
  }
  if (absl::Status status = (*publisher)->Flush(); !status.ok())
    return Fail(status);
  auto probe = LagProbe::Create(publisher_options.brokers, group,
                                {publisher_options.topics.licensing});
  if (!probe.ok()) return Fail(probe.status());
  for (int tries = 0;; ++tries) {
    absl::StatusOr<int64_t> lag = (*probe)->Lag();
    if (lag.ok() && *lag == 0) break;
    if (tries > 600)
      return Fail(absl::DeadlineExceededError("licensing events not consumed"));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }

  const size_t total = events.customs.size();
  std::vector<Clock::time_point> sent(total);
  std::vector<Clock::time_point> received(total);
  std::vector<bool> seen(total, false);
  std::atomic<size_t> received_count{0};
  std::atomic<bool> stop{false};
  absl::Status reader_status;
  std::thread reader_thread([&] {
    while (!stop.load() && received_count.load() < total) {
      absl::StatusOr<std::optional<TopicRecord>> record = (*reader)->Poll(50);
      if (!record.ok()) {
        reader_status = record.status();
        return;
      }
      if (!record->has_value() || !(*record)->key.has_value()) continue;
      auto index = index_of_mrn.find(*(*record)->key);
      if (index == index_of_mrn.end() || seen[index->second]) continue;
      received[index->second] = Clock::now();
      seen[index->second] = true;
      received_count.fetch_add(1);
    }
  });

  const Clock::time_point start = Clock::now();
  for (size_t i = 0; i < total; ++i) {
    if (*rate > 0) {
      std::this_thread::sleep_until(
          start +
          std::chrono::microseconds(static_cast<int64_t>(i) * 1000000 / *rate));
    }
    if (auto route = (*publisher)->Publish(events.customs[i]); !route.ok()) {
      stop = true;
      reader_thread.join();
      return Fail(route.status());
    }
    sent[i] = Clock::now();
  }
  const Clock::time_point published_at = Clock::now();
  (*publisher)->Flush().IgnoreError();
  const Clock::time_point deadline =
      published_at + std::chrono::seconds(*timeout_s);
  while (received_count.load() < total && Clock::now() < deadline &&
         reader_status.ok()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop = true;
  reader_thread.join();
  if (!reader_status.ok()) return Fail(reader_status);

  std::vector<double> latencies_ms;
  Clock::time_point last_received = start;
  for (size_t i = 0; i < total; ++i) {
    if (!seen[i]) continue;
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(received[i] - sent[i])
            .count());
    last_received = std::max(last_received, received[i]);
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const double publish_s =
      std::chrono::duration<double>(published_at - start).count();
  const double total_s =
      std::chrono::duration<double>(last_received - start).count();
  const double throughput = total_s > 0 ? latencies_ms.size() / total_s : 0;
  std::cout << absl::StrFormat(
      "offered %s/s: published %d declarations in %.2f s (%.0f/s); %d "
      "decisions in %.2f s "
      "(%.0f/s)\nlatency ms: p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f\n",
      *rate > 0 ? std::to_string(*rate) : "max", total, publish_s,
      total / publish_s, latencies_ms.size(), total_s, throughput,
      Percentile(latencies_ms, 0.5), Percentile(latencies_ms, 0.99),
      Percentile(latencies_ms, 0.999),
      latencies_ms.empty() ? 0.0 : latencies_ms.back());
  std::cout << absl::StrFormat(
      "RESULT offered=%d published_per_s=%.0f decided=%d throughput_per_s=%.0f "
      "p50_ms=%.1f "
      "p99_ms=%.1f p999_ms=%.1f max_ms=%.1f\n",
      *rate, total / publish_s, latencies_ms.size(), throughput,
      Percentile(latencies_ms, 0.5), Percentile(latencies_ms, 0.99),
      Percentile(latencies_ms, 0.999),
      latencies_ms.empty() ? 0.0 : latencies_ms.back());
  if (latencies_ms.size() < total) {
    std::cerr << "gk-loadgen bench: only " << latencies_ms.size() << " of "
              << total << " decisions arrived within " << *timeout_s << " s\n";
    return 1;
  }
  return 0;
}

}  // namespace gatekeeper::loadgen
