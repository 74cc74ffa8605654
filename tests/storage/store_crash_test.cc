// The Store across process deaths: a child process (this binary, re-executed) applies a
// random event stream with group commit and is killed with SIGKILL at random moments; after
// every kill the reopened store must pass Verify and hold exactly the state after a whole
// number of groups, and the final state must equal an uninterrupted run. A second child
// makes a commit fail (its write-ahead log write gets an I/O error) and checks that the store
// then refuses every call, and that the reopened store holds the last committed group.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/engine/memory_state.h"
#include "storage/store.h"
#include "tests/storage/event_stream.h"
#include "tests/storage/store_events.h"
#include "tests/storage/store_test_util.h"

namespace gatekeeper::storage::testing {
namespace {

constexpr char kPositionKey[] = "crash-test/position";
constexpr uint64_t kSeed = 424242;
constexpr size_t kEventCount = 2500;
constexpr size_t kGroupSize = 7;
constexpr int kKillsMin = 20;
// Kills land up to this long after the child starts or reports that its store is open.
constexpr int kKillDelayMaxMs = 60;

// --- children (run in a re-executed copy of this binary) ---

int Fail(const std::string& what, const absl::Status& status) {
  std::cerr << "child: " << what << ": " << status << "\n";
  return 3;
}

// Applies the stream from the committed position on, committing every kGroupSize events
// together with the position after them; writes a byte to `ready_fd` once the store is open.
// Exit 0 when the stream is done.
int RunApplyChild(const std::string& dir, int ready_fd) {
  const EventStream stream = MakeEventStream(kSeed, kEventCount);
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open({.data_dir = dir, .sync = true});
  if (!store.ok()) return Fail("open", store.status());
  size_t position = 0;
  if (std::optional<std::string> text = (*store)->GetMeta(kPositionKey); text.has_value()) {
    if (!absl::SimpleAtoi(*text, &position)) return Fail("position", absl::DataLossError(*text));
  }
  if (write(ready_fd, "r", 1) != 1) return Fail("ready", absl::InternalError("write"));
  for (size_t i = position; i < stream.events.size(); ++i) {
    const std::vector<MetaWrite> meta = {{.key = kPositionKey, .value = absl::StrCat(i + 1)}};
    absl::StatusOr<LedgerEffects> effects = Decide(stream.events[i], **store);
    absl::Status staged =
        effects.ok() ? (*store)->Stage(*effects, meta) : (*store)->StageMeta(meta);
    if (!staged.ok()) return Fail(absl::StrCat("stage event ", i), staged);
    if ((i + 1) % kGroupSize == 0 || i + 1 == stream.events.size()) {
      if (absl::Status status = (*store)->Commit(); !status.ok()) return Fail("commit", status);
    }
  }
  return 0;
}

// Makes every later write to the write-ahead log of the store in `dir` fail, as a disk
// error would: the log's descriptor is replaced by a read-only one. Only the WAL is hit, not
// RocksDB's info log. False when no open WAL was found.
bool BreakWriteAheadLog(const std::string& dir) {
  const std::filesystem::path store_dir = std::filesystem::canonical(dir);
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code error;
    const std::filesystem::path target = std::filesystem::read_symlink(entry.path(), error);
    if (error || target.parent_path() != store_dir || target.extension() != ".log") continue;
    const int read_only = open("/dev/null", O_RDONLY);
    const int fd = std::stoi(entry.path().filename().string());
    return read_only >= 0 && dup2(read_only, fd) == fd && close(read_only) == 0;
  }
  return false;
}

// Commits one group, then makes the next commit fail and checks that every later call
// returns the failure. Exit 0 when the store behaved so.
int RunPoisonChild(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<Store>> opened = Store::Open({.data_dir = dir, .sync = true});
  if (!opened.ok()) return Fail("open", opened.status());
  Store& store = **opened;
  const std::string licence = "NL-DU-2025-000123";
  for (const v1::Event& event :
       {LicenceEvent(licence, {"CN"}, {{.line_no = 1, .amount = "100000"}}),
        DeclarationEvent("25NL000000000000P0", 1, {{.amount = "1", .licence_id = licence}})}) {
    if (absl::StatusOr<LedgerEffects> e = DecideAndStage(store, event); !e.ok()) {
      return Fail("stage", e.status());
    }
  }
  if (absl::Status status = store.Commit(); !status.ok()) return Fail("first commit", status);

  if (!BreakWriteAheadLog(dir)) return Fail("no write-ahead log", absl::NotFoundError(dir));
  for (int i = 1; i <= 3; ++i) {
    const std::string mrn = absl::StrCat("25NL", 100000000000 + i, "0P");
    absl::StatusOr<LedgerEffects> e = DecideAndStage(
        store, DeclarationEvent(mrn, 1,
                                {{.item_no = 1, .amount = "1", .licence_id = licence},
                                 {.item_no = 2, .amount = "1", .licence_id = licence},
                                 {.item_no = 3, .amount = "1", .licence_id = licence}}));
    if (!e.ok()) return Fail("stage before the failing commit", e.status());
  }
  const absl::Status failure = store.Commit();
  if (failure.ok()) return Fail("the commit past the file-size limit succeeded", failure);
  std::cerr << "child: commit failed as intended: " << failure << "\n";

  int wrong = 0;
  const auto expect_refused = [&](const std::string& call, const absl::Status& status) {
    if (status != failure) {
      std::cerr << "child: after the failed commit, " << call << " returned " << status << "\n";
      ++wrong;
    }
  };
  expect_refused("Commit", store.Commit());
  absl::StatusOr<LedgerEffects> effects = Decide(
      DeclarationEvent("25NL000000000000Q0", 1, {{.amount = "1", .licence_id = licence}}), store);
  expect_refused("Stage", effects.ok() ? store.Stage(*effects) : effects.status());
  expect_refused("StageMeta", store.StageMeta({{.key = "offset/t/0", .value = "1"}}));
  expect_refused("GetLicenceView", store.GetLicenceView(licence).status());
  expect_refused("GetDecision", store.GetDecision("25NL000000000000P0").status());
  expect_refused("ReadOutputs", store.ReadOutputs(0, 10).status());
  expect_refused("ReadUsage", store.ReadUsage(licence, 0, 10).status());
  expect_refused("ListParties", store.ListParties("").status());
  expect_refused("ScanMeta", store.ScanMeta("", 10).status());
  expect_refused("CountRecords", store.CountRecords().status());
  expect_refused("Verify", store.Verify());
  return wrong == 0 ? 0 : 4;
}

// --- the parent ---

// A child process running this binary in `mode` on `dir`.
struct Child {
  pid_t pid = -1;
  // Reads a byte once the child has opened the store (apply mode).
  int ready_fd = -1;
};

Child StartChild(const std::string& mode, const std::string& dir) {
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    // The write end becomes descriptor 3 of the child, open across exec.
    if (ready[1] == 3 ? fcntl(3, F_SETFD, 0) != 0 : dup2(ready[1], 3) != 3) _exit(126);
    execl("/proc/self/exe", "store_crash_test", mode.c_str(), dir.c_str(), "3", nullptr);
    _exit(127);
  }
  close(ready[1]);
  return {.pid = pid, .ready_fd = ready[0]};
}

