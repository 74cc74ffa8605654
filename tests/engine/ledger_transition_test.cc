// Every ledger transition of contract §4, asserting what an officer and a licence authority
// see: the decision's status, the balances of each licence line, and the usage records.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/engine/engine_harness.h"

namespace gatekeeper::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kMrn[] = "25NL4A7B9C2D1E3F5G";
constexpr char kOtherMrn[] = "25NL000000000000B1";

std::string Licence(const std::string& id, const std::string& lines,
                    const std::string& destinations = R"(["CN"])",
                    const std::string& type = "INDIVIDUAL") {
  return absl::StrCat(R"({"licence": {"licenceId": ")", id, R"(", "type": ")", type,
                      R"(", "holderEori": "NL123456789", "validFrom": "2025-01-01",
                      "validUntil": "2026-12-31", "destinations": )",
                      destinations, R"(, "lines": )", lines, "}}");
}

// 100 NAR / 120,000 EUR on line 1 (6A002), 50 KGM on line 2 (1C010).
const std::string kLicence = Licence("NL-DU-2025-000123", R"([
    {"lineNo": 1, "controlCode": "6A002", "quantity": {"amount": "100", "unit": "NAR"},
     "valueEur": "120000"},
    {"lineNo": 2, "controlCode": "1C010", "quantity": {"amount": "50", "unit": "KGM"}}])");

std::string Item(int item_no, const std::string& amount, const std::string& documents,
                 const std::string& control = "6A002.a.3") {
  return absl::StrCat(R"({"itemNo": )", item_no, R"(, "cnCode": "85414900", "controlCode": ")",
                      control, R"(", "netMassKg": "12.5", "quantity": {"amount": ")", amount,
                      R"(", "unit": "NAR"}, "valueEur": "1000", "documents": [)", documents, "]}");
}

std::string X060(const std::string& licence = "NL-DU-2025-000123", const std::string& more = "") {
  return absl::StrCat(R"({"code": "X060", "reference": ")", licence, "\"", more, "}");
}

std::string Declaration(const std::string& mrn, int version, const std::string& items) {
  return absl::StrCat(R"({"declaration": {"mrn": ")", mrn, R"(", "version": )", version,
                      R"(, "lodgedAt": "2025-06-02T08:15:00Z",
                      "exporter": {"eori": "NL123456789"},
                      "consignee": {"name": "Shenzhen Optics", "country": "CN"},
                      "destinationCountry": "CN", "officeOfExport": "NL000396",
                      "items": [)",
                      items, "]}}");
}

std::string Disposition(const std::string& action, int version = 0) {
  return absl::StrCat(R"({"disposition": {"mrn": ")", kMrn, R"(", "version": )", version,
                      R"(, "action": ")", action, R"(", "officerId": "NL-OFF-17",
                      "note": "checked"}})");
}

std::string Invalidation(const std::string& mrn = kMrn) {
  return absl::StrCat(R"({"invalidation": {"mrn": ")", mrn,
                      R"(", "exporterEori": "NL123456789", "reason": "goods not shipped"}})");
}

struct Balance {
  std::string remaining, consumed, reserved;
};

Balance QuantityOf(const internal::LineLedger& line) {
  auto f = [](int64_t milli) { return absl::StrCat(milli / 1000.0); };
  return {f(line.remaining_milli()), f(line.consumed_milli()), f(line.reserved_milli())};
}

MATCHER_P3(HasBalance, remaining, consumed, reserved, "") {
  const Balance b = QuantityOf(arg);
  *result_listener << "remaining " << b.remaining << " consumed " << b.consumed << " reserved "
                   << b.reserved;
  return b.remaining == remaining && b.consumed == consumed && b.reserved == reserved;
}

std::vector<std::string> Actions(const std::vector<v1::UsageRecord>& usage) {
  std::vector<std::string> actions;
  for (const v1::UsageRecord& record : usage) {
    actions.push_back(absl::StrCat(v1::UsageAction_Name(record.action()), " ",
                                   record.quantity().amount(), " ", record.quantity().unit()));
  }
  return actions;
}

class LedgerTransitionTest : public ::testing::Test {
 protected:
  void SetUp() override { h_.MustApply(kLicence); }
  internal::LineLedger Line1() { return h_.Line("NL-DU-2025-000123", 1); }
  void TearDown() override { EXPECT_EQ(CheckLedgerInvariant(h_.state()), ""); }
  EngineHarness h_;
};

