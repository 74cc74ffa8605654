// The real Engine on the Store, side by side with the engine on MemoryState (the reference
// behaviour of applying effects): the same events must give the same decisions, usage
// records and balances, with events committed in groups and the store reopened between them.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/memory_state.h"
#include "storage/store.h"
#include "tests/storage/event_stream.h"
#include "tests/storage/store_events.h"
#include "tests/storage/store_test_util.h"

namespace gatekeeper::storage::testing {
namespace {

using ::testing::ElementsAre;

constexpr char kLicence[] = "NL-DU-2025-000123";
constexpr char kMrnClear[] = "25NL000000000000C1";
constexpr char kMrnHold[] = "25NL000000000000H2";
constexpr char kMrnRefuse[] = "25NL000000000000R3";
constexpr char kMrnAmend[] = "25NL000000000000A4";

// Applies every event to a Store and to a MemoryState, each decided by the engine on its own
// state, and checks after each event that both decided alike.
class SideBySide {
 public:
  explicit SideBySide(Store* store) : store_(store) {}

  // The engine's refusal, if both refused alike; the effects otherwise.
  absl::StatusOr<LedgerEffects> Apply(const v1::Event& event) {
    absl::StatusOr<LedgerEffects> reference = Decide(event, memory_);
    absl::StatusOr<LedgerEffects> stored = DecideAndStage(*store_, event);
    EXPECT_EQ(stored.status().code(), reference.status().code())
        << stored.status() << " vs " << reference.status() << " for " << event.ShortDebugString();
    if (!reference.ok() || !stored.ok()) return stored;
    memory_.Apply(*reference);
    EXPECT_EQ(stored->duplicate, reference->duplicate);
    EXPECT_EQ(Text(stored->outputs), Text(reference->outputs)) << event.ShortDebugString();
    EXPECT_EQ(stored->next_sequence, reference->next_sequence);
    return stored;
  }

  const MemoryState& memory() const { return memory_; }
  void set_store(Store* store) { store_ = store; }

 private:
  static std::string Text(const std::vector<internal::OutputRecord>& records) {
    std::string text;
    for (const auto& record : records) absl::StrAppend(&text, record.ShortDebugString(), "\n");
    return text;
  }

