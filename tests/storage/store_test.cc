// The Store as its callers see it: what stage, commit, reopen and the read methods return,
// with effects decided by the real engine on the Store itself.
#include "storage/store.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "storage/database.h"
#include "storage/schema.h"
#include "tests/storage/store_events.h"
#include "tests/storage/store_test_util.h"

namespace gatekeeper::storage::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

constexpr char kLicence[] = "NL-DU-2025-000123";
constexpr char kOtherLicence[] = "BE-VL-2025-000042";
constexpr char kUnknownLicence[] = "NL-DU-2025-999999";
constexpr char kMrn1[] = "25NL4A7B9C2D1E3F5G";
constexpr char kMrn2[] = "25NL4A7B9C2D1E3F6H";
constexpr char kMrn3[] = "25NL4A7B9C2D1E3F7J";

#define GK_ASSERT_STAGED(expr)                                \
  do {                                                        \
    const absl::StatusOr<LedgerEffects> gk_effects_ = (expr); \
    ASSERT_TRUE(gk_effects_.ok()) << gk_effects_.status();    \
  } while (false)

// 100 NAR / 120,000 EUR on line 1, 50 KGM on line 2.
v1::Event MainLicence() {
  return LicenceEvent(kLicence, {"CN", "HK"},
                      {{.line_no = 1, .amount = "100", .unit = "NAR", .value_eur = "120000.00"},
                       {.line_no = 2, .amount = "50", .unit = "KGM"}});
}

v1::Rule EmbargoRule() {
  v1::Rule rule;
  rule.set_rule_id("RU-833-CHP");
  rule.set_kind(v1::Rule::EMBARGO);
  rule.add_destinations("RU");
  rule.add_cn_prefixes("854231");
  return rule;
}

v1::ListedParty Party(const std::string& id, const std::string& name, const std::string& source) {
  v1::ListedParty party;
  party.set_party_id(id);
  party.add_names(name);
  party.add_ids("REG-" + id);
  party.set_source(source);
  return party;
}

// Clears 40 NAR worth 4,800 EUR on line 1.
v1::Event ClearedDeclaration() {
  return DeclarationEvent(
      kMrn1, 1, {{.amount = "40", .value_eur = "4800", .licence_id = kLicence, .line_no = 1}});
}

// Held (item 3 names an unknown licence): reserves 30 NAR / 3,600 EUR on line 1 and 10 KGM
// on line 2.
v1::Event HeldDeclaration() {
  return DeclarationEvent(
      kMrn2, 1,
      {{.item_no = 1, .amount = "30", .value_eur = "3600", .licence_id = kLicence, .line_no = 1},
       {.item_no = 2, .amount = "10", .unit = "KGM", .licence_id = kLicence, .line_no = 2},
       {.item_no = 3, .amount = "1", .licence_id = kUnknownLicence}});
}

// A licence, a rule, a listed party, a cleared and a held declaration.
void StageHistory(Store& store) {
  GK_ASSERT_STAGED(DecideAndStage(store, MainLicence()));
  GK_ASSERT_STAGED(DecideAndStage(store, RuleEvent(EmbargoRule())));
  GK_ASSERT_STAGED(
      DecideAndStage(store, PartyEvent(Party("OFAC-306", "Grom Trading OOO", "OFAC"))));
  GK_ASSERT_STAGED(DecideAndStage(store, ClearedDeclaration()));
  GK_ASSERT_STAGED(DecideAndStage(store, HeldDeclaration()));
}

std::vector<std::string> Serialized(const std::vector<internal::OutputRecord>& records) {
  std::vector<std::string> out;
  for (const auto& record : records) out.push_back(record.SerializeAsString());
  return out;
}

uint64_t CountOf(const Store& store, std::string_view family) {
  absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> counts = store.CountRecords();
  EXPECT_TRUE(counts.ok());
  for (const auto& [name, count] : *counts) {
    if (name == family) return count;
  }
  return 0;
}