TEST_F(LedgerTransitionTest, ClearDeclarationWritesOffAtOnce) {
  h_.MustApply(Declaration(kMrn, 1, Item(1, "40", X060())));
  const v1::Decision decision = h_.LastDecision();
  EXPECT_EQ(decision.status(), v1::CLEARED);
  EXPECT_EQ(decision.outcome(), v1::CLEAR);
  ASSERT_EQ(decision.items(0).attributions_size(), 1);
  EXPECT_EQ(decision.items(0).attributions(0).quantity().amount(), "40");
  EXPECT_EQ(decision.items(0).attributions(0).value_eur(), "1000");
  EXPECT_EQ(decision.items(0).attributions(0).state(), v1::CONSUMED);
  EXPECT_THAT(Line1(), HasBalance("60", "40", "0"));
  EXPECT_EQ(Line1().remaining_cents(), 11900000);
  EXPECT_THAT(Actions(h_.LastUsage()), ::testing::ElementsAre("CONSUME 40 NAR"));
  // One sequence for usage records and decisions: the usage record first.
  EXPECT_EQ(h_.LastUsage()[0].sequence(), 1u);
  EXPECT_EQ(decision.sequence(), 2u);
  EXPECT_EQ(h_.LastUsage()[0].mrn(), kMrn);
  EXPECT_EQ(h_.LastUsage()[0].item_no(), 1);
}

TEST_F(LedgerTransitionTest, HeldDeclarationReservesWhatCanBeCovered) {
  h_.MustApply(Declaration(
      kMrn, 1, absl::StrCat(Item(1, "40", X060()), ",", Item(2, "5", X060("NL-DU-2025-UNKNOWN")))));
  const v1::Decision decision = h_.LastDecision();
  EXPECT_EQ(decision.status(), v1::HELD);
  EXPECT_EQ(decision.items(0).outcome(), v1::CLEAR);
  EXPECT_EQ(decision.items(1).outcome(), v1::HOLD);
  EXPECT_EQ(decision.items(0).attributions(0).state(), v1::RESERVED);
  EXPECT_TRUE(decision.items(1).attributions().empty());
  EXPECT_THAT(Line1(), HasBalance("60", "0", "40"));
  EXPECT_THAT(Actions(h_.LastUsage()), ::testing::ElementsAre("RESERVE 40 NAR"));
}

TEST_F(LedgerTransitionTest, AnItemIsCoveredInFullOrNotAtAll) {
  h_.MustApply(Declaration(kMrn, 1, Item(1, "150", X060())));
  EXPECT_EQ(h_.LastDecision().status(), v1::HELD);
  EXPECT_TRUE(h_.LastDecision().items(0).attributions().empty());
  EXPECT_THAT(Line1(), HasBalance("100", "0", "0"));
  EXPECT_TRUE(h_.LastUsage().empty());
}

TEST_F(LedgerTransitionTest, LaterItemsSeeEarlierItemsOfTheSameDeclaration) {
  h_.MustApply(
      Declaration(kMrn, 1, absl::StrCat(Item(1, "60", X060()), ",", Item(2, "60", X060()))));
  const v1::Decision decision = h_.LastDecision();
  EXPECT_EQ(decision.status(), v1::HELD);
  EXPECT_EQ(decision.items(1).reasons(0).code(), v1::QUANTITY_EXCEEDED);
  EXPECT_THAT(decision.items(1).reasons(0).detail(),
              HasSubstr("requested 60 NAR, remaining 40 NAR on line 1"));
  EXPECT_THAT(Line1(), HasBalance("40", "0", "60"));
}

TEST_F(LedgerTransitionTest, AmendmentVoidsThePreviousVersionAndDecidesAnew) {
  h_.MustApply(Declaration(kMrn, 1, Item(1, "90", X060())));
  EXPECT_THAT(Line1(), HasBalance("10", "90", "0"));
  // 95 fits only because the 90 of version 1 come back first, in the same step.
  h_.MustApply(Declaration(kMrn, 2, Item(1, "95", X060())));
  EXPECT_EQ(h_.LastDecision().version(), 2u);
  EXPECT_EQ(h_.LastDecision().status(), v1::CLEARED);
  EXPECT_THAT(Line1(), HasBalance("5", "95", "0"));
  EXPECT_THAT(Actions(h_.LastUsage()), ::testing::ElementsAre("RETURN 90 NAR", "CONSUME 95 NAR"));
  EXPECT_EQ(h_.LastUsage()[0].version(), 1u);
  EXPECT_EQ(h_.LastUsage()[1].version(), 2u);
}

