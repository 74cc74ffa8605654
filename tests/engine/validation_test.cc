// Rejection of malformed declarations (contract §2): a first version is decided REJECTED with
// `error` naming the field, nothing is written off; a malformed amendment is refused and the
// previous version stands. Authority events are refused with the field named.
#include <string>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/engine/engine_harness.h"

namespace gatekeeper::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kValid[] = R"({"declaration": {"mrn": "25NL4A7B9C2D1E3F5G", "version": 1,
  "lodgedAt": "2025-06-02T08:15:00Z", "exporter": {"eori": "NL123456789", "country": "NL"},
  "consignee": {"name": "Shenzhen Optics Co., Ltd.", "country": "CN"},
  "endUser": {"name": "", "country": ""},
  "destinationCountry": "CN", "routeCountries": ["KZ"], "officeOfExport": "NL000396",
  "items": [{"itemNo": 1, "cnCode": "85414900", "netMassKg": "12.5",
             "quantity": {"amount": "40", "unit": "NAR"}, "valueEur": "48000.00",
             "documents": [{"code": "Y901", "reference": "",
                            "writeOff": {"amount": "40", "unit": "NAR"}}]}]}})";

struct Case {
  std::string name;
  std::string from;  // text in kValid to replace
  std::string to;
  std::string field;  // the field the error must name
};

class RejectionTest : public ::testing::TestWithParam<Case> {};

