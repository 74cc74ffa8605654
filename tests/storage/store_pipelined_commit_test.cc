// The pipelined group commit (Store::StartCommit / FinishCommit): while one group is being
// written on the commit thread, the next one is decided on everything before it, reads see
// both, only durable outputs are readable as such, and a crash keeps exactly the groups whose
// write finished.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/store.h"
#include "tests/storage/store_events.h"
#include "tests/storage/store_test_util.h"

namespace gatekeeper::storage::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kLicence[] = "NL-DU-2025-000123";
constexpr char kMrn1[] = "25NL4A7B9C2D1E3F5G";
constexpr char kMrn2[] = "25NL4A7B9C2D1E3F6H";
constexpr char kMrn3[] = "25NL4A7B9C2D1E3F7J";

// 100 NAR on line 1.
v1::Event Licence() {
  return LicenceEvent(kLicence, {"CN"},
                      {{.line_no = 1, .amount = "100", .unit = "NAR", .value_eur = "120000.00"}});
}

v1::Event Declaration(const std::string& mrn, const std::string& amount) {
  return DeclarationEvent(mrn, 1, {{.amount = amount, .licence_id = kLicence, .line_no = 1}});
}

absl::Status Finish(Store& store) {
  std::optional<absl::Status> done = store.FinishCommit(absl::InfiniteDuration());
  EXPECT_TRUE(done.has_value());
  return done.value_or(absl::InternalError("FinishCommit gave no result"));
}

class PipelinedCommitTest : public StoreTest {
 protected:
  // Synced like the daemon, so that the write really takes the commit thread some time.
  std::unique_ptr<Store> OpenSyncedStore() {
    StoreOptions options = Options();
    options.sync = true;
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }
};

TEST_F(PipelinedCommitTest, TheNextGroupIsDecidedOnTheSealedOne) {
  std::unique_ptr<Store> store = OpenSyncedStore();
  ASSERT_TRUE(DecideAndStage(*store, Licence()).ok());
  ASSERT_TRUE(DecideAndStage(*store, Declaration(kMrn1, "60"),
                             std::vector<MetaWrite>{{.key = "offset/t/0", .value = "1"}})
                  .ok());
  const uint64_t sealed_next = store->next_sequence();
  GK_ASSERT_OK(store->StartCommit());
  EXPECT_TRUE(store->commit_in_flight());
  EXPECT_EQ(store->staged_events(), 0u) << "a new group is open";

  // Decided while the first group may still be syncing: 60 of 100 NAR are gone.
  absl::StatusOr<LedgerEffects> held = DecideAndStage(*store, Declaration(kMrn2, "50"));
  ASSERT_TRUE(held.ok()) << held.status();
  const v1::Decision& decision = held->outputs.back().decision();
  EXPECT_EQ(decision.status(), v1::HELD);
  ASSERT_GE(decision.items(0).reasons_size(), 1);
  EXPECT_EQ(decision.items(0).reasons(0).code(), v1::QUANTITY_EXCEEDED);
  EXPECT_THAT(decision.items(0).reasons(0).detail(), HasSubstr("remaining 40 NAR"));
  EXPECT_EQ(store->GetMeta("offset/t/0"), "1") << "the sealed group's metadata is visible";
  ASSERT_TRUE(store->FindDeclaration(kMrn1).has_value());
  EXPECT_EQ(store->FindDeclaration(kMrn1)->decision().status(), v1::CLEARED);
  EXPECT_EQ(store->StartCommit().code(), absl::StatusCode::kFailedPrecondition)
      << "one group in flight at a time";

  GK_ASSERT_OK(Finish(*store));
  EXPECT_FALSE(store->commit_in_flight());
  EXPECT_EQ(store->committed_next_sequence(), sealed_next);
  EXPECT_EQ(store->ReadOutputs(0, 100)->size(), sealed_next - 1)
      << "only the durable group's outputs";
  EXPECT_LT(store->committed_next_sequence(), store->next_sequence());

  GK_ASSERT_OK(store->StartCommit());
  GK_ASSERT_OK(Finish(*store));
  EXPECT_EQ(store->committed_next_sequence(), store->next_sequence());
  EXPECT_EQ(store->ReadOutputs(0, 100)->size(), store->next_sequence() - 1);
  GK_ASSERT_OK(store->Verify());
}