// Waits until the child reports ready (or dies), at most `timeout_ms`.
void AwaitReady(const Child& child, int timeout_ms) {
  pollfd ready{.fd = child.ready_fd, .events = POLLIN, .revents = 0};
  poll(&ready, 1, timeout_ms);
}

// The state after each whole group of the stream, by position (0, kGroupSize, ..., count).
struct Reference {
  std::map<size_t, std::string> digest_at;
  std::vector<internal::OutputRecord> outputs;
};

Reference UninterruptedRun(const EventStream& stream) {
  Reference reference;
  MemoryState state;
  reference.digest_at[0] = StateDigest(state, stream);
  for (size_t i = 0; i < stream.events.size(); ++i) {
    absl::StatusOr<LedgerEffects> effects = Decide(stream.events[i], state);
    if (effects.ok()) state.Apply(*effects);
    if ((i + 1) % kGroupSize == 0 || i + 1 == stream.events.size()) {
      reference.digest_at[i + 1] = StateDigest(state, stream);
    }
  }
  reference.outputs = state.outputs();
  return reference;
}

// Opens the store a killed child left and checks it holds a whole number of groups of the
// reference run. Returns the committed position.
size_t CheckRecovered(const std::string& dir, const Reference& reference,
                      const EventStream& stream) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open({.data_dir = dir, .sync = false});
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return 0;
  const absl::Status verify = (*store)->Verify();
  EXPECT_TRUE(verify.ok()) << verify;
  size_t position = 0;
  if (std::optional<std::string> text = (*store)->GetMeta(kPositionKey); text.has_value()) {
    EXPECT_TRUE(absl::SimpleAtoi(*text, &position)) << *text;
  }
  auto expected = reference.digest_at.find(position);
  EXPECT_NE(expected, reference.digest_at.end())
      << "position " << position << " is not a group boundary";
  if (expected == reference.digest_at.end()) return position;
  EXPECT_EQ(StateDigest(**store, stream), expected->second) << "at position " << position;
  const uint64_t published = (*store)->next_sequence() - 1;
  absl::StatusOr<std::vector<internal::OutputRecord>> outputs =
      (*store)->ReadOutputs(0, published + 1);
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  if (!outputs.ok()) return position;
  EXPECT_EQ(outputs->size(), published);
  for (size_t i = 0; i < outputs->size() && i < reference.outputs.size(); ++i) {
    if ((*outputs)[i].SerializeAsString() != reference.outputs[i].SerializeAsString()) {
      ADD_FAILURE() << "output " << i + 1 << " differs from the uninterrupted run:\n"
                    << (*outputs)[i].ShortDebugString() << "\n"
                    << reference.outputs[i].ShortDebugString();
      break;
    }
  }
  return position;
}