TEST_F(StoreTest, ReopenRestoresEverythingCommitted) {
  std::unique_ptr<Store> store = OpenStore();
  StageHistory(*store);
  GK_ASSERT_OK(store->Commit());
  const v1::Licence licence = *store->FindLicence(kLicence);
  const std::vector<internal::LineLedger> ledgers = store->LinesOf(kLicence);
  absl::StatusOr<std::vector<internal::OutputRecord>> outputs = store->ReadOutputs(0, 1000);
  ASSERT_TRUE(outputs.ok());
  const uint64_t next_sequence = store->next_sequence();
  EXPECT_EQ(next_sequence, 1 + (1 + 1) + (2 + 1));  // usage + decision, 2 usage + decision
  store.reset();

  store = OpenStore();
  ASSERT_NE(store->FindLicence(kLicence), nullptr);
  EXPECT_TRUE(MessageDifferencer::Equals(*store->FindLicence(kLicence), licence));
  EXPECT_THAT(store->LicenceIdsWithDestination("HK"), ElementsAre(kLicence));
  std::vector<internal::LineLedger> reopened = store->LinesOf(kLicence);
  ASSERT_EQ(reopened.size(), 2u);
  ASSERT_EQ(reopened.size(), ledgers.size());
  for (size_t i = 0; i < ledgers.size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(reopened[i], ledgers[i]));
  }
  EXPECT_EQ(reopened[0].attribution_count(), 2u);
  EXPECT_EQ(store->next_sequence(), next_sequence);
  absl::StatusOr<std::vector<internal::OutputRecord>> reopened_outputs =
      store->ReadOutputs(0, 1000);
  ASSERT_TRUE(reopened_outputs.ok());
  EXPECT_EQ(Serialized(*reopened_outputs), Serialized(*outputs));

  absl::StatusOr<v1::Decision> held = store->GetDecision(kMrn2);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(held->status(), v1::HELD);
  EXPECT_EQ(held->sequence(), next_sequence - 1);
  EXPECT_EQ(store->GetDecision(kMrn3).status().code(), absl::StatusCode::kNotFound);

  ASSERT_NE(store->rules().Find("RU-833-CHP"), nullptr);
  EXPECT_EQ(store->rules().Find("RU-833-CHP")->kind(), v1::Rule::EMBARGO);
  std::vector<ScreeningHit> by_id = store->screener().Screen("", "REG-OFAC-306", 0.9);
  ASSERT_EQ(by_id.size(), 1u);
  EXPECT_EQ(by_id[0].party_id, "OFAC-306");
  std::vector<ScreeningHit> by_name = store->screener().Screen("Grom Trading OOO", "", 0.9);
  ASSERT_FALSE(by_name.empty());
  EXPECT_EQ(by_name[0].party_id, "OFAC-306");
  GK_ASSERT_OK(store->Verify());
}

TEST_F(StoreTest, LicenceViewShowsBalancesPerLine) {
  std::unique_ptr<Store> store = OpenStore();
  StageHistory(*store);
  GK_ASSERT_OK(store->Commit());

  absl::StatusOr<v1::LicenceView> view = store->GetLicenceView(kLicence);
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_EQ(view->balances_size(), 2);
  const v1::LineBalance& line1 = view->balances(0);
  EXPECT_EQ(line1.line_no(), 1);
  EXPECT_EQ(line1.authorised().amount(), "100");
  EXPECT_EQ(line1.authorised().unit(), "NAR");
  EXPECT_EQ(line1.consumed().amount(), "40");
  EXPECT_EQ(line1.reserved().amount(), "30");
  EXPECT_EQ(line1.remaining().amount(), "30");
  EXPECT_EQ(line1.authorised_value_eur(), "120000");
  EXPECT_EQ(line1.consumed_value_eur(), "4800");
  EXPECT_EQ(line1.reserved_value_eur(), "3600");
  EXPECT_EQ(line1.remaining_value_eur(), "111600");
  const v1::LineBalance& line2 = view->balances(1);
  EXPECT_EQ(line2.reserved().amount(), "10");
  EXPECT_EQ(line2.remaining().amount(), "40");
  EXPECT_EQ(line2.remaining().unit(), "KGM");
  EXPECT_EQ(line2.authorised_value_eur(), "") << "line 2 has no value cap";
  EXPECT_EQ(store->GetLicenceView("NO-SUCH").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, UntouchedLinesShowTheirTotals) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(
      *store, LicenceEvent(kLicence, {"CN"},
                           {{.line_no = 1, .amount = "12.5", .unit = "NAR", .value_eur = "500.50"},
                            {.line_no = 2, .amount = "", .value_eur = "1000"},
                            {.line_no = 3, .amount = "", .value_eur = ""}})));
  absl::StatusOr<v1::LicenceView> view = store->GetLicenceView(kLicence);
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_EQ(view->balances_size(), 3);
  EXPECT_EQ(view->balances(0).authorised().amount(), "12.5");
  EXPECT_EQ(view->balances(0).consumed().amount(), "0");
  EXPECT_EQ(view->balances(0).remaining().amount(), "12.5");
  EXPECT_EQ(view->balances(0).remaining_value_eur(), "500.5");
  EXPECT_FALSE(view->balances(1).has_authorised()) << "no quantity cap";
  EXPECT_EQ(view->balances(1).remaining_value_eur(), "1000");
  EXPECT_FALSE(view->balances(2).has_remaining());
  EXPECT_EQ(view->balances(2).remaining_value_eur(), "");
  GK_ASSERT_OK(store->Commit());
  GK_ASSERT_OK(store->Verify());
}

