// The Store on a failing disk (tests/storage/fault_file_system.h): every error path of the
// commit (the WAL's append and sync, a background flush's table and manifest writes, the
// pipelined commit) and of recovery (reads of the manifest, WAL and tables, the writes
// recovery makes), and a failed check while staging. What a user must see each time: the
// call fails with the disk's error, the store refuses every further call, nothing is
// half-applied, and a reopen without the fault holds exactly the committed groups, passes
// Verify, and goes on to the same state as a run that never failed.
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/memory_state.h"
#include "storage/database.h"
#include "storage/store.h"
#include "tests/storage/event_stream.h"
#include "tests/storage/fault_file_system.h"
#include "tests/storage/store_events.h"
#include "tests/storage/store_test_util.h"

namespace gatekeeper::storage::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

constexpr char kPositionKey[] = "fault-test/position";
constexpr uint64_t kSeed = 151515;
constexpr size_t kEventCount = 420;
constexpr size_t kGroupSize = 7;
// Groups committed before a fault is injected.
constexpr size_t kGroupsBeforeFault = 10;
constexpr size_t kCommittedBeforeFault = kGroupsBeforeFault * kGroupSize;
// RocksDB's smallest memtable: a few dozen events fill one and start a background flush.
constexpr size_t kSmallMemtableBytes = 64 << 10;

// The uninterrupted run of the stream on MemoryState: the digest after every event.
struct Reference {
  EventStream stream;
  std::vector<std::string> digest_at;  // [i]: after the first i events
  std::vector<internal::OutputRecord> outputs;
};

const Reference& TheReference() {
  static const Reference* reference = [] {
    auto* r = new Reference{.stream = MakeEventStream(kSeed, kEventCount)};
    MemoryState state;
    r->digest_at.push_back(StateDigest(state, r->stream));
    for (const v1::Event& event : r->stream.events) {
      absl::StatusOr<LedgerEffects> effects = Decide(event, state);
      if (effects.ok()) state.Apply(*effects);
      r->digest_at.push_back(StateDigest(state, r->stream));
    }
    r->outputs = state.outputs();
    return r;
  }();
  return *reference;
}

// Decides and stages events [from, to) of the stream, each with the position after it, as
// gkctl replay and gatekeeperd record their input position. The first error.
absl::Status StageEvents(Store& store, size_t from, size_t to) {
  const EventStream& stream = TheReference().stream;
  for (size_t i = from; i < to; ++i) {
    const std::vector<MetaWrite> meta = {{.key = kPositionKey, .value = absl::StrCat(i + 1)}};
    absl::StatusOr<LedgerEffects> effects = Decide(stream.events[i], store);
    absl::Status staged = effects.ok() ? store.Stage(*effects, meta) : store.StageMeta(meta);
    if (!staged.ok()) return staged;
  }
  return absl::OkStatus();
}

