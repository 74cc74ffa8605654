// Every reason code of contract §3, table-driven: one declaration per row against a fixed set
// of licences, rules and listed parties, asserting the outcome, the reason codes in reported
// order and the officer's detail sentence.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/engine/engine_harness.h"

namespace gatekeeper::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

constexpr char kExporter[] = "NL123456789";

// The licensing state every row is decided against.
const char* const kSetup[] = {
    R"({"licence": {"licenceId": "NL-DU-2025-000123", "type": "INDIVIDUAL", "status": "ACTIVE",
       "holderEori": "NL123456789", "issuedBy": "NL-CDIU", "validFrom": "2025-01-01",
       "validUntil": "2026-12-31", "destinations": ["CN"],
       "endUsers": [{"name": "Shenzhen Optics Co., Ltd.", "country": "CN"}],
       "lines": [{"lineNo": 1, "controlCode": "6A002", "cnCode": "854149",
                  "quantity": {"amount": "100", "unit": "NAR"}, "valueEur": "120000.00"}]}})",
    R"({"licence": {"licenceId": "NL-DU-2025-000200", "type": "INDIVIDUAL",
       "holderEori": "NL123456789", "validFrom": "2025-01-01", "validUntil": "2026-12-31",
       "destinations": ["PK"],
       "lines": [{"lineNo": 1, "cnCode": "8471", "quantity": {"amount": "10", "unit": "NAR"}}]}})",
    R"({"licence": {"licenceId": "NL-DU-2025-SUSP", "type": "INDIVIDUAL", "status": "SUSPENDED",
       "holderEori": "NL123456789", "destinations": ["CN"],
       "lines": [{"lineNo": 1, "controlCode": "6A002"}]}})",
    R"({"licence": {"licenceId": "NL-DU-2025-REVK", "type": "INDIVIDUAL", "status": "REVOKED",
       "holderEori": "NL123456789", "destinations": ["CN"],
       "lines": [{"lineNo": 1, "controlCode": "6A002"}]}})",
    R"({"licence": {"licenceId": "NL-DU-2026-FUTR", "type": "INDIVIDUAL",
       "holderEori": "NL123456789", "validFrom": "2026-01-01", "destinations": ["CN"],
       "lines": [{"lineNo": 1, "controlCode": "6A002"}]}})",
    R"({"licence": {"licenceId": "NL-DU-2023-OLD", "type": "INDIVIDUAL",
       "holderEori": "NL123456789", "validFrom": "2023-01-01", "validUntil": "2024-12-31",
       "destinations": ["CN"], "lines": [{"lineNo": 1, "controlCode": "6A002"}]}})",
    R"({"licence": {"licenceId": "NL-DU-2025-OTHER", "type": "INDIVIDUAL",
       "holderEori": "NL000000001", "destinations": ["CN"],
       "lines": [{"lineNo": 1, "controlCode": "6A002"}]}})",
    R"({"licence": {"licenceId": "EU001", "type": "UNION_GENERAL",
       "destinations": ["AU", "CA", "IS", "JP", "NZ", "NO", "CH", "LI", "GB", "US"],
       "registeredExporters": ["NL555555555"], "lines": [{"lineNo": 1}]}})",
    R"({"licence": {"licenceId": "NL-GL-2025-0001", "type": "GLOBAL",
       "holderEori": "NL123456789", "destinations": ["AE", "SG"],
       "lines": [{"lineNo": 1, "controlCode": "5A002", "valueEur": "100000"}]}})",
    R"({"rule": {"ruleId": "RU-833-CHP", "kind": "EMBARGO", "legalBasis": "Reg. 833/2014 Art. 2a",
       "destinations": ["RU", "BY"], "cnPrefixes": ["854231"],
       "exemptionCodes": ["Y987", "Y990", "Y991"], "validFrom": "2024-02-23"}})",
    R"({"rule": {"ruleId": "RU-833-TRANSIT", "kind": "TRANSIT", "legalBasis": "Reg. 833/2014",
       "destinations": ["RU", "BY"], "cnPrefixes": ["854231"]}})",
    R"({"rule": {"ruleId": "CHP-DIVERSION", "kind": "DIVERSION", "legalBasis": "Art. 12g",
       "destinations": ["AE", "KZ"], "cnPrefixes": ["854231"], "exemptionCodes": ["Y998"]}})",
    R"({"rule": {"ruleId": "DU-OUTSIDE-EU", "kind": "LICENCE_REQUIREMENT",
       "legalBasis": "Reg. 2021/821 Art. 3", "exceptDestinations": ["NL", "DE", "FR", "BE"],
       "controlCodePrefixes": ["*"], "waiverCodes": ["Y901"]}})",
    R"({"rule": {"ruleId": "CA-NL-2025-7", "kind": "CATCH_ALL", "legalBasis": "Art. 4 par. 1",
       "destinations": ["PK"], "exporterEori": "NL123456789", "cnPrefixes": ["8471"]}})",
    R"({"rule": {"ruleId": "DEN-DE-2023-12", "kind": "DENIAL", "legalBasis": "Art. 16 par. 5",
       "destinations": ["IN"], "party": {"name": "Bharat Dynamics Limited", "country": "IN"},
       "deniedOn": "2023-05-01"}})",
    R"({"rule": {"ruleId": "DEN-FR-2021-3", "kind": "DENIAL",
       "destinations": ["BD"], "party": {"name": "Dhaka Machine Tools", "country": "BD"},
       "deniedOn": "2021-01-01"}})",
    R"({"rule": {"ruleId": "ZZ-EXPIRED-EMBARGO", "kind": "EMBARGO", "destinations": ["VE"],
       "validFrom": "2020-01-01", "validUntil": "2024-12-31"}})",
    R"({"party": {"partyId": "OFAC-12345", "names": ["Tehran Precision Instruments Company"],
       "country": "IR", "ids": ["IR-REG-12345"], "source": "OFAC-SDN"}})",
};