// The engine decides event N on the state left by the staged events 1..N-1.
TEST_F(StoreTest, StagedEffectsAreVisibleBeforeCommitAndLostWithoutIt) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(*store, MainLicence()));
  absl::StatusOr<LedgerEffects> cleared = DecideAndStage(
      *store, ClearedDeclaration(),
      std::vector<MetaWrite>{{.key = "offset/gatekeeper.declarations/0", .value = "7"}});
  ASSERT_TRUE(cleared.ok()) << cleared.status();
  EXPECT_EQ(cleared->outputs.back().decision().status(), v1::CLEARED)
      << "decided on the staged licence";
  // 70 more NAR do not fit the 60 left by the staged write-off.
  absl::StatusOr<LedgerEffects> held = DecideAndStage(
      *store, DeclarationEvent(kMrn2, 1, {{.amount = "70", .licence_id = kLicence, .line_no = 1}}));
  ASSERT_TRUE(held.ok()) << held.status();
  const v1::Decision& decision = held->outputs.back().decision();
  EXPECT_EQ(decision.status(), v1::HELD);
  ASSERT_EQ(decision.items(0).reasons_size(), 1);
  EXPECT_EQ(decision.items(0).reasons(0).code(), v1::QUANTITY_EXCEEDED);
  EXPECT_THAT(decision.items(0).reasons(0).detail(), HasSubstr("remaining 60 NAR"));

  EXPECT_EQ(store->staged_events(), 3u);
  ASSERT_NE(store->FindLicence(kLicence), nullptr);
  ASSERT_TRUE(store->FindDeclaration(kMrn1).has_value());
  ASSERT_TRUE(store->FindLine(kLicence, 1).has_value());
  EXPECT_EQ(store->FindLine(kLicence, 1)->consumed_milli(), 40'000);
  EXPECT_EQ(store->GetMeta("offset/gatekeeper.declarations/0"), "7");
  EXPECT_EQ(store->next_sequence(), 4u);
  EXPECT_EQ(store->GetLicenceView(kLicence)->balances(0).consumed().amount(), "40");
  EXPECT_THAT(*store->ReadOutputs(0, 100), IsEmpty()) << "nothing is durable yet";

  store.reset();  // a crash before Commit
  store = OpenStore();
  EXPECT_EQ(store->FindLicence(kLicence), nullptr);
  EXPECT_FALSE(store->FindDeclaration(kMrn1).has_value());
  EXPECT_FALSE(store->FindLine(kLicence, 1).has_value());
  EXPECT_EQ(store->GetMeta("offset/gatekeeper.declarations/0"), std::nullopt);
  EXPECT_EQ(store->next_sequence(), 1u);
  EXPECT_EQ(store->staged_events(), 0u);
  GK_ASSERT_OK(store->Verify());
}

TEST_F(StoreTest, CommitMakesTheGroupDurable) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_OK(store->Commit());  // nothing staged: a no-op
  GK_ASSERT_STAGED(DecideAndStage(*store, MainLicence()));
  GK_ASSERT_STAGED(DecideAndStage(*store, ClearedDeclaration()));
  GK_ASSERT_OK(store->StageMeta({{.key = "replay/events.jsonl", .value = "2"}}));
  GK_ASSERT_OK(store->Commit());
  EXPECT_EQ(store->staged_events(), 0u);
  store.reset();
  store = OpenStore();
  EXPECT_NE(store->FindLicence(kLicence), nullptr);
  EXPECT_EQ(store->GetDecision(kMrn1)->status(), v1::CLEARED);
  EXPECT_EQ(store->GetMeta("replay/events.jsonl"), "2");
  EXPECT_EQ(store->next_sequence(), 3u);
  EXPECT_EQ(store->ReadOutputs(0, 100)->size(), 2u);
}