TEST_F(StoreTest, SigkillAtRandomMomentsLosesNothingCommittedAndAppliesNothingTwice) {
  const EventStream stream = MakeEventStream(kSeed, kEventCount);
  const Reference reference = UninterruptedRun(stream);
  const unsigned seed = std::random_device()();
  std::mt19937 random(seed);
  SCOPED_TRACE(absl::StrCat("kill timing seed ", seed));

  int kills = 0;
  int rounds = 0;
  // Recovered positions over all rounds (each round runs the same stream). Checked over all
  // of them: the last round may hold a single kill, so one round may see only two.
  std::set<size_t> all_positions;
  // A round runs the stream to its end in a fresh store, however many kills that takes;
  // rounds repeat until there were enough kills.
  while (kills < kKillsMin) {
    const std::string dir = absl::StrCat(dir_, "/round-", ++rounds);
    std::set<size_t> positions;
    for (bool finished = false; !finished;) {
      const Child child = StartChild("--apply-child", dir);
      ASSERT_GT(child.pid, 0);
      if (kills < kKillsMin) {
        // One kill in four at any moment from the start (exec, open, WAL recovery); the
        // others while the child applies events and commits groups.
        if (std::uniform_int_distribution<int>(0, 3)(random) != 0) {
          AwaitReady(child, /*timeout_ms=*/10'000);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(
            std::uniform_int_distribution<int>(0, kKillDelayMaxMs)(random)));
        kill(child.pid, SIGKILL);
      }
      int status = 0;
      ASSERT_EQ(waitpid(child.pid, &status, 0), child.pid);
      close(child.ready_fd);
      if (WIFSIGNALED(status)) {
        ASSERT_EQ(WTERMSIG(status), SIGKILL);
        ++kills;
      } else {
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_EQ(WEXITSTATUS(status), 0) << "the child failed (see its stderr)";
        finished = true;
      }
      const size_t position = CheckRecovered(dir, reference, stream);
      if (HasFailure()) return;
      positions.insert(position);
      all_positions.insert(position);
    }
    EXPECT_EQ(*positions.rbegin(), kEventCount);
    // The finished store is the uninterrupted run, output for output.
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open({.data_dir = dir, .sync = false});
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ((*store)->next_sequence(), reference.outputs.size() + 1);
    EXPECT_EQ(StateDigest(**store, stream), reference.digest_at.at(kEventCount));
  }
  EXPECT_GE(all_positions.size(), 3u) << "kills should land at different positions";
  std::cerr << kills << " kills in " << rounds << " round(s) at " << all_positions.size()
            << " positions\n";
}

TEST_F(StoreTest, AFailedCommitPoisonsTheStoreAndReopeningRecoversTheLastGroup) {
  const Child child = StartChild("--poison-child", dir_);
  ASSERT_GT(child.pid, 0);
  int status = 0;
  ASSERT_EQ(waitpid(child.pid, &status, 0), child.pid);
  close(child.ready_fd);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << "the child's checks failed (see its stderr)";

  std::unique_ptr<Store> store = OpenStore();
  ASSERT_NE(store, nullptr);
  GK_ASSERT_OK(store->Verify());
  EXPECT_EQ(store->next_sequence(), 3u) << "the first group only";
  EXPECT_EQ(store->GetDecision("25NL000000000000P0")->status(), v1::CLEARED);
  EXPECT_EQ(store->GetDecision("25NL1000000000010P").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store->GetLicenceView("NL-DU-2025-000123")->balances(0).consumed().amount(), "1");
  // The reopened store works again.
  absl::StatusOr<LedgerEffects> effects = DecideAndStage(
      *store, DeclarationEvent("25NL000000000000Q0", 1,
                               {{.amount = "2", .licence_id = "NL-DU-2025-000123"}}));
  ASSERT_TRUE(effects.ok()) << effects.status();
  GK_ASSERT_OK(store->Commit());
  EXPECT_EQ(store->GetLicenceView("NL-DU-2025-000123")->balances(0).consumed().amount(), "3");
}

}  // namespace
}  // namespace gatekeeper::storage::testing

int main(int argc, char** argv) {
  using namespace gatekeeper::storage::testing;
  if (argc == 4 && std::string(argv[1]) == "--apply-child") {
    return RunApplyChild(argv[2], std::atoi(argv[3]));
  }
  if (argc == 4 && std::string(argv[1]) == "--poison-child") return RunPoisonChild(argv[2]);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