struct Row {
  std::string name;
  std::string destination;
  std::string item;          // one goods item, JSON
  std::string extra_fields;  // more declaration fields, JSON, starting with a comma
  std::string status;        // CLEARED or HELD
  std::vector<std::string> codes;
  std::string detail;  // a phrase the last reason's detail must contain
};

std::string Item(const std::string& cn, const std::string& control, const std::string& amount,
                 const std::string& documents) {
  return absl::StrCat(R"({"itemNo": 1, "cnCode": ")", cn, R"(", "controlCode": ")", control,
                      R"(", "netMassKg": "12.5", "quantity": {"amount": ")", amount,
                      R"(", "unit": "NAR"}, "valueEur": "1000.00", "documents": [)", documents,
                      "]}");
}

std::string Doc(const std::string& code, const std::string& reference,
                const std::string& more = "") {
  return absl::StrCat(R"({"code": ")", code, R"(", "reference": ")", reference, "\"", more, "}");
}

std::string Declaration(const Row& row) {
  return absl::StrCat(
      R"({"declaration": {"mrn": "25NL4A7B9C2D1E3F5G", "version": 1,
          "lodgedAt": "2025-06-02T08:15:00Z", "declarationType": "EX", "procedure": "1000",
          "exporter": {"eori": ")",
      kExporter, R"(", "name": "Veldhoven Photonics BV", "country": "NL"},
          "consignee": {"name": "Shenzhen Optics Co., Ltd.", "country": "CN"},
          "destinationCountry": ")",
      row.destination, R"(", "officeOfExport": "NL000396", "items": [)", row.item, "]",
      row.extra_fields, "}}");
}