TEST_F(StoreTest, AnEventIsAllOrNothing) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(*store, MainLicence()));
  GK_ASSERT_OK(store->Commit());
  const v1::Licence other = MakeLicence(kOtherLicence, {"SG"}, {{.amount = "1"}});

  // A ledger that breaks authorised = remaining + consumed + reserved.
  absl::StatusOr<LedgerEffects> broken = Decide(ClearedDeclaration(), *store);
  ASSERT_TRUE(broken.ok());
  broken->line_puts[0].set_consumed_milli(41'000);
  broken->licence_puts.push_back(other);
  absl::Status status = store->Stage(*broken, {{.key = "offset/t/0", .value = "1"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("licence NL-DU-2025-000123 line 1"));

  // Output sequences that do not continue the log.
  absl::StatusOr<LedgerEffects> gap = Decide(ClearedDeclaration(), *store);
  ASSERT_TRUE(gap.ok());
  gap->outputs.back().set_sequence(99);
  EXPECT_EQ(store->Stage(*gap).code(), absl::StatusCode::kInvalidArgument);

  // Metadata keys that belong to the store.
  absl::StatusOr<LedgerEffects> good = Decide(ClearedDeclaration(), *store);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(store->Stage(*good, {{.key = "store/next_sequence", .value = "1"}}).code(),
            absl::StatusCode::kInvalidArgument);

  EXPECT_EQ(store->staged_events(), 0u);
  EXPECT_EQ(store->next_sequence(), 1u);
  EXPECT_FALSE(store->FindDeclaration(kMrn1).has_value());
  EXPECT_EQ(store->FindLicence(kOtherLicence), nullptr);
  EXPECT_EQ(store->FindLine(kLicence, 1)->consumed_milli(), 0);
  EXPECT_EQ(store->GetMeta("offset/t/0"), std::nullopt);

  // The store goes on as if the refused events never came.
  GK_ASSERT_OK(store->Stage(*good));
  GK_ASSERT_OK(store->Commit());
  GK_ASSERT_OK(store->Verify());
  EXPECT_EQ(store->GetLicenceView(kLicence)->balances(0).consumed().amount(), "40");
}

// A resent declaration (same MRN, version <= current) changes nothing and outputs nothing,
// but the input position staged with it still moves on.
TEST_F(StoreTest, ADuplicateOnlyMovesItsMetadata) {
  std::unique_ptr<Store> store = OpenStore();
  StageHistory(*store);
  GK_ASSERT_OK(store->Commit());
  const uint64_t next_sequence = store->next_sequence();
  const std::vector<internal::LineLedger> before = store->LinesOf(kLicence);

  absl::StatusOr<LedgerEffects> resent = DecideAndStage(
      *store, ClearedDeclaration(), std::vector<MetaWrite>{{.key = "offset/d/0", .value = "6"}});
  ASSERT_TRUE(resent.ok()) << resent.status();
  EXPECT_TRUE(resent->duplicate);
  EXPECT_EQ(store->staged_events(), 1u);
  GK_ASSERT_OK(store->Commit());

  EXPECT_EQ(store->next_sequence(), next_sequence);
  EXPECT_EQ(store->ReadOutputs(next_sequence - 1, 10)->size(), 0u);
  EXPECT_EQ(store->GetMeta("offset/d/0"), "6");
  const std::vector<internal::LineLedger> after = store->LinesOf(kLicence);
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(after[i], before[i]));
  }
  EXPECT_EQ(store->GetDecision(kMrn1)->version(), 1u);
  GK_ASSERT_OK(store->Verify());
}

// kMrn1 version 1: 40 NAR on line 1 and 5 KGM on line 2 of the main licence.
v1::Event TwoLineDeclaration() {
  return DeclarationEvent(
      kMrn1, 1,
      {{.item_no = 1, .amount = "40", .licence_id = kLicence, .line_no = 1},
       {.item_no = 2, .amount = "5", .unit = "KGM", .licence_id = kLicence, .line_no = 2}});
}

TEST_F(StoreTest, AttributionsFollowAmendmentAndInvalidation) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(*store, MainLicence()));
  GK_ASSERT_STAGED(DecideAndStage(*store, TwoLineDeclaration()));
  GK_ASSERT_OK(store->Commit());
  EXPECT_EQ(CountOf(*store, kAttributionsFamily), 2u);
  GK_ASSERT_OK(store->Verify());

  // Version 2 writes off only 20 KGM on line 2.
  absl::StatusOr<LedgerEffects> amended = DecideAndStage(
      *store,
      DeclarationEvent(kMrn1, 2,
                       {{.amount = "20", .unit = "KGM", .licence_id = kLicence, .line_no = 2}}));
  ASSERT_TRUE(amended.ok()) << amended.status();
  GK_ASSERT_OK(store->Commit());
  EXPECT_EQ(CountOf(*store, kAttributionsFamily), 1u);
  GK_ASSERT_OK(store->Verify());
  EXPECT_EQ(store->GetLicenceView(kLicence)->balances(0).remaining().amount(), "100");
  EXPECT_EQ(store->GetLicenceView(kLicence)->balances(1).consumed().amount(), "20");
  EXPECT_EQ(store->FindLine(kLicence, 1)->attribution_count(), 0u);
  EXPECT_EQ(store->FindLine(kLicence, 2)->attribution_count(), 1u);

  GK_ASSERT_STAGED(DecideAndStage(*store, InvalidationEvent(kMrn1)));
  GK_ASSERT_OK(store->Commit());
  EXPECT_EQ(CountOf(*store, kAttributionsFamily), 0u);
  GK_ASSERT_OK(store->Verify());
  EXPECT_EQ(store->GetDecision(kMrn1)->status(), v1::INVALIDATED);
  EXPECT_EQ(store->GetLicenceView(kLicence)->balances(1).remaining().amount(), "50");
}