TEST_F(LedgerTransitionTest, AmendmentOfAHeldDeclarationUnreserves) {
  h_.MustApply(Declaration(
      kMrn, 1, absl::StrCat(Item(1, "40", X060()), ",", Item(2, "5", X060("NL-DU-2025-UNKNOWN")))));
  h_.MustApply(Declaration(kMrn, 2, Item(1, "30", X060())));
  EXPECT_EQ(h_.LastDecision().status(), v1::CLEARED);
  EXPECT_THAT(Line1(), HasBalance("70", "30", "0"));
  EXPECT_THAT(Actions(h_.LastUsage()),
              ::testing::ElementsAre("UNRESERVE 40 NAR", "CONSUME 30 NAR"));
}

TEST_F(LedgerTransitionTest, DuplicatesAndStaleVersionsChangeNothing) {
  h_.MustApply(Declaration(kMrn, 1, Item(1, "40", X060())));
  h_.MustApply(Declaration(kMrn, 2, Item(1, "50", X060())));
  const uint64_t next = h_.state().next_sequence();
  for (int version : {2, 1}) {
    absl::StatusOr<LedgerEffects> effects =
        h_.ApplyJson(Declaration(kMrn, version, Item(1, "70", X060())));
    ASSERT_TRUE(effects.ok());
    EXPECT_TRUE(effects->duplicate);
    EXPECT_TRUE(effects->outputs.empty());
  }
  EXPECT_EQ(h_.state().next_sequence(), next);
  EXPECT_THAT(Line1(), HasBalance("50", "50", "0"));
}

TEST_F(LedgerTransitionTest, ReleaseConsumesTheReservation) {
  h_.MustApply(Declaration(
      kMrn, 1, absl::StrCat(Item(1, "40", X060()), ",", Item(2, "5", X060("NL-DU-2025-UNKNOWN")))));
  h_.MustApply(Disposition("RELEASE"));
  const v1::Decision decision = h_.LastDecision();
  EXPECT_EQ(decision.status(), v1::RELEASED);
  EXPECT_EQ(decision.disposition().officer_id(), "NL-OFF-17");
  EXPECT_EQ(decision.disposition().version(), 1u);
  EXPECT_EQ(decision.items(0).attributions(0).state(), v1::CONSUMED);
  EXPECT_THAT(Line1(), HasBalance("60", "40", "0"));
  EXPECT_THAT(Actions(h_.LastUsage()), ::testing::ElementsAre("COMMIT 40 NAR"));
}

TEST_F(LedgerTransitionTest, RefusalGivesTheReservationBack) {
  h_.MustApply(Declaration(
      kMrn, 1, absl::StrCat(Item(1, "40", X060()), ",", Item(2, "5", X060("NL-DU-2025-UNKNOWN")))));
  h_.MustApply(Disposition("REFUSE", 1));
  EXPECT_EQ(h_.LastDecision().status(), v1::REFUSED);
  EXPECT_TRUE(h_.LastDecision().items(0).attributions().empty());
  EXPECT_THAT(Line1(), HasBalance("100", "0", "0"));
  EXPECT_THAT(Actions(h_.LastUsage()), ::testing::ElementsAre("UNRESERVE 40 NAR"));
}

TEST_F(LedgerTransitionTest, InvalidationReturnsEverything) {
  h_.MustApply(Declaration(kMrn, 1, Item(1, "40", X060())));
  h_.MustApply(Invalidation());
  EXPECT_EQ(h_.LastDecision().status(), v1::INVALIDATED);
  EXPECT_THAT(Line1(), HasBalance("100", "0", "0"));
  EXPECT_THAT(Actions(h_.LastUsage()), ::testing::ElementsAre("RETURN 40 NAR"));
}

TEST_F(LedgerTransitionTest, InvalidationOfAHeldDeclarationUnreserves) {
  h_.MustApply(Declaration(
      kMrn, 1, absl::StrCat(Item(1, "40", X060()), ",", Item(2, "5", X060("NL-DU-2025-UNKNOWN")))));
  h_.MustApply(Invalidation());
  EXPECT_THAT(Line1(), HasBalance("100", "0", "0"));
  EXPECT_THAT(Actions(h_.LastUsage()), ::testing::ElementsAre("UNRESERVE 40 NAR"));
}