// Stages and commits whole groups from `from` up to `to`.
absl::Status CommitGroups(Store& store, size_t from, size_t to) {
  for (size_t start = from; start < to; start += kGroupSize) {
    if (absl::Status s = StageEvents(store, start, std::min(start + kGroupSize, to)); !s.ok()) {
      return s;
    }
    if (absl::Status s = store.Commit(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

size_t PositionOf(const Store& store) {
  size_t position = 0;
  if (std::optional<std::string> text = store.GetMeta(kPositionKey); text.has_value()) {
    EXPECT_TRUE(absl::SimpleAtoi(*text, &position)) << *text;
  }
  return position;
}

// Every call of a poisoned store returns the commit's failure.
void ExpectEveryCallRefused(Store& store, const absl::Status& failure) {
  const EventStream& stream = TheReference().stream;
  EXPECT_EQ(store.Commit(), failure);
  EXPECT_EQ(store.StartCommit(), failure);
  absl::StatusOr<LedgerEffects> effects = Decide(stream.events.back(), store);
  if (effects.ok()) {
    EXPECT_EQ(store.Stage(*effects), failure);
  }
  EXPECT_EQ(store.StageMeta({{.key = "offset/t/0", .value = "1"}}), failure);
  EXPECT_EQ(store.GetLicenceView(stream.licence_ids[0]).status(), failure);
  EXPECT_EQ(store.GetDecision(stream.mrns[0]).status(), failure);
  EXPECT_EQ(store.ReadOutputs(0, 10).status(), failure);
  EXPECT_EQ(store.ReadUsage(stream.licence_ids[0], 0, 10).status(), failure);
  EXPECT_EQ(store.ScanMeta("", 10).status(), failure);
  EXPECT_EQ(store.CountRecords().status(), failure);
  EXPECT_EQ(store.Verify(), failure);
}

class StoreFaultTest : public StoreTest {
 protected:
  // Synced, as gatekeeperd commits, through the fault-injecting file system.
  StoreOptions FaultyOptions(size_t memtable_bytes = 0) const {
    StoreOptions options = Options();
    options.sync = true;
    options.file_system_for_testing = fs_;
    options.memtable_bytes_for_testing = memtable_bytes;
    return options;
  }
  std::unique_ptr<Store> OpenFaulty(size_t memtable_bytes = 0) {
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(FaultyOptions(memtable_bytes));
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  // Opens the store on the real file system and checks that it holds exactly the first
  // `position` events of the uninterrupted run (a committed prefix, nothing more, nothing
  // half), then applies the rest and checks the end state against the run that never failed.
  void ExpectHoldsThenFinishes(size_t position) {
    std::unique_ptr<Store> store = OpenStore();
    ASSERT_NE(store, nullptr);
    const Reference& reference = TheReference();
    GK_ASSERT_OK(store->Verify());
    ASSERT_EQ(PositionOf(*store), position);
    EXPECT_EQ(StateDigest(*store, reference.stream), reference.digest_at[position]);
    absl::StatusOr<std::vector<internal::OutputRecord>> outputs =
        store->ReadOutputs(0, reference.outputs.size() + 1);
    ASSERT_TRUE(outputs.ok()) << outputs.status();
    ASSERT_EQ(outputs->size(), store->next_sequence() - 1);
    for (size_t i = 0; i < outputs->size(); ++i) {
      ASSERT_EQ((*outputs)[i].SerializeAsString(), reference.outputs[i].SerializeAsString())
          << "output " << i + 1;
    }
    // The failed group's events again, and the rest: the same as a clean run.
    GK_ASSERT_OK(CommitGroups(*store, position, kEventCount));
    EXPECT_EQ(StateDigest(*store, reference.stream), reference.digest_at[kEventCount]);
    EXPECT_EQ(store->next_sequence(), reference.outputs.size() + 1);
    GK_ASSERT_OK(store->Verify());
  }

  // A store whose first groups are committed (in the WAL only) and closed.
  void PrepareCommittedStore() {
    std::unique_ptr<Store> store = OpenStore();
    ASSERT_NE(store, nullptr);
    GK_ASSERT_OK(CommitGroups(*store, 0, kCommittedBeforeFault));
  }

  // Open fails with `code` and a message naming the store and the fault, never a crash or a
  // store that silently lacks what was committed; once the disk is well, the store is whole.
  void ExpectOpenFailsThenRecovers(FaultFile file, FaultOp op, FaultError error,
                                   absl::StatusCode code) {
    fs_->Fail(file, op, error);
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(FaultyOptions());
    EXPECT_GE(fs_->failures(file, op), 1) << "the fault was never hit";
    ASSERT_FALSE(store.ok()) << "opened on a failing disk, holding position "
                             << PositionOf(**store);
    EXPECT_EQ(store.status().code(), code) << store.status();
    EXPECT_THAT(std::string(store.status().message()), HasSubstr("opening the store in"));
    EXPECT_THAT(std::string(store.status().message()), HasSubstr("injected fault"));
    fs_->Heal();
    ExpectHoldsThenFinishes(kCommittedBeforeFault);
  }

  std::shared_ptr<FaultFileSystem> fs_ = std::make_shared<FaultFileSystem>();
};

// --- the synchronous commit ---

TEST_F(StoreFaultTest, AFailedWalAppendFailsTheCommitAndReopeningHoldsTheLastGroup) {
  {
    std::unique_ptr<Store> store = OpenFaulty();
    ASSERT_NE(store, nullptr);
    GK_ASSERT_OK(CommitGroups(*store, 0, kCommittedBeforeFault));
    const uint64_t committed_next = store->committed_next_sequence();
    GK_ASSERT_OK(StageEvents(*store, kCommittedBeforeFault, kCommittedBeforeFault + kGroupSize));
    fs_->Fail(FaultFile::kWal, FaultOp::kAppend);
    const absl::Status failure = store->Commit();
    EXPECT_EQ(fs_->failures(FaultFile::kWal, FaultOp::kAppend), 1);
    EXPECT_EQ(failure.code(), absl::StatusCode::kUnavailable) << failure;
    EXPECT_THAT(std::string(failure.message()), HasSubstr("the store must be reopened: 7 staged"));
    EXPECT_THAT(std::string(failure.message()), HasSubstr("injected fault"));
    EXPECT_EQ(store->committed_next_sequence(), committed_next) << "nothing more is durable";
    ExpectEveryCallRefused(*store, failure);
    // The disk is well again before the process closes the store: what RocksDB still holds
    // of the failed write must not reach the log now.
    fs_->Heal();
  }
  ExpectHoldsThenFinishes(kCommittedBeforeFault);
}

TEST_F(StoreFaultTest, AFailedWalSyncThatLostTheGroupLeavesTheLastCommittedGroup) {
  fs_->set_lose_unsynced_on_failed_sync(true);
  {
    std::unique_ptr<Store> store = OpenFaulty();
    ASSERT_NE(store, nullptr);
    GK_ASSERT_OK(CommitGroups(*store, 0, kCommittedBeforeFault));
    GK_ASSERT_OK(StageEvents(*store, kCommittedBeforeFault, kCommittedBeforeFault + kGroupSize));
    fs_->Fail(FaultFile::kWal, FaultOp::kSync);
    const absl::Status failure = store->Commit();
    EXPECT_EQ(fs_->failures(FaultFile::kWal, FaultOp::kSync), 1);
    EXPECT_EQ(failure.code(), absl::StatusCode::kUnavailable) << failure;
    EXPECT_THAT(std::string(failure.message()), HasSubstr("the store must be reopened"));
    ExpectEveryCallRefused(*store, failure);
    fs_->Heal();
  }
  ExpectHoldsThenFinishes(kCommittedBeforeFault);
}

// A failed fsync says nothing of which pages reached the disk: the group may be durable
// after all. The store then holds it whole, with the input position committed with it, so
// that the process resumes after it and applies nothing twice.
TEST_F(StoreFaultTest, AFailedWalSyncWhoseGroupReachedTheDiskKeepsItWhole) {
  {
    std::unique_ptr<Store> store = OpenFaulty();
    ASSERT_NE(store, nullptr);
    GK_ASSERT_OK(CommitGroups(*store, 0, kCommittedBeforeFault));
    GK_ASSERT_OK(StageEvents(*store, kCommittedBeforeFault, kCommittedBeforeFault + kGroupSize));
    fs_->Fail(FaultFile::kWal, FaultOp::kSync);
    const absl::Status failure = store->Commit();
    EXPECT_EQ(failure.code(), absl::StatusCode::kUnavailable) << failure;
    ExpectEveryCallRefused(*store, failure);
    fs_->Heal();
  }
  std::unique_ptr<Store> store = OpenStore();
  ASSERT_NE(store, nullptr);
  const size_t position = PositionOf(*store);
  std::cerr << "after the failed sync the store holds " << position << " events\n";
  EXPECT_THAT(position, AnyOf(kCommittedBeforeFault, kCommittedBeforeFault + kGroupSize));
  store.reset();
  ExpectHoldsThenFinishes(position);
}

// --- background work ---

// Commits whole groups on `store` until a commit fails (or the stream ends). Sets `committed`
// to the position of the last group committed and returns the failure.
absl::Status CommitUntilFailure(Store& store, size_t* committed) {
  *committed = 0;
  for (size_t start = 0; start < kEventCount; start += kGroupSize) {
    // Staging is in memory: it cannot meet the disk.
    if (absl::Status s = StageEvents(store, start, start + kGroupSize); !s.ok()) {
      ADD_FAILURE() << "staging failed: " << s;
      return s;
    }
    if (absl::Status s = store.Commit(); !s.ok()) return s;
    *committed = start + kGroupSize;
  }
  return absl::OkStatus();
}

// A full disk hits a flush first: the foreground writes (WAL) all succeed, the flush's table
// write fails in the background, and RocksDB stops writes (a hard background error); the
// next commit reports it. RocksDB 7.8 resumes writes by itself once space returns (its
// SstFileManager polls); the store does not: its memory holds the refused group.
TEST_F(StoreFaultTest, NoSpaceInABackgroundFlushFailsTheNextCommitAndLosesNothingCommitted) {
  size_t committed = 0;
  {
    std::unique_ptr<Store> store = OpenFaulty(kSmallMemtableBytes);
    ASSERT_NE(store, nullptr);
    fs_->Fail(FaultFile::kTable, FaultOp::kAppend, FaultError::kNoSpace);
    const absl::Status failure = CommitUntilFailure(*store, &committed);
    ASSERT_FALSE(failure.ok()) << "no flush ran: the memtables never filled";
    EXPECT_GE(fs_->failures(FaultFile::kTable, FaultOp::kAppend), 1);
    EXPECT_EQ(fs_->failures(FaultFile::kWal, FaultOp::kAppend), 0) << "not a foreground failure";
    EXPECT_GT(committed, 0u);
    EXPECT_EQ(failure.code(), absl::StatusCode::kResourceExhausted) << failure;
    EXPECT_THAT(std::string(failure.message()), HasSubstr("No space left on device"));
    EXPECT_THAT(std::string(failure.message()), HasSubstr("the store must be reopened"));
    ExpectEveryCallRefused(*store, failure);
    std::cerr << "the commit after event " << committed << " met the failed flush\n";
    fs_->Heal();
    EXPECT_EQ(store->Commit(), failure) << "space is back, the store still refuses";
  }
  ExpectHoldsThenFinishes(committed);
}

// The flush's table is written, recording it in the manifest fails.
TEST_F(StoreFaultTest, AFailedManifestWriteOfABackgroundFlushFailsTheNextCommit) {
  size_t committed = 0;
  {
    std::unique_ptr<Store> store = OpenFaulty(kSmallMemtableBytes);
    ASSERT_NE(store, nullptr);
    fs_->Fail(FaultFile::kManifest, FaultOp::kAppend);
    const absl::Status failure = CommitUntilFailure(*store, &committed);
    ASSERT_FALSE(failure.ok()) << "no flush ran: the memtables never filled";
    EXPECT_GE(fs_->failures(FaultFile::kManifest, FaultOp::kAppend), 1);
    EXPECT_EQ(fs_->failures(FaultFile::kWal, FaultOp::kAppend), 0);
    EXPECT_GT(committed, 0u);
    EXPECT_THAT(std::string(failure.message()), HasSubstr("the store must be reopened"));
    ExpectEveryCallRefused(*store, failure);
    fs_->Heal();
  }
  ExpectHoldsThenFinishes(committed);
}

// A full memtable is switched in the commit's own write, which starts a new WAL file; the
// disk refuses to create it.
TEST_F(StoreFaultTest, ANewWalThatCannotBeCreatedFailsTheCommitThatNeedsIt) {
  size_t committed = 0;
  {
    std::unique_ptr<Store> store = OpenFaulty(kSmallMemtableBytes);
    ASSERT_NE(store, nullptr);
    fs_->Fail(FaultFile::kWal, FaultOp::kCreate, FaultError::kNoSpace);
    const absl::Status failure = CommitUntilFailure(*store, &committed);
    ASSERT_FALSE(failure.ok()) << "no memtable was switched";
    EXPECT_EQ(fs_->failures(FaultFile::kWal, FaultOp::kCreate), 1);
    EXPECT_GT(committed, 0u);
    EXPECT_EQ(failure.code(), absl::StatusCode::kResourceExhausted) << failure;
    EXPECT_THAT(std::string(failure.message()), HasSubstr("the store must be reopened"));
    ExpectEveryCallRefused(*store, failure);
    fs_->Heal();
  }
  ExpectHoldsThenFinishes(committed);
}

// --- recovery ---

TEST_F(StoreFaultTest, OpenFailsClearlyWhenTheManifestCannotBeRead) {
  ASSERT_NO_FATAL_FAILURE(PrepareCommittedStore());
  ExpectOpenFailsThenRecovers(FaultFile::kManifest, FaultOp::kRead, FaultError::kIOError,
                              absl::StatusCode::kUnavailable);
}

TEST_F(StoreFaultTest, OpenFailsClearlyWhenTheWalCannotBeRead) {
  ASSERT_NO_FATAL_FAILURE(PrepareCommittedStore());
  ExpectOpenFailsThenRecovers(FaultFile::kWal, FaultOp::kRead, FaultError::kIOError,
                              absl::StatusCode::kUnavailable);
}

TEST_F(StoreFaultTest, OpenFailsClearlyWhenATableCannotBeRead) {
  ASSERT_NO_FATAL_FAILURE(PrepareCommittedStore());
  // Reopened once, so that recovery moves the WAL's groups into tables.
  ASSERT_NE(OpenStore(), nullptr);
  ExpectOpenFailsThenRecovers(FaultFile::kTable, FaultOp::kRead, FaultError::kIOError,
                              absl::StatusCode::kUnavailable);
}

TEST_F(StoreFaultTest, OpenFailsClearlyWhenTheNewManifestCannotBeWritten) {
  ASSERT_NO_FATAL_FAILURE(PrepareCommittedStore());
  ExpectOpenFailsThenRecovers(FaultFile::kManifest, FaultOp::kAppend, FaultError::kIOError,
                              absl::StatusCode::kUnavailable);
}

TEST_F(StoreFaultTest, OpenFailsClearlyWhenTheNewWalCannotBeCreated) {
  ASSERT_NO_FATAL_FAILURE(PrepareCommittedStore());
  ExpectOpenFailsThenRecovers(FaultFile::kWal, FaultOp::kCreate, FaultError::kNoSpace,
                              absl::StatusCode::kResourceExhausted);
}

// Recovery writes the WAL's groups into a table; the disk is full.
TEST_F(StoreFaultTest, OpenFailsClearlyWhenRecoveryFindsNoSpaceForItsFlush) {
  ASSERT_NO_FATAL_FAILURE(PrepareCommittedStore());
  ExpectOpenFailsThenRecovers(FaultFile::kTable, FaultOp::kAppend, FaultError::kNoSpace,
                              absl::StatusCode::kResourceExhausted);
}

// --- the pipelined commit ---

TEST_F(StoreFaultTest, AFailedPipelinedWriteFailsTheSealedGroupAndRefusesTheOpenOne) {
  {
    std::unique_ptr<Store> store = OpenFaulty();
    ASSERT_NE(store, nullptr);
    GK_ASSERT_OK(CommitGroups(*store, 0, kCommittedBeforeFault));
    const uint64_t committed_next = store->committed_next_sequence();
    const size_t sealed_end = kCommittedBeforeFault + kGroupSize;
    GK_ASSERT_OK(StageEvents(*store, kCommittedBeforeFault, sealed_end));
    fs_->Fail(FaultFile::kWal, FaultOp::kAppend);
    GK_ASSERT_OK(store->StartCommit());
    // The next group is decided on the sealed one while it is (failing to be) written.
    GK_ASSERT_OK(StageEvents(*store, sealed_end, sealed_end + kGroupSize));
    EXPECT_EQ(PositionOf(*store), sealed_end + kGroupSize) << "the open group is staged";
    std::optional<absl::Status> failure = store->FinishCommit(absl::InfiniteDuration());
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->code(), absl::StatusCode::kUnavailable) << *failure;
    EXPECT_THAT(std::string(failure->message()), HasSubstr("staged events were not committed"));
    EXPECT_EQ(fs_->failures(FaultFile::kWal, FaultOp::kAppend), 1);
    EXPECT_FALSE(store->commit_in_flight());
    EXPECT_EQ(store->committed_next_sequence(), committed_next) << "nothing more is durable";
    EXPECT_EQ(store->FinishCommit(absl::ZeroDuration()), *failure);
    ExpectEveryCallRefused(*store, *failure);
    fs_->Heal();
  }
  ExpectHoldsThenFinishes(kCommittedBeforeFault);
}

// --- a check that fails while a group is open ---

constexpr char kLicence[] = "NL-DU-2025-000123";
constexpr char kMrn1[] = "25NL4A7B9C2D1E3F5G";
constexpr char kMrn2[] = "25NL4A7B9C2D1E3F6H";
constexpr char kMrn3[] = "25NL4A7B9C2D1E3F7J";

v1::Event Declaration(const std::string& mrn, uint32_t version, const std::string& amount) {
  return DeclarationEvent(mrn, version, {{.amount = amount, .licence_id = kLicence, .line_no = 1}});
}

// The death test's child (a fork of the test): opens the store, stages a declaration of a
// new MRN as the open group, then the disk fails under the engine's read of a committed
// declaration. The store cannot decide on a partial view and stops the process; were it to
// go on, the group would be committed and the child would exit 0.
void StageThenReadThroughAFailingDisk(const StoreOptions& options, FaultFileSystem& fs) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options);
  if (!store.ok()) {
    std::cerr << "open: " << store.status() << "\n";
    std::_Exit(2);
  }
  const std::vector<MetaWrite> meta = {{.key = "offset/t/0", .value = "3"}};
  if (!DecideAndStage(**store, Declaration(kMrn3, 1, "20"), meta).ok()) std::_Exit(3);
  fs.Fail(FaultFile::kTable, FaultOp::kRead);
  // An amendment: the engine reads kMrn1's record, which only a table holds.
  absl::StatusOr<LedgerEffects> effects = DecideAndStage(**store, Declaration(kMrn1, 2, "30"));
  std::cerr << "decided on a failing disk: " << effects.status() << "\n";
  std::_Exit((*store)->Commit().ok() ? 0 : 4);
}

TEST_F(StoreFaultTest, AReadErrorWhileDecidingStopsTheProcessAndCommitsNothingOfTheGroup) {
  {
    std::unique_ptr<Store> store = OpenStore();
    ASSERT_NE(store, nullptr);
    for (const v1::Event& event :
         {LicenceEvent(kLicence, {"CN"}, {{.line_no = 1, .amount = "100"}}),
          Declaration(kMrn1, 1, "10"), Declaration(kMrn2, 1, "10")}) {
      GK_ASSERT_OK(DecideAndStage(*store, event).status());
    }
    GK_ASSERT_OK(store->StageMeta({{.key = "offset/t/0", .value = "2"}}));
    GK_ASSERT_OK(store->Commit());
  }
  // Reopened once, so that recovery moves the group into tables: the engine's reads then
  // reach the disk rather than a memtable.
  ASSERT_NE(OpenStore(), nullptr);

  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_EXIT(StageThenReadThroughAFailingDisk(FaultyOptions(), *fs_),
              ::testing::KilledBySignal(SIGABRT),
              "gatekeeper store: fatal: reading a declaration record: .*injected fault");

  std::unique_ptr<Store> store = OpenStore();
  ASSERT_NE(store, nullptr);
  GK_ASSERT_OK(store->Verify());
  EXPECT_EQ(store->GetMeta("offset/t/0"), "2") << "the open group's position is not committed";
  EXPECT_EQ(store->GetDecision(kMrn3).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<v1::Decision> first = store->GetDecision(kMrn1);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->version(), 1u) << "the amendment is not committed";
  EXPECT_EQ(store->GetLicenceView(kLicence)->balances(0).consumed().amount(), "20");
}

// The death test's child: stages the position of a record, then `amendment`, whose record
// the store replaces; the stored record it replaces names licence line -1, which no store
// writes (a foreign writer or a flipped bit did). Staging it trips the store's key check half
// way through the event, with part of it already in the open group.
void StageOverADamagedRecord(const StoreOptions& options, const LedgerEffects& amendment) {
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options);
  if (!store.ok()) {
    std::cerr << "open: " << store.status() << "\n";
    std::_Exit(2);
  }
  if (!(*store)->StageMeta({{.key = "offset/t/0", .value = "3"}}).ok()) std::_Exit(3);
  const absl::Status staged = (*store)->Stage(amendment, {{.key = "offset/t/0", .value = "4"}});
  std::cerr << "staged over a damaged record: " << staged << "\n";
  std::_Exit((*store)->Commit().ok() ? 0 : 4);
}

TEST_F(StoreFaultTest, AFailedCheckInsideStageStopsTheProcessAndCommitsNothingOfTheGroup) {
  absl::StatusOr<LedgerEffects> amendment;
  uint64_t next_sequence = 0;
  {
    std::unique_ptr<Store> store = OpenStore();
    ASSERT_NE(store, nullptr);
    GK_ASSERT_OK(
        DecideAndStage(*store, LicenceEvent(kLicence, {"CN"}, {{.line_no = 1, .amount = "100"}}))
            .status());
    GK_ASSERT_OK(DecideAndStage(*store, Declaration(kMrn1, 1, "10")).status());
    GK_ASSERT_OK(store->StageMeta({{.key = "offset/t/0", .value = "2"}}));
    GK_ASSERT_OK(store->Commit());
    next_sequence = store->next_sequence();
    // Decided on the sound record: valid effects, which pass every check before staging.
    amendment = Decide(Declaration(kMrn1, 2, "30"), *store);
    ASSERT_TRUE(amendment.ok()) << amendment.status();
  }
  std::string planted;
  {
    absl::StatusOr<std::unique_ptr<Database>> raw = Database::Open(dir_, false);
    ASSERT_TRUE(raw.ok()) << raw.status();
    rocksdb::DB& db = *(*raw)->db();
    std::string bytes;
    ASSERT_TRUE(db.Get({}, (*raw)->families().declarations, kMrn1, &bytes).ok());
    internal::DeclarationRecord record;
    ASSERT_TRUE(record.ParseFromString(bytes));
    ASSERT_GE(record.decision().items(0).attributions_size(), 1);
    record.mutable_decision()->mutable_items(0)->mutable_attributions(0)->set_line_no(-1);
    planted = record.SerializeAsString();
    ASSERT_TRUE(db.Put({}, (*raw)->families().declarations, kMrn1, planted).ok());
  }

  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_EXIT(StageOverADamagedRecord(Options(), *amendment), ::testing::KilledBySignal(SIGABRT),
              "gatekeeper: invariant violated at .*key_codec.cc:[0-9]+: line_no >= 0");

  std::unique_ptr<Store> store = OpenStore();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->GetMeta("offset/t/0"), "2") << "the open group's position is not committed";
  EXPECT_EQ(store->next_sequence(), next_sequence) << "no output of the event is committed";
  EXPECT_EQ(store->GetLicenceView(kLicence)->balances(0).consumed().amount(), "10")
      << "the event's ledger is not committed";
  store.reset();
  absl::StatusOr<std::unique_ptr<Database>> raw = Database::Open(dir_, false);
  ASSERT_TRUE(raw.ok()) << raw.status();
  std::string bytes;
  ASSERT_TRUE((*raw)->db()->Get({}, (*raw)->families().declarations, kMrn1, &bytes).ok());
  EXPECT_EQ(bytes, planted) << "the record is as it was, not replaced by the amendment";
}

}  // namespace
}  // namespace gatekeeper::storage::testing