// Stage reuses the declaration record the engine read just before (a memo), and keeps
// parsed line ledgers in memory: neither may hand Stage or the engine an old value.
TEST_F(StoreTest, ReadsBetweenDecidingAndStagingDoNotConfuseTheDeclarationMemo) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(*store, MainLicence()));
  GK_ASSERT_STAGED(DecideAndStage(*store, TwoLineDeclaration()));
  // Decided (the engine reads kMrn1's record), then another MRN is read before staging:
  // Stage must still replace kMrn1's two attributions, not treat it as new.
  absl::StatusOr<LedgerEffects> amended =
      Decide(DeclarationEvent(
                 kMrn1, 2, {{.amount = "20", .unit = "KGM", .licence_id = kLicence, .line_no = 2}}),
             *store);
  ASSERT_TRUE(amended.ok()) << amended.status();
  EXPECT_FALSE(store->FindDeclaration(kMrn2).has_value());
  GK_ASSERT_OK(store->Stage(*amended));
  GK_ASSERT_OK(store->Commit());
  EXPECT_EQ(CountOf(*store, kAttributionsFamily), 1u);
  GK_ASSERT_OK(store->Verify());

  // The memo ends with the Stage that used it: a third version decided on a fresh read
  // removes the second version's attribution.
  GK_ASSERT_STAGED(DecideAndStage(
      *store, DeclarationEvent(kMrn1, 3, {{.amount = "7", .licence_id = kLicence, .line_no = 1}})));
  GK_ASSERT_OK(store->Commit());
  EXPECT_EQ(CountOf(*store, kAttributionsFamily), 1u);
  GK_ASSERT_OK(store->Verify());
  EXPECT_EQ(store->GetLicenceView(kLicence)->balances(0).consumed().amount(), "7");
  EXPECT_EQ(store->GetLicenceView(kLicence)->balances(1).remaining().amount(), "50");
}

TEST_F(StoreTest, AStageRefusedAfterTheEngineReadTheRecordChangesNothingAndCanBeStagedAgain) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(*store, MainLicence()));
  GK_ASSERT_STAGED(DecideAndStage(*store, TwoLineDeclaration()));
  GK_ASSERT_OK(store->Commit());
  absl::StatusOr<LedgerEffects> amended =
      Decide(DeclarationEvent(
                 kMrn1, 2, {{.amount = "20", .unit = "KGM", .licence_id = kLicence, .line_no = 2}}),
             *store);
  ASSERT_TRUE(amended.ok()) << amended.status();
  // Refused for its metadata after the engine's read filled the declaration memo: nothing
  // is written, and the memo (still the stored record) must serve the next staging.
  EXPECT_EQ(store->Stage(*amended, {{.key = "store/next_sequence", .value = "1"}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->FindDeclaration(kMrn1)->decision().version(), 1u);
  EXPECT_EQ(CountOf(*store, kAttributionsFamily), 2u);
  // Staged again without the bad metadata, it replaces version 1's two attributions.
  GK_ASSERT_OK(store->Stage(*amended));
  GK_ASSERT_OK(store->Commit());
  EXPECT_EQ(CountOf(*store, kAttributionsFamily), 1u);
  EXPECT_EQ(store->FindDeclaration(kMrn1)->decision().version(), 2u);
  GK_ASSERT_OK(store->Verify());
}

TEST_F(StoreTest, CachedLedgersFollowEveryStagedWriteAndTheReopenedStore) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(*store, MainLicence()));
  GK_ASSERT_OK(store->Commit());
  ASSERT_EQ(store->FindLine(kLicence, 1)->remaining_milli(), 100000);  // now cached
  for (int i = 0; i < 5; ++i) {
    const std::string mrn = absl::StrFormat("25NL4A7B9C2D1E%04d", i);
    GK_ASSERT_STAGED(DecideAndStage(
        *store,
        DeclarationEvent(mrn, 1, {{.amount = "10", .licence_id = kLicence, .line_no = 1}})));
    if (i == 2) GK_ASSERT_OK(store->StartCommit());  // one group in flight meanwhile
  }
  EXPECT_EQ(store->FindLine(kLicence, 1)->remaining_milli(), 50000);
  GK_ASSERT_OK(store->Commit());
  store.reset();
  store = OpenStore();
  EXPECT_EQ(store->FindLine(kLicence, 1)->remaining_milli(), 50000);
  GK_ASSERT_OK(store->Verify());
}

TEST_F(StoreTest, ReleaseTurnsReservationsIntoWriteOffs) {
  std::unique_ptr<Store> store = OpenStore();
  StageHistory(*store);
  GK_ASSERT_STAGED(DecideAndStage(*store, DispositionEvent(kMrn2, v1::RELEASE)));
  GK_ASSERT_OK(store->Commit());
  GK_ASSERT_OK(store->Verify());
  absl::StatusOr<v1::LicenceView> view = store->GetLicenceView(kLicence);
  EXPECT_EQ(view->balances(0).consumed().amount(), "70");
  EXPECT_EQ(view->balances(0).reserved().amount(), "0");
  EXPECT_EQ(view->balances(1).consumed().amount(), "10");
  EXPECT_EQ(store->GetDecision(kMrn2)->status(), v1::RELEASED);
}