TEST_F(PipelinedCommitTest, TheOpenGroupShadowsTheSealedOne) {
  std::unique_ptr<Store> store = OpenSyncedStore();
  GK_ASSERT_OK(store->StageMeta({{.key = "dlq/1", .value = "a"},
                                 {.key = "dlq/2", .value = "b"},
                                 {.key = "outbox/published_sequence", .value = "1"}}));
  GK_ASSERT_OK(store->StartCommit());
  // Erase one key the sealed group put, overwrite another, add a third.
  GK_ASSERT_OK(store->StageMeta({{.key = "dlq/1", .erase = true},
                                 {.key = "outbox/published_sequence", .value = "2"},
                                 {.key = "dlq/3", .value = "c"}}));
  EXPECT_EQ(store->GetMeta("dlq/1"), std::nullopt) << "deleted in the open group";
  EXPECT_EQ(store->GetMeta("dlq/2"), "b") << "from the sealed group";
  EXPECT_EQ(store->GetMeta("outbox/published_sequence"), "2");
  absl::StatusOr<std::vector<MetaWrite>> scan = store->ScanMeta("dlq/", 10);
  ASSERT_TRUE(scan.ok()) << scan.status();
  ASSERT_EQ(scan->size(), 2u);
  EXPECT_EQ((*scan)[0].key, "dlq/2");
  EXPECT_EQ((*scan)[1].key, "dlq/3");

  GK_ASSERT_OK(Finish(*store));
  // Now from the database under the open group: the same answers.
  EXPECT_EQ(store->GetMeta("dlq/1"), std::nullopt);
  EXPECT_EQ(store->ScanMeta("dlq/", 10)->size(), 2u);
  GK_ASSERT_OK(store->Commit());
  store.reset();
  store = OpenSyncedStore();
  EXPECT_EQ(store->GetMeta("dlq/1"), std::nullopt);
  EXPECT_EQ(store->GetMeta("dlq/2"), "b");
  EXPECT_EQ(store->GetMeta("dlq/3"), "c");
  EXPECT_EQ(store->GetMeta("outbox/published_sequence"), "2");
}

TEST_F(PipelinedCommitTest, ClosingTheStoreKeepsTheSealedGroupAndLosesTheOpenOne) {
  std::unique_ptr<Store> store = OpenSyncedStore();
  ASSERT_TRUE(DecideAndStage(*store, Licence()).ok());
  ASSERT_TRUE(DecideAndStage(*store, Declaration(kMrn1, "10")).ok());
  GK_ASSERT_OK(store->StartCommit());
  ASSERT_TRUE(DecideAndStage(*store, Declaration(kMrn2, "20")).ok());
  // Destroyed with a group in flight and one open: the write in flight is finished (never
  // abandoned half way), the open group is discarded as a crash would.
  store.reset();
  store = OpenSyncedStore();
  EXPECT_TRUE(store->FindDeclaration(kMrn1).has_value());
  EXPECT_FALSE(store->FindDeclaration(kMrn2).has_value());
  EXPECT_EQ(store->FindLine(kLicence, 1)->consumed_milli(), 10'000);
  EXPECT_EQ(store->committed_next_sequence(), store->next_sequence());
  GK_ASSERT_OK(store->Verify());
}

TEST_F(PipelinedCommitTest, CommitWaitsForTheGroupInFlight) {
  std::unique_ptr<Store> store = OpenSyncedStore();
  ASSERT_TRUE(DecideAndStage(*store, Licence()).ok());
  GK_ASSERT_OK(store->StartCommit());
  ASSERT_TRUE(DecideAndStage(*store, Declaration(kMrn1, "10")).ok());
  ASSERT_TRUE(DecideAndStage(*store, Declaration(kMrn3, "10")).ok());
  GK_ASSERT_OK(store->Commit());
  EXPECT_FALSE(store->commit_in_flight());
  EXPECT_EQ(store->committed_next_sequence(), store->next_sequence());
  EXPECT_EQ(store->FinishCommit(absl::ZeroDuration()), absl::OkStatus()) << "nothing in flight";
  EXPECT_TRUE(store->StartCommit().ok()) << "nothing staged: a no-op";
  EXPECT_FALSE(store->commit_in_flight());
  store.reset();
  store = OpenSyncedStore();
  EXPECT_EQ(store->FindLine(kLicence, 1)->consumed_milli(), 20'000);
  EXPECT_THAT(store->ScanMeta("offset/", 10).value(), IsEmpty());
}

}  // namespace
}  // namespace gatekeeper::storage::testing