  Store* store_;
  MemoryState memory_;
};

// Every ledger of the licence, as text, for comparing two states.
std::string LedgersOf(const LedgerState& state, const std::string& licence_id) {
  std::string text;
  for (const internal::LineLedger& ledger : state.LinesOf(licence_id)) {
    absl::StrAppend(&text, ledger.ShortDebugString(), "\n");
  }
  return text;
}

struct Balance {
  std::string remaining, consumed, reserved;
  bool operator==(const Balance&) const = default;
};

void PrintTo(const Balance& b, std::ostream* os) {
  *os << "remaining " << b.remaining << " consumed " << b.consumed << " reserved " << b.reserved;
}

// Quantity balances per line, as the licence view shows them to the authority.
std::vector<Balance> QuantityBalances(const Store& store) {
  absl::StatusOr<v1::LicenceView> view = store.GetLicenceView(kLicence);
  EXPECT_TRUE(view.ok()) << view.status();
  std::vector<Balance> balances;
  if (!view.ok()) return balances;
  for (const v1::LineBalance& line : view->balances()) {
    balances.push_back(
        {line.remaining().amount(), line.consumed().amount(), line.reserved().amount()});
  }
  return balances;
}

v1::DeclarationStatus StatusOf(const Store& store, const std::string& mrn) {
  absl::StatusOr<v1::Decision> decision = store.GetDecision(mrn);
  EXPECT_TRUE(decision.ok()) << decision.status();
  return decision.ok() ? decision->status() : v1::DECLARATION_STATUS_UNSPECIFIED;
}

TEST_F(StoreTest, EngineOnTheStoreMatchesMemoryStateThroughEveryTransition) {
  std::unique_ptr<Store> store = OpenStore();
  SideBySide both(store.get());
  const auto apply = [&](const v1::Event& event) {
    absl::StatusOr<LedgerEffects> effects = both.Apply(event);
    EXPECT_TRUE(effects.ok()) << effects.status() << " for " << event.ShortDebugString();
  };
  const auto reopen = [&] {
    GK_ASSERT_OK(store->Commit());
    GK_ASSERT_OK(store->Verify());
    store.reset();
    store = OpenStore();
    both.set_store(store.get());
  };

  // 100 NAR on line 1, 50 KGM on line 2.
  apply(LicenceEvent(kLicence, {"CN"},
                     {{.line_no = 1, .amount = "100", .value_eur = "120000"},
                      {.line_no = 2, .amount = "50", .unit = "KGM"}}));
  apply(DeclarationEvent(kMrnClear, 1, {{.amount = "40", .licence_id = kLicence, .line_no = 1}}));
  EXPECT_EQ(StatusOf(*store, kMrnClear), v1::CLEARED);
  // Held by an unknown licence on item 2: item 1 reserves 25 NAR.
  apply(DeclarationEvent(kMrnHold, 1,
                         {{.item_no = 1, .amount = "25", .licence_id = kLicence, .line_no = 1},
                          {.item_no = 2, .amount = "1", .licence_id = "NL-DU-2025-999999"}}));
  EXPECT_EQ(StatusOf(*store, kMrnHold), v1::HELD);
  apply(DeclarationEvent(kMrnRefuse, 1,
                         {{.item_no = 1, .amount = "5", .unit = "KGM", .licence_id = kLicence,
                           .line_no = 2},
                          {.item_no = 2, .amount = "1", .licence_id = "NL-DU-2025-999999"}}));
  EXPECT_THAT(QuantityBalances(*store),
              ElementsAre(Balance{"35", "40", "25"}, Balance{"45", "0", "5"}));
  reopen();

  apply(DispositionEvent(kMrnHold, v1::RELEASE));
  EXPECT_EQ(StatusOf(*store, kMrnHold), v1::RELEASED);
  apply(DispositionEvent(kMrnRefuse, v1::REFUSE));
  EXPECT_EQ(StatusOf(*store, kMrnRefuse), v1::REFUSED);
  EXPECT_THAT(QuantityBalances(*store),
              ElementsAre(Balance{"35", "65", "0"}, Balance{"50", "0", "0"}));

  // Amendment: version 2 replaces version 1's 10 NAR with 30 NAR, in one step.
  apply(DeclarationEvent(kMrnAmend, 1, {{.amount = "10", .licence_id = kLicence, .line_no = 1}}));
  apply(DeclarationEvent(kMrnAmend, 2, {{.amount = "30", .licence_id = kLicence, .line_no = 1}}));
  EXPECT_EQ(store->GetDecision(kMrnAmend)->version(), 2u);
  EXPECT_THAT(QuantityBalances(*store),
              ElementsAre(Balance{"5", "95", "0"}, Balance{"50", "0", "0"}));
  // A resent version 1 changes nothing.
  absl::StatusOr<LedgerEffects> duplicate = both.Apply(
      DeclarationEvent(kMrnAmend, 1, {{.amount = "10", .licence_id = kLicence, .line_no = 1}}));
  ASSERT_TRUE(duplicate.ok());
  EXPECT_TRUE(duplicate->duplicate);
  reopen();

  apply(InvalidationEvent(kMrnClear));
  EXPECT_EQ(StatusOf(*store, kMrnClear), v1::INVALIDATED);
  EXPECT_THAT(QuantityBalances(*store),
              ElementsAre(Balance{"45", "55", "0"}, Balance{"50", "0", "0"}));
  // The authority lowers line 1 below what is written off: remaining goes negative.
  apply(LicenceEvent(kLicence, {"CN"},
                     {{.line_no = 1, .amount = "50", .value_eur = "120000"},
                      {.line_no = 2, .amount = "50", .unit = "KGM"}}));
  EXPECT_THAT(QuantityBalances(*store),
              ElementsAre(Balance{"-5", "55", "0"}, Balance{"50", "0", "0"}));
  // Refused by the engine on both sides: a disposition of a declaration that is not held.
  EXPECT_EQ(both.Apply(DispositionEvent(kMrnAmend, v1::RELEASE)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  reopen();

  EXPECT_EQ(LedgersOf(*store, kLicence), LedgersOf(both.memory(), kLicence));
  EXPECT_EQ(store->next_sequence(), both.memory().next_sequence());
  absl::StatusOr<std::vector<internal::OutputRecord>> outputs = store->ReadOutputs(0, 1000);
  ASSERT_TRUE(outputs.ok());
  ASSERT_EQ(outputs->size(), both.memory().outputs().size());
  for (size_t i = 0; i < outputs->size(); ++i) {
    EXPECT_EQ((*outputs)[i].ShortDebugString(), both.memory().outputs()[i].ShortDebugString());
  }
}

// A long random stream of every kind of event, committed in groups of five: after every
// event the store decides exactly as MemoryState does, Verify holds at every hundredth
// event, and the reopened store holds the same state.
TEST_F(StoreTest, RandomStreamMatchesMemoryState) {
  const EventStream stream = MakeEventStream(/*seed=*/20250602, /*count=*/1500);
  std::unique_ptr<Store> store = OpenStore();
  SideBySide both(store.get());
  size_t refused = 0;
  for (size_t i = 0; i < stream.events.size(); ++i) {
    if (!both.Apply(stream.events[i]).ok()) ++refused;
    if (i % 5 == 4) GK_ASSERT_OK(store->Commit());
    if (i % 100 == 99) GK_ASSERT_OK(store->Verify());
    if (i % 500 == 499) {
      ASSERT_EQ(StateDigest(*store, stream), StateDigest(both.memory(), stream)) << "event " << i;
    }
  }
  GK_ASSERT_OK(store->Commit());
  EXPECT_GT(refused, 0u) << "the stream exercises refusals";
  EXPECT_LT(refused, stream.events.size() / 2);
  store.reset();
  store = OpenStore();
  GK_ASSERT_OK(store->Verify());
  EXPECT_EQ(StateDigest(*store, stream), StateDigest(both.memory(), stream));
  absl::StatusOr<std::vector<internal::OutputRecord>> outputs =
      store->ReadOutputs(0, both.memory().outputs().size() + 1);
  ASSERT_TRUE(outputs.ok());
  ASSERT_EQ(outputs->size(), both.memory().outputs().size());
  for (size_t i = 0; i < outputs->size(); ++i) {
    ASSERT_EQ((*outputs)[i].ShortDebugString(), both.memory().outputs()[i].ShortDebugString());
  }
}

}  // namespace
}  // namespace gatekeeper::storage::testing