TEST_P(RejectionTest, FirstVersionIsRejectedNamingTheField) {
  const Case& c = GetParam();
  const std::string json = absl::StrReplaceAll(kValid, {{c.from, c.to}});
  ASSERT_NE(json, kValid) << "the case does not change the declaration";
  EngineHarness harness;
  absl::StatusOr<LedgerEffects> effects = harness.ApplyJson(json);
  ASSERT_TRUE(effects.ok()) << effects.status();
  const v1::Decision decision = harness.LastDecision();
  EXPECT_EQ(decision.status(), v1::REJECTED);
  EXPECT_EQ(decision.outcome(), v1::REJECT);
  EXPECT_THAT(decision.error(), StartsWith(c.field));
  EXPECT_TRUE(decision.items().empty());
  EXPECT_TRUE(effects->line_puts.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Fields, RejectionTest,
    ::testing::Values(
        Case{"MrnShort", "25NL4A7B9C2D1E3F5G", "25NL4A7", "mrn"},
        Case{"MrnLowerCase", "25NL4A7B9C2D1E3F5G", "25nl4A7B9C2D1E3F5G", "mrn"},
        Case{"VersionZero", R"("version": 1)", R"("version": 0)", "version"},
        Case{"LodgedAtMissing", R"("lodgedAt": "2025-06-02T08:15:00Z",)", "", "lodgedAt"},
        Case{"LodgedAtMalformed", "2025-06-02T08:15:00Z", "2025-06-02 08:15", "lodgedAt"},
        Case{"NoEori", R"("eori": "NL123456789")", R"("eori": "")", "exporter.eori"},
        Case{"BadEori", R"("eori": "NL123456789")", R"("eori": "nl-123")", "exporter.eori"},
        Case{"BadDestination", R"("destinationCountry": "CN")", R"("destinationCountry": "XX")",
             "destinationCountry"},
        Case{"NoDestination", R"("destinationCountry": "CN")", R"("destinationCountry": "")",
             "destinationCountry"},
        Case{"BadConsigneeCountry", R"("country": "CN"})", R"("country": "China"})",
             "consignee.country"},
        Case{"BadRouteCountry", R"(["KZ"])", R"(["KZ", "ZZ"])", "routeCountries[1]"},
        Case{"ItemNumberZero", R"("itemNo": 1)", R"("itemNo": 0)", "items[0].itemNo"},
        Case{"ItemNumberTooHigh", R"("itemNo": 1)", R"("itemNo": 1000)", "items[0].itemNo"},
        Case{"ShortCnCode", R"("cnCode": "85414900")", R"("cnCode": "854149")", "items[0].cnCode"},
        Case{"NegativeQuantity", R"("amount": "40", "unit": "NAR"}, "valueEur")",
             R"("amount": "-40", "unit": "NAR"}, "valueEur")", "items[0].quantity.amount"},
        Case{"MalformedMass", R"("netMassKg": "12.5")", R"("netMassKg": "12,5")",
             "items[0].netMassKg"},
        Case{"TooManyDecimals", R"("valueEur": "48000.00")", R"("valueEur": "48000.001")",
             "items[0].valueEur"},
        Case{"BadUnit", R"("unit": "NAR"}, "valueEur")", R"("unit": "pieces"}, "valueEur")",
             "items[0].quantity.unit"},
        Case{"BadDocumentCode", R"("code": "Y901")", R"("code": "Y9011")",
             "items[0].documents[0].code"},
        Case{"NegativeWriteOff", R"("writeOff": {"amount": "40")", R"("writeOff": {"amount": "-1")",
             "items[0].documents[0].writeOff.amount"}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(RejectionTest, DeclarationWithoutItemsIsRejected) {
  EngineHarness harness;
  v1::Event event = EventFromJson(kValid);
  event.mutable_declaration()->clear_items();
  ASSERT_TRUE(harness.Apply(event).ok());
  EXPECT_EQ(harness.LastDecision().status(), v1::REJECTED);
  EXPECT_THAT(harness.LastDecision().error(), StartsWith("items: the declaration has no goods"));
}

// The JSON mapping cannot express a repeated item number with a single replacement.
TEST(RejectionTest, RepeatedItemNumberIsRejected) {
  EngineHarness harness;
  const std::string json = absl::StrReplaceAll(
      kValid,
      {{R"("items": [{"itemNo": 1, "cnCode": "85414900",)",
        R"("items": [{"itemNo": 1, "cnCode": "85414900"}, {"itemNo": 1, "cnCode": "85414900",)"}});
  ASSERT_TRUE(harness.ApplyJson(json).ok());
  EXPECT_EQ(harness.LastDecision().status(), v1::REJECTED);
  EXPECT_THAT(harness.LastDecision().error(), HasSubstr("item number 1 is repeated"));
}

TEST(RejectionTest, RejectedVersionIsKeptAndCannotBeAmended) {
  EngineHarness harness;
  const std::string bad = absl::StrReplaceAll(kValid, {{"85414900", "8541"}});
  ASSERT_TRUE(harness.ApplyJson(bad).ok());
  EXPECT_EQ(harness.DecisionOf("25NL4A7B9C2D1E3F5G").status(), v1::REJECTED);
  // A resend of version 1 is a duplicate; version 2 cannot revive a rejected declaration.
  absl::StatusOr<LedgerEffects> resend = harness.ApplyJson(kValid);
  ASSERT_TRUE(resend.ok());
  EXPECT_TRUE(resend->duplicate);
  const std::string v2 = absl::StrReplaceAll(kValid, {{R"("version": 1)", R"("version": 2)"}});
  absl::StatusOr<LedgerEffects> amended = harness.ApplyJson(v2);
  EXPECT_EQ(amended.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(amended.status().message(), HasSubstr("REJECTED"));
}

TEST(RejectionTest, MalformedMrnGivesADecisionButNoRecord) {
  EngineHarness harness;
  const std::string bad = absl::StrReplaceAll(kValid, {{"25NL4A7B9C2D1E3F5G", "junk"}});
  absl::StatusOr<LedgerEffects> effects = harness.ApplyJson(bad);
  ASSERT_TRUE(effects.ok());
  EXPECT_FALSE(effects->declaration_put.has_value());
  EXPECT_EQ(harness.LastDecision().status(), v1::REJECTED);
  EXPECT_EQ(harness.LastDecision().sequence(), 1u);
}

TEST(RejectionTest, MalformedAmendmentIsRefusedAndThePreviousVersionStands) {
  EngineHarness harness;
  harness.MustApply(kValid);
  ASSERT_EQ(harness.LastDecision().status(), v1::CLEARED);
  const std::string v2 = absl::StrReplaceAll(
      kValid, {{R"("version": 1)", R"("version": 2)"}, {"85414900", "85X14900"}});
  absl::StatusOr<LedgerEffects> amended = harness.ApplyJson(v2);
  EXPECT_EQ(amended.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(amended.status().message(), HasSubstr("items[0].cnCode"));
  EXPECT_THAT(amended.status().message(), HasSubstr("version 1 stands"));
  EXPECT_EQ(harness.DecisionOf("25NL4A7B9C2D1E3F5G").version(), 1u);
}

struct AuthorityCase {
  std::string name;
  std::string json;
  std::string message;
};

class AuthorityEventTest : public ::testing::TestWithParam<AuthorityCase> {};

TEST_P(AuthorityEventTest, IsRefusedNamingTheField) {
  EngineHarness harness;
  absl::StatusOr<LedgerEffects> effects = harness.ApplyJson(GetParam().json);
  EXPECT_EQ(effects.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(effects.status().message(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, AuthorityEventTest,
    ::testing::Values(
        AuthorityCase{"LicenceWithoutId", R"({"licence": {"type": "INDIVIDUAL"}})", "licenceId"},
        AuthorityCase{"LicenceWithoutType", R"({"licence": {"licenceId": "L1"}})", "type"},
        AuthorityCase{"UnionGeneralId",
                      R"({"licence": {"licenceId": "EU009", "type": "UNION_GENERAL"}})",
                      "EU001 ... EU008"},
        AuthorityCase{"LicenceBadDate",
                      R"({"licence": {"licenceId": "L1", "type": "GLOBAL",
                          "validFrom": "2025-02-30"}})",
                      "validFrom"},
        AuthorityCase{"LicenceUntilBeforeFrom",
                      R"({"licence": {"licenceId": "L1", "type": "GLOBAL",
                          "validFrom": "2025-02-01", "validUntil": "2025-01-01"}})",
                      "validUntil"},
        AuthorityCase{"LicenceNegativeLine",
                      R"({"licence": {"licenceId": "L1", "type": "GLOBAL", "lines": [
                          {"lineNo": 1, "quantity": {"amount": "-5", "unit": "NAR"}}]}})",
                      "lines[0].quantity.amount"},
        AuthorityCase{"LicenceRepeatedLine",
                      R"({"licence": {"licenceId": "L1", "type": "GLOBAL", "lines": [
                          {"lineNo": 1}, {"lineNo": 1}]}})",
                      "line number 1 is repeated"},
        AuthorityCase{"LicenceBadDestination",
                      R"({"licence": {"licenceId": "L1", "type": "GLOBAL",
                          "destinations": ["CN", "Mars"]}})",
                      "destinations[1]"},
        AuthorityCase{"RuleWithoutKind", R"({"rule": {"ruleId": "R1"}})", "kind"},
        AuthorityCase{"RuleBadPrefix",
                      R"({"rule": {"ruleId": "R1", "kind": "EMBARGO", "cnPrefixes": ["85A"]}})",
                      "cnPrefixes[0]"},
        AuthorityCase{"DenialWithoutDate",
                      R"({"rule": {"ruleId": "R1", "kind": "DENIAL",
                          "party": {"name": "X"}}})",
                      "deniedOn"},
        AuthorityCase{"PartyWithoutName", R"({"party": {"partyId": "P1"}})", "names"},
        AuthorityCase{"StatusWithoutTarget", R"({"licenceStatus": {"status": "SUSPENDED"}})",
                      "licenceId"},
        AuthorityCase{"EmptyEvent", R"({})", "none of declaration"}),
    [](const ::testing::TestParamInfo<AuthorityCase>& info) { return info.param.name; });

}  // namespace
}  // namespace gatekeeper::testing
