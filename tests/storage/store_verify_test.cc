// Store::Verify (behind `gkctl verify`) on a healthy store and on stores damaged behind the
// store's back, through RocksDB directly: each damage must be reported as FailedPrecondition
// naming what is wrong (the licence and line, or the record).
#include <functional>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/database.h"
#include "storage/key_codec.h"
#include "storage/schema.h"
#include "storage/store.h"
#include "tests/storage/store_events.h"
#include "tests/storage/store_test_util.h"

namespace gatekeeper::storage::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kLicence[] = "NL-DU-2025-000123";
constexpr char kOtherLicence[] = "BE-VL-2025-000042";
constexpr char kCleared[] = "25NL4A7B9C2D1E3F5G";
constexpr char kHeld[] = "25NL4A7B9C2D1E3F6H";

// What a damage does to the raw database, and what Verify must then say.
struct Damage {
  std::string name;
  std::function<void(Database&)> apply;
  std::string expected_message;
};

void PrintTo(const Damage& damage, std::ostream* os) { *os << damage.name; }

internal::LineLedger ReadLedger(Database& db, const std::string& licence_id, int32_t line_no) {
  std::string bytes;
  EXPECT_TRUE(db.db()->Get({}, db.families().lines, LineKey(licence_id, line_no), &bytes).ok());
  internal::LineLedger ledger;
  EXPECT_TRUE(ledger.ParseFromString(bytes));
  return ledger;
}

void WriteLedger(Database& db, const internal::LineLedger& ledger) {
  ASSERT_TRUE(db.db()
                  ->Put({}, db.families().lines, LineKey(ledger.licence_id(), ledger.line_no()),
                        ledger.SerializeAsString())
                  .ok());
}

// Changes line 1 of kLicence with `change`.
std::function<void(Database&)> ChangeLine1(std::function<void(internal::LineLedger&)> change) {
  return [change](Database& db) {
    internal::LineLedger ledger = ReadLedger(db, kLicence, 1);
    change(ledger);
    WriteLedger(db, ledger);
  };
}

std::function<void(Database&)> Erase(rocksdb::ColumnFamilyHandle* ColumnFamilies::*family,
                                     std::string key) {
  return [family, key](Database& db) {
    ASSERT_TRUE(db.db()->Delete({}, db.families().*family, key).ok());
  };
}

// Rewrites the cleared declaration as HELD, in its record and in the output log alike.
void MarkClearedAsHeld(Database& db) {
  std::string bytes;
  ASSERT_TRUE(db.db()->Get({}, db.families().declarations, kCleared, &bytes).ok());
  internal::DeclarationRecord record;
  ASSERT_TRUE(record.ParseFromString(bytes));
  record.mutable_decision()->set_status(v1::HELD);
  ASSERT_TRUE(
      db.db()->Put({}, db.families().declarations, kCleared, record.SerializeAsString()).ok());
  internal::OutputRecord output;
  output.set_sequence(record.decision().sequence());
  *output.mutable_decision() = record.decision();
  ASSERT_TRUE(db.db()
                  ->Put({}, db.families().outputs, SequenceKey(output.sequence()),
                        output.SerializeAsString())
                  .ok());
}

class VerifyTest : public StoreTest, public ::testing::WithParamInterface<Damage> {
 protected:
  // Line 1 of kLicence (100 NAR, 120,000 EUR): 40 NAR consumed by kCleared, 30 NAR reserved
  // by kHeld; line 2 (50 KGM, no value cap): 10 KGM reserved by kHeld. kOtherLicence is
  // untouched. Sequences: 1-2 kCleared, 3-5 kHeld.
  void BuildHistory() {
    std::unique_ptr<Store> store = OpenStore();
    ASSERT_NE(store, nullptr);
    for (const v1::Event& event :
         {LicenceEvent(kLicence, {"CN"},
                       {{.line_no = 1, .amount = "100", .value_eur = "120000"},
                        {.line_no = 2, .amount = "50", .unit = "KGM"}}),
          LicenceEvent(kOtherLicence, {"CN"}, {{.line_no = 1, .amount = "5"}}),
          DeclarationEvent(kCleared, 1, {{.amount = "40", .licence_id = kLicence, .line_no = 1}}),
          DeclarationEvent(kHeld, 1,
                           {{.item_no = 1, .amount = "30", .licence_id = kLicence, .line_no = 1},
                            {.item_no = 2, .amount = "10", .unit = "KGM", .licence_id = kLicence,
                             .line_no = 2},
                            {.item_no = 3, .amount = "1", .licence_id = "NL-DU-2025-999999"}})}) {
      absl::StatusOr<LedgerEffects> effects = DecideAndStage(*store, event);
      ASSERT_TRUE(effects.ok()) << effects.status();
    }
    GK_ASSERT_OK(store->Commit());
    ASSERT_EQ(store->next_sequence(), 6u);
    GK_ASSERT_OK(store->Verify());
  }
};