std::vector<Row> Rows() {
  const std::string ind = "NL-DU-2025-000123";
  return {
      {"uncontrolled goods clear", "US", Item("84713000", "", "5", ""), "", "CLEARED", {}, ""},
      {"individual licence written off",
       "CN",
       Item("85414900", "6A002.a.3", "40", Doc("X060", ind)),
       "",
       "CLEARED",
       {},
       ""},
      {"pre-2021 code X002 accepted",
       "CN",
       Item("85414900", "6A002.a.3", "40", Doc("X002", ind)),
       "",
       "CLEARED",
       {},
       ""},
      {"licence required without document",
       "CN",
       Item("85414900", "6A002.a.3", "40", ""),
       "",
       "HELD",
       {"LICENCE_REQUIRED"},
       "carries no licence document"},
      {"Y901 waives the licence requirement",
       "CN",
       Item("85414900", "6A002.a.3", "40", Doc("Y901", "")),
       "",
       "CLEARED",
       {},
       ""},
      {"no requirement inside the exception list",
       "DE",
       Item("85414900", "6A002.a.3", "40", ""),
       "",
       "CLEARED",
       {},
       ""},
      {"embargo",
       "RU",
       Item("85423190", "", "10", ""),
       "",
       "HELD",
       {"EMBARGO_PROHIBITED"},
       "prohibited by rule RU-833-CHP"},
      {"embargo exemption Y987",
       "RU",
       Item("85423190", "", "10", Doc("Y987", "")),
       "",
       "CLEARED",
       {},
       ""},
      {"transit through Russia",
       "MN",
       Item("85423190", "", "10", ""),
       R"(, "routeCountries": ["KZ", "RU"])",
       "HELD",
       {"TRANSIT_PROHIBITED"},
       "through RU"},
      {"diversion risk",
       "AE",
       Item("85423190", "", "10", ""),
       "",
       "HELD",
       {"DIVERSION_RISK"},
       "declare one of Y998"},
      {"diversion clause declared",
       "AE",
       Item("85423190", "", "10", Doc("Y998", "")),
       "",
       "CLEARED",
       {},
       ""},
      {"catch-all without individual licence",
       "PK",
       Item("84714100", "", "2", ""),
       "",
       "HELD",
       {"CATCH_ALL"},
       "requires an individual licence"},
      {"catch-all satisfied by an individual licence",
       "PK",
       Item("84714100", "", "2", Doc("X060", "NL-DU-2025-000200")),
       "",
       "CLEARED",
       {},
       ""},
      {"denial within three years",
       "IN",
       Item("84714100", "", "2", ""),
       R"(, "consignee": {"name": "Bharat Dynamics Limited", "country": "IN"})",
       "HELD",
       {"DENIAL_MATCH"},
       "denied on 2023-05-01"},
      {"denial older than three years",
       "BD",
       Item("84714100", "", "2", ""),
       R"(, "consignee": {"name": "Dhaka Machine Tools", "country": "BD"})",
       "CLEARED",
       {},
       ""},
      {"rule outside its validity", "VE", Item("84714100", "", "2", ""), "", "CLEARED", {}, ""},
      {"listed party by identifier",
       "IR",
       Item("84714100", "", "2", ""),
       R"(, "consignee": {"name": "Some Trading", "country": "IR", "id": "IR-REG-12345"})",
       "HELD",
       {"DENIED_PARTY"},
       "OFAC-12345"},
      {"unknown licence",
       "CN",
       Item("85414900", "6A002.a.3", "40", Doc("X060", "NL-DU-2025-999999")),
       "",
       "HELD",
       {"LICENCE_NOT_FOUND"},
       "NL-DU-2025-999999 (document X060) is not known"},
      {"document code of another licence type",
       "CN",
       Item("85414900", "6A002.a.3", "40", Doc("X070", ind)),
       "",
       "HELD",
       {"DOCUMENT_TYPE_MISMATCH"},
       "individual licence"},
      {"suspended",
       "CN",
       Item("85414900", "6A002.a.3", "4", Doc("X060", "NL-DU-2025-SUSP")),
       "",
       "HELD",
       {"LICENCE_SUSPENDED"},
       "suspended"},
      {"revoked",
       "CN",
       Item("85414900", "6A002.a.3", "4", Doc("X060", "NL-DU-2025-REVK")),
       "",
       "HELD",
       {"LICENCE_REVOKED"},
       "revoked"},
      {"not yet valid",
       "CN",
       Item("85414900", "6A002.a.3", "4", Doc("X060", "NL-DU-2026-FUTR")),
       "",
       "HELD",
       {"LICENCE_NOT_YET_VALID"},
       "valid from 2026-01-01"},
      {"expired",
       "CN",
       Item("85414900", "6A002.a.3", "4", Doc("X060", "NL-DU-2023-OLD")),
       "",
       "HELD",
       {"LICENCE_EXPIRED"},
       "lodged on 2025-06-02"},
      {"held by another exporter",
       "CN",
       Item("85414900", "6A002.a.3", "4", Doc("X060", "NL-DU-2025-OTHER")),
       "",
       "HELD",
       {"HOLDER_MISMATCH"},
       "held by NL000000001"},
      {"exporter not registered for EU001",
       "US",
       Item("85414900", "6A002.a.3", "4", Doc("X061", "EU001")),
       "",
       "HELD",
       {"EXPORTER_NOT_REGISTERED"},
       "not registered to use licence EU001"},
      {"destination not covered",
       "HK",
       Item("85414900", "6A002.a.3", "4", Doc("X060", ind)),
       "",
       "HELD",
       {"DESTINATION_NOT_COVERED"},
       "does not cover destination HK"},
      {"end user not covered",
       "CN",
       Item("85414900", "6A002.a.3", "4", Doc("X060", ind)),
       R"(, "endUser": {"name": "Harbin Institute of Technology", "country": "CN"})",
       "HELD",
       {"END_USER_NOT_COVERED"},
       "Harbin Institute of Technology"},
      {"goods not covered",
       "CN",
       Item("84714100", "4A003.b", "4", Doc("X060", ind)),
       "",
       "HELD",
       {"GOODS_NOT_COVERED"},
       "no line of licence NL-DU-2025-000123 covers CN 84714100"},
      {"stated line does not exist",
       "CN",
       Item("85414900", "6A002.a.3", "4", Doc("X060", ind, R"(, "lineNo": 7)")),
       "",
       "HELD",
       {"GOODS_NOT_COVERED"},
       "has no line 7"},
      {"unit mismatch",
       "CN",
       Item("85414900", "6A002.a.3", "4",
            Doc("X060", ind, R"(, "writeOff": {"amount": "12.5", "unit": "KGM"})")),
       "",
       "HELD",
       {"UNIT_MISMATCH"},
       "write-off in KGM"},
      {"quantity exceeded",
       "CN",
       Item("85414900", "6A002.a.3", "150", Doc("X060", ind)),
       "",
       "HELD",
       {"QUANTITY_EXCEEDED"},
       "requested 150 NAR, remaining 100 NAR on line 1"},
      {"value exceeded",
       "AE",
       Item("85176200", "5A002.a.1", "3",
            Doc("X070", "NL-GL-2025-0001", R"(, "writeOffValueEur": "150000.00")")),
       "",
       "HELD",
       {"VALUE_EXCEEDED"},
       "requested 150000 EUR, remaining 100000 EUR"},
      {"every failure of a document is reported",
       "HK",
       Item("85414900", "6A002.a.3", "4", Doc("X070", "NL-DU-2023-OLD")),
       "",
       "HELD",
       {"DOCUMENT_TYPE_MISMATCH", "LICENCE_EXPIRED", "DESTINATION_NOT_COVERED"},
       "HK"},
      {"party, rule and licence reasons in order",
       "RU",
       Item("85423190", "6A002.a.9", "4", Doc("X060", ind)),
       R"(, "consignee": {"name": "X", "country": "RU", "id": "IR-REG-12345"})",
       "HELD",
       {"DENIED_PARTY", "EMBARGO_PROHIBITED", "DESTINATION_NOT_COVERED", "END_USER_NOT_COVERED"},
       "end user \"X\" (RU) is not an end user named on licence"},
  };
}