TEST_F(StoreTest, ReadOutputsPagesThroughCommittedRecordsOnly) {
  std::unique_ptr<Store> store = OpenStore();
  StageHistory(*store);
  GK_ASSERT_OK(store->Commit());
  const uint64_t committed = store->next_sequence() - 1;
  GK_ASSERT_STAGED(DecideAndStage(
      *store, DeclarationEvent(kMrn3, 1, {{.amount = "1", .licence_id = kLicence}})));
  absl::StatusOr<std::vector<internal::OutputRecord>> all = store->ReadOutputs(0, 1000);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), committed);
  for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].sequence(), i + 1);

  // Pages of two, each resuming after the last sequence seen, give the same records.
  std::vector<internal::OutputRecord> paged;
  for (uint64_t after = 0;;) {
    absl::StatusOr<std::vector<internal::OutputRecord>> page = store->ReadOutputs(after, 2);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    EXPECT_LE(page->size(), 2u);
    after = page->back().sequence();
    paged.insert(paged.end(), page->begin(), page->end());
  }
  EXPECT_EQ(Serialized(paged), Serialized(*all));

  GK_ASSERT_OK(store->Commit());
  EXPECT_EQ(store->ReadOutputs(committed, 1000)->size(), store->next_sequence() - 1 - committed);
  EXPECT_THAT(*store->ReadOutputs(store->next_sequence() - 1, 1000), IsEmpty());
  EXPECT_THAT(*store->ReadOutputs(UINT64_MAX, 1000), IsEmpty());
}

TEST_F(StoreTest, ReadUsagePagesThroughOneLicenceInSequenceOrder) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(*store, MainLicence()));
  GK_ASSERT_STAGED(DecideAndStage(
      *store, LicenceEvent(kOtherLicence, {"CN"}, {{.line_no = 1, .amount = "10"}})));
  GK_ASSERT_STAGED(DecideAndStage(
      *store, DeclarationEvent(kMrn1, 1,
                               {{.item_no = 1, .amount = "1", .licence_id = kLicence},
                                {.item_no = 2, .amount = "2", .licence_id = kOtherLicence}})));
  GK_ASSERT_STAGED(DecideAndStage(
      *store, DeclarationEvent(kMrn2, 1,
                               {{.item_no = 1, .amount = "3", .licence_id = kLicence},
                                {.item_no = 2, .amount = "1", .licence_id = kUnknownLicence}})));
  GK_ASSERT_STAGED(DecideAndStage(
      *store, DeclarationEvent(kMrn1, 2, {{.amount = "4", .licence_id = kOtherLicence}})));
  GK_ASSERT_OK(store->Commit());

  absl::StatusOr<std::vector<v1::UsageRecord>> usage = store->ReadUsage(kLicence, 0, 100);
  ASSERT_TRUE(usage.ok()) << usage.status();
  std::vector<std::pair<std::string, v1::UsageAction>> seen;
  uint64_t last_sequence = 0;
  for (const v1::UsageRecord& record : *usage) {
    EXPECT_EQ(record.licence_id(), kLicence);
    EXPECT_GT(record.sequence(), last_sequence);
    last_sequence = record.sequence();
    seen.emplace_back(record.mrn(), record.action());
  }
  EXPECT_THAT(seen, ElementsAre(Pair(kMrn1, v1::CONSUME), Pair(kMrn2, v1::RESERVE),
                                Pair(kMrn1, v1::RETURN)));

  absl::StatusOr<std::vector<v1::UsageRecord>> after_first =
      store->ReadUsage(kLicence, (*usage)[0].sequence(), 1);
  ASSERT_EQ(after_first->size(), 1u);
  EXPECT_EQ((*after_first)[0].mrn(), kMrn2);
  std::vector<v1::UsageAction> other_actions;
  for (uint64_t after = 0;;) {
    absl::StatusOr<std::vector<v1::UsageRecord>> page = store->ReadUsage(kOtherLicence, after, 1);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    ASSERT_EQ(page->size(), 1u);
    after = page->back().sequence();
    other_actions.push_back(page->back().action());
  }
  EXPECT_THAT(other_actions, ElementsAre(v1::CONSUME, v1::RETURN, v1::CONSUME));
  EXPECT_THAT(*store->ReadUsage("NL-DU-2025-00012", 0, 100), IsEmpty()) << "a prefix of an id";
  EXPECT_THAT(*store->ReadUsage(kLicence, UINT64_MAX, 100), IsEmpty());
}