TEST_F(LedgerTransitionTest, ForbiddenTransitionsAreRefusedWithAClearError) {
  h_.MustApply(Declaration(kMrn, 1, Item(1, "40", X060())));
  const uint64_t next = h_.state().next_sequence();
  auto code_of = [&](const std::string& json) { return h_.ApplyJson(json).status(); };
  absl::Status dispose_clear = code_of(Disposition("RELEASE"));
  EXPECT_EQ(dispose_clear.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(dispose_clear.message(), HasSubstr("is CLEARED; only a HELD declaration"));
  EXPECT_EQ(code_of(Disposition("RELEASE", 3)).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(code_of(Invalidation(kOtherMrn)).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(code_of(R"({"disposition": {"mrn": "25NL000000000000B1", "action": "RELEASE",
                       "officerId": "o"}})")
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(code_of(R"({"disposition": {"mrn": "25NL4A7B9C2D1E3F5G", "officerId": "o"}})").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      code_of(R"({"disposition": {"mrn": "25NL4A7B9C2D1E3F5G", "action": "RELEASE"}})").code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code_of(R"({"invalidation": {"mrn": "25NL4A7B9C2D1E3F5G",
                       "exporterEori": "DE999"}})")
                .code(),
            absl::StatusCode::kFailedPrecondition);
  h_.MustApply(Invalidation());
  EXPECT_EQ(code_of(Invalidation()).code(), absl::StatusCode::kFailedPrecondition);
  absl::Status amend = code_of(Declaration(kMrn, 2, Item(1, "40", X060())));
  EXPECT_EQ(amend.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(amend.message(), HasSubstr("INVALIDATED"));
  EXPECT_EQ(h_.state().next_sequence(), next + 2);  // only the invalidation produced output
}

TEST_F(LedgerTransitionTest, ReplacementKeepsWhatWasWrittenOff) {
  h_.MustApply(Declaration(kMrn, 1, Item(1, "40", X060())));
  h_.MustApply(Licence("NL-DU-2025-000123", R"([
      {"lineNo": 1, "controlCode": "6A002", "quantity": {"amount": "120", "unit": "NAR"},
       "valueEur": "120000"}])"));
  EXPECT_THAT(Line1(), HasBalance("80", "40", "0"));
  // Lowered below what is used: remaining goes negative and nothing more can be written off.
  h_.MustApply(Licence("NL-DU-2025-000123", R"([
      {"lineNo": 1, "controlCode": "6A002", "quantity": {"amount": "30", "unit": "NAR"},
       "valueEur": "120000"}])"));
  EXPECT_THAT(Line1(), HasBalance("-10", "40", "0"));
  EXPECT_TRUE(Line1().lowered_by_replacement());
  h_.MustApply(Declaration(kOtherMrn, 1, Item(1, "1", X060())));
  EXPECT_EQ(h_.LastDecision().items(0).reasons(0).code(), v1::QUANTITY_EXCEEDED);
  EXPECT_THAT(h_.LastDecision().items(0).reasons(0).detail(), HasSubstr("remaining -10 NAR"));
  // Giving the 40 back clears the flag.
  h_.MustApply(Invalidation());
  EXPECT_THAT(Line1(), HasBalance("30", "0", "0"));
  EXPECT_FALSE(Line1().lowered_by_replacement());
}

TEST_F(LedgerTransitionTest, DroppedLineKeepsItsWriteOffsUntilReturned) {
  h_.MustApply(Declaration(
      kMrn, 1, Item(1, "40", X060("NL-DU-2025-000123", R"(, "lineNo": 2)"), "1C010.a")));
  EXPECT_EQ(h_.LastDecision().status(), v1::CLEARED);
  EXPECT_EQ(h_.LastDecision().items(0).attributions(0).quantity().unit(), "KGM");
  EXPECT_EQ(h_.LastDecision().items(0).attributions(0).quantity().amount(), "12.5");
  h_.MustApply(Licence("NL-DU-2025-000123", R"([
      {"lineNo": 1, "controlCode": "6A002", "quantity": {"amount": "100", "unit": "NAR"}}])"));
  EXPECT_THAT(h_.Line("NL-DU-2025-000123", 2), HasBalance("-12.5", "12.5", "0"));
  h_.MustApply(Invalidation());
  EXPECT_THAT(h_.Line("NL-DU-2025-000123", 2), HasBalance("0", "0", "0"));
}

TEST_F(LedgerTransitionTest, CapCannotChangeWhileWriteOffsAreHeld) {
  h_.MustApply(Declaration(kMrn, 1, Item(1, "40", X060())));
  absl::StatusOr<LedgerEffects> effects =
      h_.ApplyJson(Licence("NL-DU-2025-000123", R"([{"lineNo": 1, "controlCode": "6A002"}])"));
  EXPECT_EQ(effects.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(effects.status().message(), HasSubstr("line 1"));
}

TEST_F(LedgerTransitionTest, ToleranceAllowsAnExcessUpToItsShare) {
  h_.MustApply(Licence("NL-AES-1", R"([{"lineNo": 1, "controlCode": "6A002",
      "quantity": {"amount": "100", "unit": "NAR"}, "tolerancePercent": 10}])"));
  h_.MustApply(Declaration(kMrn, 1, Item(1, "105", X060("NL-AES-1"))));
  EXPECT_EQ(h_.LastDecision().status(), v1::CLEARED);
  EXPECT_THAT(h_.Line("NL-AES-1", 1), HasBalance("-5", "105", "0"));
  h_.MustApply(Declaration(kOtherMrn, 1, Item(1, "6", X060("NL-AES-1"))));
  EXPECT_EQ(h_.LastDecision().status(), v1::HELD);
  EXPECT_THAT(h_.LastDecision().items(0).reasons(0).detail(),
              HasSubstr("remaining -5 NAR (+10 NAR tolerance)"));
}

TEST_F(LedgerTransitionTest, DocumentsWithoutAmountsShareTheItemInOrder) {
  h_.MustApply(
      Licence("NL-DU-A", R"([{"lineNo": 1, "quantity": {"amount": "30", "unit": "NAR"}}])"));
  h_.MustApply(
      Licence("NL-DU-B", R"([{"lineNo": 1, "quantity": {"amount": "100", "unit": "NAR"}}])"));
  h_.MustApply(
      Declaration(kMrn, 1, Item(1, "50", absl::StrCat(X060("NL-DU-A"), ",", X060("NL-DU-B")))));
  const v1::Decision decision = h_.LastDecision();
  ASSERT_EQ(decision.status(), v1::CLEARED);
  ASSERT_EQ(decision.items(0).attributions_size(), 2);
  EXPECT_EQ(decision.items(0).attributions(0).licence_id(), "NL-DU-A");
  EXPECT_EQ(decision.items(0).attributions(0).quantity().amount(), "30");
  EXPECT_EQ(decision.items(0).attributions(1).licence_id(), "NL-DU-B");
  EXPECT_EQ(decision.items(0).attributions(1).quantity().amount(), "20");
  // Not enough on both together: the shortfall is reported and nothing is written off.
  h_.MustApply(Declaration(kOtherMrn, 1,
                           Item(1, "90", absl::StrCat(X060("NL-DU-A"), ",", X060("NL-DU-B")))));
  EXPECT_EQ(h_.LastDecision().status(), v1::HELD);
  EXPECT_EQ(h_.LastDecision().items(0).reasons(0).code(), v1::QUANTITY_EXCEEDED);
  EXPECT_EQ(h_.LastDecision().items(0).reasons(0).licence_id(), "NL-DU-B");
  EXPECT_TRUE(h_.LastDecision().items(0).attributions().empty());
  EXPECT_THAT(h_.Line("NL-DU-B", 1), HasBalance("80", "20", "0"));
}

TEST_F(LedgerTransitionTest, UncappedLinesRecordUsageButKeepNoBalance) {
  h_.MustApply(Licence("EU001", R"([{"lineNo": 1}])", R"(["US", "JP"])", "UNION_GENERAL"));
  h_.MustApply(Declaration(kMrn, 1, Item(1, "500", R"({"code": "X061", "reference": "EU001"})")));
  // Destination is CN, not covered by EU001.
  EXPECT_EQ(h_.LastDecision().items(0).reasons(0).code(), v1::DESTINATION_NOT_COVERED);
  std::string to_us =
      Declaration(kOtherMrn, 1, Item(1, "500", R"({"code": "X061", "reference": "EU001"})"));
  to_us.replace(to_us.find(R"("destinationCountry": "CN")"), 26, R"("destinationCountry": "US")");
  h_.MustApply(to_us);
  EXPECT_EQ(h_.LastDecision().status(), v1::CLEARED);
  EXPECT_THAT(Actions(h_.LastUsage()), ::testing::ElementsAre("CONSUME 500 NAR"));
  EXPECT_THAT(h_.Line("EU001", 1), HasBalance("0", "0", "0"));
  EXPECT_EQ(h_.Line("EU001", 1).attribution_count(), 1u);
}

TEST_F(LedgerTransitionTest, SuspensionByDestinationReachesEveryLicence) {
  h_.MustApply(Licence("NL-DU-2025-000124", R"([{"lineNo": 1}])", R"(["CN", "HK"])"));
  h_.MustApply(Licence("NL-DU-2025-000125", R"([{"lineNo": 1}])", R"(["JP"])"));
  h_.MustApply(R"({"licenceStatus": {"destination": "CN", "status": "SUSPENDED",
                   "reason": "measures of 24 Feb"}})");
  EXPECT_EQ(h_.state().FindLicence("NL-DU-2025-000123")->status(), v1::SUSPENDED);
  EXPECT_EQ(h_.state().FindLicence("NL-DU-2025-000124")->status(), v1::SUSPENDED);
  EXPECT_EQ(h_.state().FindLicence("NL-DU-2025-000125")->status(), v1::ACTIVE);
  h_.MustApply(Declaration(kMrn, 1, Item(1, "1", X060())));
  EXPECT_EQ(h_.LastDecision().items(0).reasons(0).code(), v1::LICENCE_SUSPENDED);
  h_.MustApply(R"({"licenceStatus": {"licenceId": "NL-DU-2025-000123", "status": "ACTIVE"}})");
  h_.MustApply(Declaration(kOtherMrn, 1, Item(1, "1", X060())));
  EXPECT_EQ(h_.LastDecision().status(), v1::CLEARED);
}