class ReasonCodeTest : public ::testing::TestWithParam<Row> {};

TEST_P(ReasonCodeTest, DecidesAsTheContractSays) {
  const Row& row = GetParam();
  EngineHarness harness;
  for (const char* event : kSetup) harness.MustApply(event);
  harness.MustApply(Declaration(row));
  const v1::Decision decision = harness.LastDecision();
  EXPECT_EQ(v1::DeclarationStatus_Name(decision.status()), row.status);
  ASSERT_EQ(decision.items_size(), 1);
  EXPECT_THAT(ReasonCodes(decision.items(0)), ElementsAreArray(row.codes));
  if (!row.detail.empty() && decision.items(0).reasons_size() > 0) {
    EXPECT_THAT(decision.items(0).reasons().rbegin()->detail(), HasSubstr(row.detail));
  }
  // Only a clear item holds anything when the declaration is clear; attributions are CONSUMED.
  for (const v1::Attribution& attribution : decision.items(0).attributions()) {
    EXPECT_EQ(attribution.state(), row.status == "CLEARED" ? v1::CONSUMED : v1::RESERVED);
  }
  EXPECT_EQ(CheckLedgerInvariant(harness.state()), "");
}

INSTANTIATE_TEST_SUITE_P(AllCodes, ReasonCodeTest, ::testing::ValuesIn(Rows()),
                         [](const ::testing::TestParamInfo<Row>& info) {
                           std::string name = info.param.name;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(ReasonCodeTest, ListedPartyScoreIsReported) {
  EngineHarness harness;
  for (const char* event : kSetup) harness.MustApply(event);
  Row row{"",
          "IR",
          Item("84714100", "", "2", ""),
          R"(, "consignee": {"name": "Some Trading", "country": "IR", "id": "IR-REG-12345"})",
          "HELD",
          {},
          ""};
  harness.MustApply(Declaration(row));
  const v1::Decision decision = harness.LastDecision();
  const v1::Reason& reason = decision.items(0).reasons(0);
  EXPECT_EQ(reason.party_id(), "OFAC-12345");
  ASSERT_TRUE(reason.has_score());
  EXPECT_DOUBLE_EQ(reason.score(), 1.0);
}

TEST(ReasonCodeTest, ListedPartyFoundByNameDespiteNoise) {
  EngineHarness harness;
  for (const char* event : kSetup) harness.MustApply(event);
  Row row{"",
          "IR",
          Item("84714100", "", "2", ""),
          R"(, "consignee": {"name": "TEHRAN PRECISION INSTRUMENTS CO.", "country": "IR"})",
          "HELD",
          {},
          ""};
  harness.MustApply(Declaration(row));
  const v1::Decision decision = harness.LastDecision();
  ASSERT_EQ(decision.status(), v1::HELD);
  EXPECT_EQ(decision.items(0).reasons(0).code(), v1::DENIED_PARTY);
  EXPECT_THAT(decision.items(0).reasons(0).detail(),
              HasSubstr("Tehran Precision Instruments Company"));
}

TEST(ReasonCodeTest, DifferentNameSharingWordsIsNotAHit) {
  EngineHarness harness;
  for (const char* event : kSetup) harness.MustApply(event);
  Row row{"",
          "IR",
          Item("84714100", "", "2", ""),
          R"(, "consignee": {"name": "Tehran Carpet Company", "country": "IR"})",
          "CLEARED",
          {},
          ""};
  harness.MustApply(Declaration(row));
  EXPECT_EQ(harness.LastDecision().status(), v1::CLEARED);
}

}  // namespace
}  // namespace gatekeeper::testing