TEST_F(StoreTest, ScanMetaFindsAPrefixAndSeesErasures) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_OK(store->StageMeta({{.key = "offset/a/1", .value = "2"},
                                 {.key = "offset/a/0", .value = "1"},
                                 {.key = "offset/b/0", .value = "3"},
                                 {.key = "outbox/published_sequence", .value = "4"}}));
  GK_ASSERT_OK(store->Commit());

  absl::StatusOr<std::vector<MetaWrite>> scan = store->ScanMeta("offset/a/", 10);
  ASSERT_TRUE(scan.ok());
  ASSERT_EQ(scan->size(), 2u);
  EXPECT_EQ((*scan)[0].key, "offset/a/0");
  EXPECT_EQ((*scan)[0].value, "1");
  EXPECT_EQ((*scan)[1].key, "offset/a/1");
  EXPECT_EQ(store->ScanMeta("offset/", 1)->size(), 1u) << "at most max_entries";

  GK_ASSERT_OK(store->StageMeta(
      {{.key = "offset/a/0", .erase = true}, {.key = "offset/a/2", .value = "9"}}));
  scan = store->ScanMeta("offset/a/", 10);
  ASSERT_EQ(scan->size(), 2u) << "staged changes are visible";
  EXPECT_EQ((*scan)[0].key, "offset/a/1");
  EXPECT_EQ((*scan)[1].key, "offset/a/2");
  EXPECT_EQ(store->GetMeta("offset/a/0"), std::nullopt);
  GK_ASSERT_OK(store->Commit());

  store.reset();
  store = OpenStore();
  EXPECT_EQ(store->GetMeta("offset/a/0"), std::nullopt);
  EXPECT_EQ(store->GetMeta("offset/a/2"), "9");
  EXPECT_EQ(store->ScanMeta("offset/", 10)->size(), 3u);
}

TEST_F(StoreTest, LicenceReplacementMovesDestinationsAndKeepsWriteOffs) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(*store, MainLicence()));
  GK_ASSERT_STAGED(DecideAndStage(*store, ClearedDeclaration()));
  // The authority lowers line 1 to 30 NAR, drops line 2 and changes the destinations.
  GK_ASSERT_STAGED(DecideAndStage(
      *store,
      LicenceEvent(kLicence, {"HK", "SG"},
                   {{.line_no = 1, .amount = "30", .unit = "NAR", .value_eur = "120000.00"}})));
  GK_ASSERT_OK(store->Commit());

  EXPECT_THAT(store->LicenceIdsWithDestination("CN"), IsEmpty());
  EXPECT_THAT(store->LicenceIdsWithDestination("SG"), ElementsAre(kLicence));
  absl::StatusOr<v1::LicenceView> view = store->GetLicenceView(kLicence);
  ASSERT_EQ(view->balances_size(), 2) << "the dropped line keeps its ledger";
  EXPECT_EQ(view->balances(0).consumed().amount(), "40");
  EXPECT_EQ(view->balances(0).remaining().amount(), "-10");
  EXPECT_EQ(view->balances(1).authorised().amount(), "0");
  EXPECT_TRUE(store->FindLine(kLicence, 1)->lowered_by_replacement());
  GK_ASSERT_OK(store->Verify());
  store.reset();
  store = OpenStore();
  EXPECT_THAT(store->LicenceIdsWithDestination("CN"), IsEmpty());
  EXPECT_THAT(store->LicenceIdsWithDestination("HK"), ElementsAre(kLicence));
  EXPECT_EQ(store->GetLicenceView(kLicence)->balances(0).remaining().amount(), "-10");
}

TEST_F(StoreTest, RulesAndPartiesComeAndGo) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(*store, RuleEvent(EmbargoRule())));
  GK_ASSERT_STAGED(
      DecideAndStage(*store, PartyEvent(Party("OFAC-306", "Grom Trading OOO", "OFAC"))));
  GK_ASSERT_STAGED(DecideAndStage(*store, PartyEvent(Party("UN-7", "Arctic Star LLC", "UN"))));
  GK_ASSERT_OK(store->Commit());
  EXPECT_EQ(store->ListParties("")->size(), 2u);
  ASSERT_EQ(store->ListParties("UN")->size(), 1u);
  EXPECT_EQ((*store->ListParties("UN"))[0].party_id(), "UN-7");

  GK_ASSERT_STAGED(DecideAndStage(*store, RuleRemovalEvent("RU-833-CHP")));
  GK_ASSERT_STAGED(DecideAndStage(*store, PartyRemovalEvent("OFAC-306")));
  EXPECT_EQ(store->rules().Find("RU-833-CHP"), nullptr);
  EXPECT_THAT(store->screener().Screen("", "REG-OFAC-306", 0.9), IsEmpty());
  GK_ASSERT_OK(store->Commit());

  store.reset();
  store = OpenStore();
  EXPECT_EQ(store->rules().size(), 0u);
  EXPECT_THAT(store->screener().Screen("", "REG-OFAC-306", 0.9), IsEmpty());
  EXPECT_EQ(store->screener().Screen("", "REG-UN-7", 0.9).size(), 1u);
  EXPECT_EQ(store->ListParties("")->size(), 1u);
}

