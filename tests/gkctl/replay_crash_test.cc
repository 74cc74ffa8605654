// Contract §4: "a crash at any point never loses an applied event nor applies
// one twice", for the file door. A large generated stream is replayed by a
// gkctl child that is killed with SIGKILL at random moments and started again
// each time (resuming from its committed cursor), and the result is compared
// with an uninterrupted replay of the same file into another data directory:
// every licence's balances, every declaration's decision, the whole output log
// (decisions and usage records by sequence). `decidedAt` is the wall clock of
// each run, so it is the only field left out of the comparison.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/store.h"
#include "tests/gkctl/event_lines.h"
#include "tests/gkctl/event_stream_generator.h"
#include "tests/gkctl/gkctl_runner.h"

namespace gatekeeper::testing {
namespace {

using ::testing::HasSubstr;

constexpr int kLineCount = 20000;
constexpr uint64_t kSeed = 20250602;
constexpr int kMinKills = 24;
// Small groups: many commits, so kills land before, during and after them.
constexpr char kBatchEvents[] = "40";
// Decisions compared through `gkctl decision show`; every one of them is also
// compared in process through Store::GetDecision, the call decision show makes
// (a gkctl process per MRN would take minutes).
constexpr int kDecisionShowSample = 20;

// What must be equal between runs: the wall-clock fields cleared.
v1::Decision WithoutWallClock(v1::Decision decision) {
  decision.clear_decided_at();
  if (decision.has_disposition()) decision.mutable_disposition()->clear_decided_at();
  return decision;
}

std::string Comparable(const internal::OutputRecord& record) {
  internal::OutputRecord copy = record;
  if (copy.has_decision()) *copy.mutable_decision() = WithoutWallClock(copy.decision());
  return copy.ShortDebugString();
}

std::vector<internal::OutputRecord> AllOutputs(const storage::Store& store) {
  std::vector<internal::OutputRecord> all;
  uint64_t after = 0;
  while (true) {
    absl::StatusOr<std::vector<internal::OutputRecord>> page = store.ReadOutputs(after, 10000);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok() || page->empty()) return all;
    after = page->back().sequence();
    all.insert(all.end(), page->begin(), page->end());
  }
}

std::unique_ptr<storage::Store> OpenExisting(const std::string& data_dir) {
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::Store::Open({.data_dir = data_dir, .create_if_missing = false});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

TEST(ReplayCrashTest, KilledAndResumedReplayEndsWhereAnUninterruptedOneDoes) {
  ScratchDir scratch;
  const EventStream stream = GenerateEventStream(kLineCount, kSeed);
  const std::string file = (scratch / "events.jsonl").string();
  WriteLines(file, stream.lines);
  const std::string reference_dir = (scratch / "reference").string();
  const std::string crashed_dir = (scratch / "crashed").string();

  const auto started = std::chrono::steady_clock::now();
  const GkctlResult reference =
      RunGkctl({"replay", "--data-dir", reference_dir, "--batch-events", kBatchEvents, file});
  const auto reference_time = std::chrono::steady_clock::now() - started;
  // The stream has bad lines (malformed JSON, refused dispositions).
  ASSERT_EQ(reference.exit_status, 2) << reference.err.substr(reference.err.size() - 500);

  // Kill moments spread so that the kills together cover about half the
  // replay; then one run finishes it.
  const auto longest_wait = reference_time / (kMinKills / 2);
  uint64_t random_state = kSeed;
  auto next_wait = [&] {
    random_state = random_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return longest_wait * static_cast<double>((random_state >> 33) % 1000) / 1000.0;
  };
  std::map<uint64_t, std::string> printed;  // sequence -> decision line
  int kills = 0;
  int runs = 0;
  GkctlResult last;
  while (true) {
    ++runs;
    GkctlProcess process(
        {"replay", "--data-dir", crashed_dir, "--batch-events", kBatchEvents, file},
        scratch.path());
    const bool kill_it = kills < kMinKills;
    if (kill_it) {
      std::this_thread::sleep_for(next_wait());
      kill(process.pid(), SIGKILL);
    }
    last = process.Wait();
    // A kill can cut the line being written; the complete lines are checked.
    std::vector<std::string> lines = last.OutLines();
    if (!last.out.empty() && last.out.back() != '\n') lines.pop_back();
    // A decision is printed once its group is committed, never twice.
    for (const std::string& line : lines) {
      const v1::Decision decision = ParseDecision(line);
      EXPECT_TRUE(printed.emplace(decision.sequence(), line).second)
          << "printed twice: sequence " << decision.sequence();
    }
    if (last.exit_status == 128 + SIGKILL) {
      ++kills;
      continue;
    }
    ASSERT_THAT(last.exit_status, ::testing::AnyOf(0, 2)) << last.err;
    if (!kill_it) break;
  }
  EXPECT_GE(kills, kMinKills);
  EXPECT_THAT(last.err, HasSubstr("resuming"));
  RecordProperty("runs", runs);
  RecordProperty(
      "reference_replay_ms",
      static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(reference_time).count()));

  const GkctlResult verified = RunGkctl({"verify", "--data-dir", crashed_dir});
  EXPECT_EQ(verified.exit_status, 0) << verified.err;

  for (const std::string& licence_id : stream.licence_ids) {
    const GkctlResult expected =
        RunGkctl({"licence", "show", "--data-dir", reference_dir, licence_id});
    const GkctlResult actual = RunGkctl({"licence", "show", "--data-dir", crashed_dir, licence_id});
    ASSERT_EQ(expected.exit_status, 0) << expected.err;
    EXPECT_EQ(actual.exit_status, 0) << actual.err;
    EXPECT_EQ(actual.out, expected.out) << licence_id;
  }
  for (size_t i = 0; i < stream.mrns.size(); i += stream.mrns.size() / kDecisionShowSample + 1) {
    const std::string& mrn = stream.mrns[i];
    const GkctlResult expected = RunGkctl({"decision", "show", "--data-dir", reference_dir, mrn});
    const GkctlResult actual = RunGkctl({"decision", "show", "--data-dir", crashed_dir, mrn});
    ASSERT_EQ(expected.exit_status, 0) << expected.err;
    ASSERT_EQ(actual.exit_status, 0) << actual.err;
    EXPECT_EQ(WithoutWallClock(ParseDecision(actual.out)).ShortDebugString(),
              WithoutWallClock(ParseDecision(expected.out)).ShortDebugString());
  }

  std::unique_ptr<storage::Store> expected_store = OpenExisting(reference_dir);
  std::unique_ptr<storage::Store> actual_store = OpenExisting(crashed_dir);
  ASSERT_NE(expected_store, nullptr);
  ASSERT_NE(actual_store, nullptr);
  int decided = 0;
  for (const std::string& mrn : stream.mrns) {
    absl::StatusOr<v1::Decision> expected = expected_store->GetDecision(mrn);
    absl::StatusOr<v1::Decision> actual = actual_store->GetDecision(mrn);
    ASSERT_TRUE(expected.ok()) << mrn << ": " << expected.status();
    ASSERT_TRUE(actual.ok()) << mrn << ": " << actual.status();
    EXPECT_EQ(WithoutWallClock(*actual).ShortDebugString(),
              WithoutWallClock(*expected).ShortDebugString());
    ++decided;
  }
  EXPECT_GT(decided, kLineCount / 3);

  // The output log, record by record: nothing lost, nothing twice, same order.
  const std::vector<internal::OutputRecord> expected_log = AllOutputs(*expected_store);
  const std::vector<internal::OutputRecord> actual_log = AllOutputs(*actual_store);
  ASSERT_EQ(actual_log.size(), expected_log.size());
  std::map<v1::DeclarationStatus, int> statuses;
  for (size_t i = 0; i < expected_log.size(); ++i) {
    ASSERT_EQ(Comparable(actual_log[i]), Comparable(expected_log[i])) << "record " << i;
    if (expected_log[i].has_decision()) ++statuses[expected_log[i].decision().status()];
  }
  for (const auto& [status, count] : statuses) {
    RecordProperty(v1::DeclarationStatus_Name(status), count);
  }
  // The stream exercised every status.
  for (v1::DeclarationStatus status :
       {v1::CLEARED, v1::HELD, v1::RELEASED, v1::REFUSED, v1::INVALIDATED}) {
    EXPECT_GT(statuses[status], 0) << v1::DeclarationStatus_Name(status);
  }

  // The uninterrupted run printed every decision of its log, in order; the
  // killed runs printed only committed decisions, exactly as stored.
  std::vector<std::string> logged_decisions;
  std::map<uint64_t, const internal::OutputRecord*> actual_by_sequence;
  for (const internal::OutputRecord& record : expected_log) {
    if (record.has_decision()) logged_decisions.push_back(record.decision().ShortDebugString());
  }
  std::vector<std::string> reference_printed;
  for (const std::string& line : reference.OutLines()) {
    reference_printed.push_back(ParseDecision(line).ShortDebugString());
  }
  EXPECT_EQ(reference_printed, logged_decisions);
  for (const internal::OutputRecord& record : actual_log) {
    actual_by_sequence[record.sequence()] = &record;
  }
  for (const auto& [sequence, line] : printed) {
    ASSERT_TRUE(actual_by_sequence.contains(sequence)) << sequence;
    const internal::OutputRecord& stored = *actual_by_sequence[sequence];
    ASSERT_TRUE(stored.has_decision()) << sequence;
    EXPECT_EQ(ParseDecision(line).ShortDebugString(), stored.decision().ShortDebugString());
  }
}

}  // namespace
}  // namespace gatekeeper::testing
