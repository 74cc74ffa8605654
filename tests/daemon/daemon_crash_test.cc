// gatekeeperd killed with SIGKILL at random moments, at least 20 times, while a
// producer publishes 50,000 declarations (with duplicates, amendments and
// invalidations) into a separate gk-dev-broker. At the end:
//  * every MRN's latest decision on gatekeeper.decisions equals its decision in
//  a replay of
//    the same events in publish order (through the same engine and store as
//    gkctl replay);
//  * no sequence number carries two different records, and none is missing;
//  * the licence balances equal the replay's, and the store's invariant check
//  passes;
//  * every refused input record is on the dead-letter topic, once per source
//  offset.
//
// Each incarnation of the daemon joins a new consumer group: its read position
// lives in its store, not in Kafka, and a new group spares the test the mock
// cluster's wait for the killed member's session to expire (docs/STREAMING.md).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/engine/engine.h"
#include "storage/store.h"
#include "tools/loadgen/event_publisher.h"
#include "tools/loadgen/group_lag.h"
#include "tools/loadgen/output_records.h"
#include "tools/loadgen/synthetic_events.h"
#include "tools/loadgen/topic_reader.h"

namespace gatekeeper::daemon {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint64_t kSeed = 20261122;
constexpr int kDeclarations = 50000;
constexpr int kMinKills = 20;
// Publishing is spread over this long, so that the kills fall while records
// keep coming.
constexpr auto kPublishDuration = std::chrono::seconds(55);
// A kill comes this long after the previous start: some during recovery and the
// group join (about 3 s on the mock cluster), most while processing.
constexpr int kKillAfterMinMs = 1500;
constexpr int kKillAfterMaxMs = 6000;
// Enough partitions that no partition passes the mock cluster's ~5 MiB
// retention.
constexpr int kPartitions = 12;

struct Child {
  pid_t pid = -1;
  int stdout_fd = -1;
};

// Starts `argv` with stderr (and stdout, unless captured) appended to
// `log_path`.
Child Spawn(const std::vector<std::string>& argv, const std::string& log_path,
            bool capture_stdout) {
  int pipe_fds[2] = {-1, -1};
  if (capture_stdout && pipe(pipe_fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(log, STDERR_FILENO);
    if (capture_stdout) {
      dup2(pipe_fds[1], STDOUT_FILENO);
      close(pipe_fds[0]);
      close(pipe_fds[1]);
    } else {
      dup2(log, STDOUT_FILENO);
    }
    std::vector<char*> args;
    for (const std::string& arg : argv)
      args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  Child child{pid, -1};
  if (capture_stdout) {
    close(pipe_fds[1]);
    child.stdout_fd = pipe_fds[0];
  }
  return child;
}

std::string ReadLine(int fd, std::chrono::seconds timeout) {
  std::string line;
  const Clock::time_point deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    pollfd poll_fd{fd, POLLIN, 0};
    if (poll(&poll_fd, 1, 100) <= 0) continue;
    char c;
    if (read(fd, &c, 1) != 1) break;
    if (c == '\n') return line;
    line.push_back(c);
  }
  return line;
}

// Waits for the child; its exit status, or -1 when killed by a signal.
int Reap(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Tail(const std::string& path, size_t bytes) {
  std::ifstream file(path);
  std::string text((std::istreambuf_iterator<char>(file)),
                   std::istreambuf_iterator<char>());
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

bool WaitForLag(const std::string& brokers, const std::string& group,
                const std::vector<std::string>& topics,
                std::chrono::seconds timeout) {
  auto probe = loadgen::LagProbe::Create(brokers, group, topics);
  if (!probe.ok()) return false;
  const Clock::time_point deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    absl::StatusOr<int64_t> lag = (*probe)->Lag();
    if (lag.ok() && *lag == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

// Every record of a topic, read until caught up with its high watermarks.
std::vector<loadgen::TopicRecord> ReadAll(const std::string& brokers,
                                          const std::string& topic) {
  std::vector<loadgen::TopicRecord> records;
  auto reader =
      loadgen::TopicReader::Create(brokers, topic, /*from_beginning=*/true);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return records;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(120);
  while (Clock::now() < deadline) {
    auto record = (*reader)->Poll(200);
    EXPECT_TRUE(record.ok()) << record.status();
    if (!record.ok()) break;
    if (record->has_value()) {
      records.push_back(std::move(**record));
      continue;
    }
    absl::StatusOr<bool> caught_up = (*reader)->CaughtUp();
    if (caught_up.ok() && *caught_up) break;
  }
  return records;
}

// What a decision says, without when and in which position it was made: the
// daemon and the replay interleave the exporters' partitions differently, so
// sequences differ.
std::string Comparable(v1::Decision decision) {
  decision.clear_sequence();
  decision.clear_decided_at();
  for (v1::ItemDecision& item : *decision.mutable_items()) {
    for (v1::Reason& reason : *item.mutable_reasons()) reason.clear_score();
  }
  std::string bytes;
  decision.SerializeToString(&bytes);
  return bytes;
}

struct Replay {
  std::map<std::string, std::string> decisions;  // MRN -> Comparable(decision)
  std::map<std::string, std::string> licences;  // licence id -> serialized view
  int refused = 0;
};

void ReadStore(const storage::Store& store, const std::set<std::string>& mrns,
               Replay& out) {
  for (const std::string& mrn : mrns) {
    absl::StatusOr<v1::Decision> decision = store.GetDecision(mrn);
    if (decision.ok()) out.decisions[mrn] = Comparable(*decision);
  }
  ASSERT_TRUE(store
                  .ForEachLicenceView([&](const v1::LicenceView& view) {
                    out.licences[view.licence().licence_id()] =
                        view.SerializeAsString();
                  })
                  .ok());
}

Replay ReplayInPublishOrder(const loadgen::SyntheticEvents& events,
                            const std::string& dir,
                            const std::set<std::string>& mrns) {
  Replay replay;
  auto store = storage::Store::Open({.data_dir = dir, .sync = false});
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return replay;
  Engine engine(EngineOptions{});
  int staged = 0;
  for (const auto* list : {&events.licensing, &events.customs}) {
    for (const v1::Event& event : *list) {
      absl::StatusOr<LedgerEffects> effects =
          engine.Apply(event, **store, {.now = "2026-11-22T00:00:00.000Z"});
      if (!effects.ok()) {
        ++replay.refused;
        continue;
      }
      EXPECT_TRUE((*store)->Stage(*effects).ok());
      if (++staged % 1000 == 0) {
        EXPECT_TRUE((*store)->Commit().ok());
      }
    }
  }
  EXPECT_TRUE((*store)->Commit().ok());
  ReadStore(**store, mrns, replay);
  return replay;
}

TEST(DaemonCrashTest, SigkillAtRandomMomentsNeitherLosesNorRepeatsAnything) {
  const std::string work =
      absl::StrCat(::testing::TempDir(), "/daemon-crash-", ::getpid());
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  const std::string data_dir = work + "/daemon-store";
  const std::string broker_log = work + "/broker.log";
  const std::string daemon_log = work + "/gatekeeperd.log";

  Child broker =
      Spawn({GK_DEV_BROKER_PATH, "--partitions", std::to_string(kPartitions)},
            broker_log, /*capture_stdout=*/true);
  ASSERT_GT(broker.pid, 0);
  std::string first_line = ReadLine(broker.stdout_fd, std::chrono::seconds(10));
  ASSERT_EQ(first_line.rfind("bootstrap.servers=", 0), 0u) << first_line;
  const std::string brokers = first_line.substr(strlen("bootstrap.servers="));
  const TopicNames topics;

  loadgen::SyntheticEvents events = loadgen::GenerateSyntheticEvents(
      {.seed = kSeed, .declarations = kDeclarations});
  std::set<std::string> mrns;
  for (const v1::Event& event : events.customs) {
    if (event.has_declaration()) mrns.insert(event.declaration().mrn());
  }

  int incarnation = 0;
  auto start_daemon = [&] {
    ++incarnation;
    return Spawn(
        {GK_GATEKEEPERD_PATH, "--brokers", brokers, "--data-dir", data_dir,
         "--group-id", absl::StrCat("crash-", incarnation),
         "--metrics-interval-ms", "2000", "--kafka", "session.timeout.ms=6000",
         "--kafka", "heartbeat.interval.ms=500"},
        daemon_log, /*capture_stdout=*/false);
  };

  loadgen::EventPublisherOptions publisher_options;
  publisher_options.brokers = brokers;
  auto publisher = loadgen::EventPublisher::Create(publisher_options);
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  for (const v1::Event& event : events.licensing) {
    ASSERT_TRUE((*publisher)->Publish(event).ok());
  }
  ASSERT_TRUE((*publisher)->Flush().ok());

  // Licensing first, applied before any declaration is published: then the
  // daemon's order and the replay's publish order agree on what every
  // declaration sees.
  Child daemon = start_daemon();
  ASSERT_TRUE(WaitForLag(brokers, "crash-1", {topics.licensing},
                         std::chrono::seconds(60)))
      << Tail(daemon_log, 4000);

  std::atomic<bool> published{false};
  absl::Status publish_status;
  std::thread publishing([&] {
    const Clock::time_point start = Clock::now();
    const size_t total = events.customs.size();
    for (size_t i = 0; i < total; ++i) {
      std::this_thread::sleep_until(start + kPublishDuration * i / total);
      if (auto route = (*publisher)->Publish(events.customs[i]); !route.ok()) {
        publish_status = route.status();
        break;
      }
    }
    if (publish_status.ok()) publish_status = (*publisher)->Flush();
    published = true;
  });

  std::mt19937 random(kSeed);
  int kills = 0;
  while (kills < kMinKills || !published.load()) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(
            kKillAfterMinMs, kKillAfterMaxMs)(random)));
    kill(daemon.pid, SIGKILL);
    EXPECT_EQ(Reap(daemon.pid), -1)
        << "gatekeeperd exited before it was killed:\n"
        << Tail(daemon_log, 4000);
    ++kills;
    daemon = start_daemon();
  }
  publishing.join();
  ASSERT_TRUE(publish_status.ok()) << publish_status;

  // The last incarnation runs until it has consumed everything, then stops
  // gracefully.
  ASSERT_TRUE(WaitForLag(brokers, absl::StrCat("crash-", incarnation),
                         {topics.declarations, topics.licensing},
                         std::chrono::seconds(120)))
      << Tail(daemon_log, 4000);
  kill(daemon.pid, SIGTERM);
  ASSERT_EQ(Reap(daemon.pid), 0) << Tail(daemon_log, 4000);
  std::cerr << "gatekeeperd killed " << kills
            << " times; last lines of its log:\n"
            << Tail(daemon_log, 1500);

  // Every output record, by sequence: one content per sequence, none missing.
  std::map<uint64_t, std::string> by_sequence;
  std::map<std::string, v1::Decision> latest;
  size_t duplicates = 0;
  for (const std::string& topic : {topics.decisions, topics.usage}) {
    for (const loadgen::TopicRecord& record : ReadAll(brokers, topic)) {
      uint64_t sequence = 0;
      if (topic == topics.decisions) {
        absl::StatusOr<v1::Decision> decision =
            loadgen::DecodeDecisionRecord(record);
        ASSERT_TRUE(decision.ok()) << decision.status();
        sequence = decision->sequence();
        v1::Decision& slot = latest[decision->mrn()];
        if (sequence > slot.sequence()) slot = *decision;
      } else {
        absl::StatusOr<v1::UsageRecord> usage =
            loadgen::DecodeUsageRecord(record);
        ASSERT_TRUE(usage.ok()) << usage.status();
        sequence = usage->sequence();
      }
      const std::string& value = record.value;
      auto [it, inserted] = by_sequence.emplace(sequence, value);
      if (!inserted) {
        ++duplicates;
        ASSERT_EQ(it->second, value)
            << "sequence " << sequence << " carries two records";
      }
    }
  }
  std::set<std::pair<int32_t, int64_t>> dead_letter_sources;
  for (const loadgen::TopicRecord& record :
       ReadAll(brokers, topics.deadletter)) {
    dead_letter_sources.insert(
        {std::stoi(record.Header("gk-source-partition").value_or("-1")),
         std::stoll(record.Header("gk-source-offset").value_or("-1"))});
  }
  kill(broker.pid, SIGTERM);
  Reap(broker.pid);

  Replay daemon_state;
  {
    auto store = storage::Store::Open({.data_dir = data_dir});
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_TRUE((*store)->Verify().ok()) << (*store)->Verify();
    const uint64_t last_sequence = (*store)->next_sequence() - 1;
    EXPECT_EQ(by_sequence.size(), last_sequence)
        << "output records missing on Kafka";
    if (!by_sequence.empty()) {
      EXPECT_EQ(by_sequence.begin()->first, 1u);
      EXPECT_EQ(by_sequence.rbegin()->first, last_sequence);
    }
    ReadStore(**store, mrns, daemon_state);
  }
  Replay replay = ReplayInPublishOrder(events, work + "/replay-store", mrns);
  std::cerr << "outputs " << by_sequence.size() << " (" << duplicates
            << " re-sent after crashes), decided MRNs " << latest.size()
            << ", dead letters " << dead_letter_sources.size()
            << ", replay refusals " << replay.refused << "\n";

  // Every MRN's latest published decision is the replay's.
  EXPECT_EQ(replay.decisions.size(), mrns.size());
  size_t mismatches = 0;
  for (const auto& [mrn, expected] : replay.decisions) {
    auto published_decision = latest.find(mrn);
    if (published_decision == latest.end()) {
      ADD_FAILURE() << "no decision published for " << mrn;
      if (++mismatches > 10) break;
      continue;
    }
    if (Comparable(published_decision->second) != expected) {
      ADD_FAILURE() << "decision of " << mrn << " differs from the replay:\n"
                    << published_decision->second.DebugString();
      if (++mismatches > 10) break;
    }
  }
  EXPECT_EQ(daemon_state.decisions, replay.decisions);
  EXPECT_EQ(daemon_state.licences.size(), replay.licences.size());
  EXPECT_TRUE(daemon_state.licences == replay.licences)
      << "licence balances differ";
  EXPECT_EQ(static_cast<int>(dead_letter_sources.size()), replay.refused);
  EXPECT_GE(kills, kMinKills);
  std::filesystem::remove_all(work);
}

}  // namespace
}  // namespace gatekeeper::daemon