// A listed party staged in the open group already holds the next declaration.
TEST_F(StoreTest, AStagedPartyScreensTheNextDeclaration) {
  std::unique_ptr<Store> store = OpenStore();
  GK_ASSERT_STAGED(DecideAndStage(*store, MainLicence()));
  GK_ASSERT_STAGED(
      DecideAndStage(*store, PartyEvent(Party("OFAC-9", "Shenzhen Optics Co., Ltd.", "OFAC"))));
  absl::StatusOr<LedgerEffects> effects = DecideAndStage(*store, ClearedDeclaration());
  ASSERT_TRUE(effects.ok()) << effects.status();
  const v1::Decision& decision = effects->outputs.back().decision();
  EXPECT_EQ(decision.status(), v1::HELD);
  ASSERT_GE(decision.items(0).reasons_size(), 1);
  EXPECT_EQ(decision.items(0).reasons(0).code(), v1::DENIED_PARTY);
  EXPECT_EQ(decision.items(0).reasons(0).party_id(), "OFAC-9");
}

TEST_F(StoreTest, ForEachLicenceViewAndCountRecordsSeeCommittedData) {
  std::unique_ptr<Store> store = OpenStore();
  StageHistory(*store);
  GK_ASSERT_STAGED(DecideAndStage(
      *store, LicenceEvent(kOtherLicence, {"SG"}, {{.line_no = 1, .amount = "10"}})));
  GK_ASSERT_OK(store->Commit());
  GK_ASSERT_STAGED(DecideAndStage(*store, LicenceEvent("ZZ-UNCOMMITTED", {}, {{.amount = "1"}})));

  std::vector<std::string> ids;
  std::vector<int> line_counts;
  GK_ASSERT_OK(store->ForEachLicenceView([&](const v1::LicenceView& view) {
    ids.push_back(view.licence().licence_id());
    line_counts.push_back(view.balances_size());
  }));
  EXPECT_THAT(ids, ElementsAre(kOtherLicence, kLicence));
  EXPECT_THAT(line_counts, ElementsAre(1, 2));

  absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> counts = store->CountRecords();
  ASSERT_TRUE(counts.ok());
  EXPECT_THAT(*counts, ::testing::Contains(Pair("licences", 2)));
  EXPECT_THAT(*counts, ::testing::Contains(Pair("lines", 3)));
  EXPECT_THAT(*counts, ::testing::Contains(Pair("declarations", 2)));
  EXPECT_THAT(*counts, ::testing::Contains(Pair("attributions", 3)));
  EXPECT_THAT(*counts, ::testing::Contains(Pair("outputs", 5)));
  EXPECT_THAT(*counts, ::testing::Contains(Pair("usage_by_licence", 3)));
}

TEST_F(StoreTest, OpenRefusesAnotherFormatVersion) {
  OpenStore().reset();
  {
    absl::StatusOr<std::unique_ptr<Database>> raw = Database::Open(dir_, false);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE((*raw)->db()->Put({}, (*raw)->families().meta, kFormatVersionKey, "99").ok());
  }
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(Options());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(store.status().message()), HasSubstr("format version 99"));
}

// A next sequence that disagrees with the output log means something else wrote the
// database: the store still opens for reading and Verify, but refuses to build on it.
TEST_F(StoreTest, OpenFindsDamagedBookkeepingAndRefusesWrites) {
  {
    std::unique_ptr<Store> store = OpenStore();
    StageHistory(*store);
    GK_ASSERT_OK(store->Commit());
  }
  {
    absl::StatusOr<std::unique_ptr<Database>> raw = Database::Open(dir_, false);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE((*raw)->db()->Put({}, (*raw)->families().meta, kNextSequenceKey, "4").ok());
  }
  std::unique_ptr<Store> store = OpenStore();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->GetDecision(kMrn1)->status(), v1::CLEARED);
  absl::Status verify = store->Verify();
  EXPECT_EQ(verify.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(verify.message()),
              HasSubstr("next sequence is 4 but the output log ends at 5"));
  absl::StatusOr<LedgerEffects> effects =
      DecideAndStage(*store, DispositionEvent(kMrn2, v1::RELEASE));
  EXPECT_EQ(effects.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(store->StageMeta({{.key = "offset/x/0", .value = "1"}}).code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(StoreTest, OpenWithoutCreateFindsNoStore) {
  StoreOptions options = Options();
  options.data_dir = dir_ + "/absent";
  options.create_if_missing = false;
  EXPECT_EQ(Store::Open(options).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, ASecondOpenOfTheSameDirectoryIsRefused) {
  std::unique_ptr<Store> store = OpenStore();
  absl::StatusOr<std::unique_ptr<Store>> second = Store::Open(Options());
  EXPECT_FALSE(second.ok());
}

}  // namespace
}  // namespace gatekeeper::storage::testing
