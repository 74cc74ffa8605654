// gk-loadgen watch --brokers B [--group gatekeeperd] [--decisions-topic T]
//                  [--expect N] [--idle-ms N] [--timeout-s N]
//
// Reads the decisions topic from the beginning and prints a progress line every
// second: decisions per second, how many declarations are currently cleared,
// held, rejected or otherwise, and the daemon group's lag on the input topics.
// Stops once --expect decisions arrived, or once the lag is 0 and no decision
// arrived for --idle-ms (default 2000), or after --timeout-s (default 600);
// then prints a summary by status and by reason code over each declaration's
// latest decision.
#include <chrono>
#include <iostream>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "tools/loadgen/commands.h"
#include "tools/loadgen/group_lag.h"
#include "tools/loadgen/output_records.h"
#include "tools/loadgen/topic_reader.h"

namespace gatekeeper::loadgen {
namespace {

using Clock = std::chrono::steady_clock;

struct Latest {
  uint64_t sequence = 0;
  v1::DeclarationStatus status = v1::DECLARATION_STATUS_UNSPECIFIED;
  std::vector<v1::ReasonCode> reasons;
};

class Tally {
 public:
  void Add(const v1::Decision& decision) {
    ++records_;
    Latest& latest = latest_[decision.mrn()];
    if (decision.sequence() <= latest.sequence)
      return;  // a re-sent or older decision
    if (latest.sequence != 0) --by_status_[latest.status];
    latest.sequence = decision.sequence();
    latest.status = decision.status();
    latest.reasons.clear();
    for (const v1::ItemDecision& item : decision.items()) {
      for (const v1::Reason& reason : item.reasons())
        latest.reasons.push_back(reason.code());
    }
    ++by_status_[latest.status];
  }

  uint64_t records() const { return records_; }
  int64_t count(v1::DeclarationStatus status) const {
    auto it = by_status_.find(status);
    return it == by_status_.end() ? 0 : it->second;
  }
  int64_t others() const {
    return static_cast<int64_t>(latest_.size()) - count(v1::CLEARED) -
           count(v1::HELD) - count(v1::REJECTED);
  }

  void PrintSummary(std::ostream& out) const {
    out << absl::StrFormat("\n== %d decision records, %d declarations ==\n",
                           records_, latest_.size());
    out << "by current status:\n";
    for (const auto& [status, count] : by_status_) {
      if (count == 0) continue;
      out << absl::StrFormat("  %-22s %9d\n",
                             v1::DeclarationStatus_Name(status), count);
    }
    // A declaration counts once per reason code its latest decision carries.
    std::map<std::string, int64_t> by_reason;
    for (const auto& [mrn, latest] : latest_) {
      std::map<std::string, bool> seen;
      for (v1::ReasonCode code : latest.reasons)
        seen[v1::ReasonCode_Name(code)] = true;
      for (const auto& [name, unused] : seen) ++by_reason[name];
    }
    out << "by reason code (declarations whose latest decision has it):\n";
    if (by_reason.empty()) out << "  (none)\n";
    for (const auto& [name, count] : by_reason) {
      out << absl::StrFormat("  %-22s %9d\n", name, count);
    }
  }

 private:
  uint64_t records_ = 0;
  absl::flat_hash_map<std::string, Latest> latest_;
  std::map<v1::DeclarationStatus, int64_t> by_status_;
};

}  // namespace

int RunWatch(CommandFlags& flags) {
  const std::string brokers = flags.String("brokers", "");
  const std::string group = flags.String("group", "gatekeeperd");
  const std::string decisions_topic =
      flags.String("decisions-topic", "gatekeeper.decisions");
  const std::string declarations_topic =
      flags.String("declarations-topic", "gatekeeper.declarations");
  const std::string licensing_topic =
      flags.String("licensing-topic", "gatekeeper.licensing");
  absl::StatusOr<int64_t> expect = flags.Int("expect", 0);
  absl::StatusOr<int64_t> idle_ms = flags.Int("idle-ms", 2000);
  absl::StatusOr<int64_t> timeout_s = flags.Int("timeout-s", 600);
  for (const absl::Status& status :
       {expect.status(), idle_ms.status(), timeout_s.status(),
        flags.CheckAllUsed()}) {
    if (!status.ok()) {
      std::cerr << "gk-loadgen watch: " << status.message() << "\n";
      return 64;
    }
  }
  if (brokers.empty()) {
    std::cerr << "gk-loadgen watch: --brokers is required\n";
    return 64;
  }
  auto reader =
      TopicReader::Create(brokers, decisions_topic, /*from_beginning=*/true);
  auto probe =
      LagProbe::Create(brokers, group, {declarations_topic, licensing_topic});
  if (!reader.ok() || !probe.ok()) {
    std::cerr << "gk-loadgen watch: "
              << (reader.ok() ? probe.status().message()
                              : reader.status().message())
              << "\n";
    return 1;
  }

  Tally tally;
  const Clock::time_point start = Clock::now();
  Clock::time_point last_decision_at = start;
  Clock::time_point last_line_at = start;
  uint64_t records_at_last_line = 0;
  bool done = false;
  while (!done) {
    absl::StatusOr<std::optional<TopicRecord>> record = (*reader)->Poll(100);
    if (!record.ok()) {
      std::cerr << "gk-loadgen watch: " << record.status().message() << "\n";
      return 1;
    }
    if (record->has_value()) {
      absl::StatusOr<v1::Decision> decision = DecodeDecisionRecord(**record);
      if (decision.ok()) {
        tally.Add(*decision);
        last_decision_at = Clock::now();
      } else {
        std::cerr << "gk-loadgen watch: " << decision.status().message()
                  << "\n";
      }
    }
    const Clock::time_point now = Clock::now();
    if (now - last_line_at < std::chrono::seconds(1)) continue;
    absl::StatusOr<int64_t> lag = (*probe)->Lag();
    double seconds = std::chrono::duration<double>(now - last_line_at).count();
    std::cout << absl::StrFormat(
                     "%6.1fs  decisions %8d (%6.0f/s)  cleared %7d  held %7d  "
                     "rejected %6d  "
                     "other %6d  lag %s",
                     std::chrono::duration<double>(now - start).count(),
                     tally.records(),
                     (tally.records() - records_at_last_line) / seconds,
                     tally.count(v1::CLEARED), tally.count(v1::HELD),
                     tally.count(v1::REJECTED), tally.others(),
                     lag.ok() ? std::to_string(*lag) : "?")
              << std::endl;
    last_line_at = now;
    records_at_last_line = tally.records();
    bool expected =
        *expect > 0 && tally.records() >= static_cast<uint64_t>(*expect);
    bool idle = *expect == 0 && tally.records() > 0 && lag.ok() && *lag == 0 &&
                now - last_decision_at >= std::chrono::milliseconds(*idle_ms);
    bool timed_out = now - start >= std::chrono::seconds(*timeout_s);
    done = expected || idle || timed_out;
    if (timed_out && !expected && !idle) {
      std::cerr << "gk-loadgen watch: stopped after " << *timeout_s << " s\n";
    }
  }
  tally.PrintSummary(std::cout);
  return 0;
}

}  // namespace gatekeeper::loadgen