TEST_F(LedgerTransitionTest, ValueCapIsWrittenOffInCents) {
  h_.MustApply(Declaration(
      kMrn, 1, Item(1, "10", X060("NL-DU-2025-000123", R"(, "writeOffValueEur": "119999.99")"))));
  EXPECT_EQ(h_.LastDecision().status(), v1::CLEARED);
  EXPECT_EQ(Line1().remaining_cents(), 1);
  h_.MustApply(Declaration(kOtherMrn, 1, Item(1, "1", X060())));
  EXPECT_EQ(h_.LastDecision().items(0).reasons(0).code(), v1::VALUE_EXCEEDED);
  EXPECT_THAT(h_.LastDecision().items(0).reasons(0).detail(),
              HasSubstr("requested 1000 EUR, remaining 0.01 EUR"));
}

TEST_F(LedgerTransitionTest, RulesAndPartiesCanBeRemoved) {
  h_.MustApply(R"({"rule": {"ruleId": "EMB-CN", "kind": "EMBARGO", "destinations": ["CN"]}})");
  h_.MustApply(Declaration(kMrn, 1, Item(1, "1", X060())));
  EXPECT_EQ(h_.LastDecision().items(0).reasons(0).code(), v1::EMBARGO_PROHIBITED);
  h_.MustApply(R"({"ruleRemoval": {"ruleId": "EMB-CN"}})");
  h_.MustApply(R"({"ruleRemoval": {"ruleId": "EMB-CN"}})");  // idempotent
  h_.MustApply(R"({"party": {"partyId": "P-1", "names": ["Shenzhen Optics"], "source": "T"}})");
  h_.MustApply(Declaration(kOtherMrn, 1, Item(1, "1", X060())));
  EXPECT_THAT(ReasonCodes(h_.LastDecision().items(0)), ::testing::ElementsAre("DENIED_PARTY"));
  h_.MustApply(R"({"partyRemoval": {"partyId": "P-1"}})");
  h_.MustApply(Declaration("25NL000000000000C2", 1, Item(1, "1", X060())));
  EXPECT_EQ(h_.LastDecision().status(), v1::CLEARED);
}

}  // namespace
}  // namespace gatekeeper::testing