TEST_P(VerifyTest, ReportsTheDamage) {
  BuildHistory();
  {
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(dir_, false);
    ASSERT_TRUE(db.ok()) << db.status();
    GetParam().apply(**db);
  }
  std::unique_ptr<Store> store = OpenStore();
  ASSERT_NE(store, nullptr);
  absl::Status status = store->Verify();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(GetParam().expected_message));
}

INSTANTIATE_TEST_SUITE_P(
    Damages, VerifyTest,
    ::testing::Values(
        Damage{"Unbalanced", ChangeLine1([](auto& l) { l.set_remaining_milli(31'000); }),
               "licence NL-DU-2025-000123 line 1: authorised 100 NAR but remaining 31 NAR + "
               "consumed 40 NAR + reserved 30 NAR = 101 NAR"},
        Damage{"ConsumedNotAttributed", ChangeLine1([](auto& l) {
                 l.set_consumed_milli(41'000);
                 l.set_remaining_milli(29'000);
               }),
               "licence NL-DU-2025-000123 line 1: consumed 41 NAR but"},
        Damage{"ReservedValueNotAttributed", ChangeLine1([](auto& l) {
                 l.set_reserved_cents(l.reserved_cents() + 1);
                 l.set_remaining_cents(l.remaining_cents() - 1);
               }),
               "licence NL-DU-2025-000123 line 1: reserved 1000.01 EUR but"},
        Damage{"AttributionCount", ChangeLine1([](auto& l) { l.set_attribution_count(3); }),
               "licence NL-DU-2025-000123 line 1: attribution count 3 but"},
        Damage{"AuthorisedNotTheLicence", ChangeLine1([](auto& l) {
                 l.set_authorised_milli(101'000);
                 l.set_remaining_milli(31'000);
               }),
               "licence NL-DU-2025-000123 line 1: authorised 101 NAR but the licence line "
               "authorises 100 NAR"},
        Damage{"BelowTheToleranceFloor", ChangeLine1([](auto& l) {
                 l.set_consumed_milli(71'000);
                 l.set_remaining_milli(-1'000);
               }),
               "licence NL-DU-2025-000123 line 1: remaining -1 NAR is below the tolerance floor"},
        Damage{"UncappedValueHoldsABalance", [](Database& db) {
                 internal::LineLedger ledger = ReadLedger(db, kLicence, 2);
                 ledger.set_authorised_cents(500);
                 ledger.set_remaining_cents(500);
                 WriteLedger(db, ledger);
               },
               "licence NL-DU-2025-000123 line 2: value is not capped"},
        Damage{"AttributionsFamilyLostAnEntry",
               Erase(&ColumnFamilies::attributions, AttributionKey(kLicence, 1, kHeld, 1, 0)),
               "licence NL-DU-2025-000123 line 1: attribution count 2 but the attributions "
               "family's entries hold 1"},
        Damage{"LedgerOfAttributedLineLost", Erase(&ColumnFamilies::lines, LineKey(kLicence, 2)),
               "to licence NL-DU-2025-000123 line 2 has no ledger"},
        Damage{"LedgerOfLicenceLineLost", Erase(&ColumnFamilies::lines, LineKey(kOtherLicence, 1)),
               "licence BE-VL-2025-000042 line 1: has no ledger"},
        Damage{"DecisionNotInTheOutputLog", Erase(&ColumnFamilies::outputs, SequenceKey(5)),
               "declaration 25NL4A7B9C2D1E3F6H: the output log does not hold its current "
               "decision at sequence 5"},
        Damage{"OutputLogGap", Erase(&ColumnFamilies::outputs, SequenceKey(3)),
               "the output log has sequence 4 where 3 was due"},
        Damage{"UsageIndexLostAnEntry",
               Erase(&ColumnFamilies::usage_by_licence, UsageKey(kLicence, 1)),
               "the output log holds 3 usage records but the usage index 2"},
        Damage{"StatusDisagreesWithAttributions", MarkClearedAsHeld,
               "declaration 25NL4A7B9C2D1E3F5G item 1: a HELD declaration holds a CONSUMED "
               "attribution to licence NL-DU-2025-000123 line 1"}),
    [](const ::testing::TestParamInfo<Damage>& info) { return info.param.name; });

}  // namespace
}  // namespace gatekeeper::storage::testing
