// The codec as a sender sees it: what decodes, and what is refused with which
// message.
#include "services/codec/event_codec.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace gatekeeper {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kDeclarationCamel[] = R"json(
{"declaration": {"mrn": "25NL4A7B9C2D1E3F5G", "version": 1, "lodgedAt": "2025-06-02T08:15:00Z",
 "declarationType": "EX", "procedure": "1000",
 "exporter": {"eori": "NL123456789", "name": "Veldhoven Photonics BV", "country": "NL"},
 "consignee": {"name": "Shenzhen Optics Co., Ltd.", "country": "CN", "id": ""},
 "destinationCountry": "CN", "routeCountries": ["KZ"],
 "officeOfExport": "NL000396", "officeOfExit": "NL000510",
 "items": [{"itemNo": 1, "cnCode": "85414900", "description": "infrared detector arrays",
            "netMassKg": "12.5", "quantity": {"amount": "40", "unit": "NAR"},
            "valueEur": "48000.00", "controlCode": "6A002.a.3",
            "documents": [{"code": "X060", "reference": "NL-DU-2025-000123", "lineNo": 1,
                           "writeOff": {"amount": "40", "unit": "NAR"},
                           "writeOffValueEur": "48000.00"}]}]}})json";

constexpr char kDeclarationProtoNames[] = R"json(
{"declaration": {"mrn": "25NL4A7B9C2D1E3F5G", "version": 1, "lodged_at": "2025-06-02T08:15:00Z",
 "exporter": {"eori": "NL123456789"}, "destination_country": "CN", "route_countries": ["KZ"],
 "items": [{"item_no": 1, "cn_code": "85414900", "net_mass_kg": "12.5",
            "documents": [{"code": "X060", "line_no": 1, "write_off": {"amount": "40", "unit": "NAR"},
                           "write_off_value_eur": "48000.00"}]}]}})json";

// The message of a refusal, which must be InvalidArgument.
std::string Refusal(const absl::StatusOr<v1::Event>& result) {
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  // One line: the file door prints it after "line N: ".
  EXPECT_THAT(std::string(result.status().message()), Not(HasSubstr("\n")));
  return std::string(result.status().message());
}

std::string Repeat(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

TEST(DecodeEventJsonTest, AcceptsCamelCaseNames) {
  absl::StatusOr<v1::Event> event = DecodeEventJson(kDeclarationCamel);
  ASSERT_TRUE(event.ok()) << event.status();
  const v1::Declaration& declaration = event->declaration();
  EXPECT_EQ(declaration.mrn(), "25NL4A7B9C2D1E3F5G");
  EXPECT_EQ(declaration.lodged_at(), "2025-06-02T08:15:00Z");
  EXPECT_EQ(declaration.route_countries(0), "KZ");
  ASSERT_EQ(declaration.items_size(), 1);
  EXPECT_EQ(declaration.items(0).net_mass_kg(), "12.5");
  EXPECT_EQ(declaration.items(0).documents(0).line_no(), 1);
  EXPECT_EQ(declaration.items(0).documents(0).write_off().amount(), "40");
  EXPECT_EQ(declaration.items(0).documents(0).write_off_value_eur(), "48000.00");
}

TEST(DecodeEventJsonTest, AcceptsProtoFieldNames) {
  absl::StatusOr<v1::Event> event = DecodeEventJson(kDeclarationProtoNames);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->declaration().lodged_at(), "2025-06-02T08:15:00Z");
  EXPECT_EQ(event->declaration().destination_country(), "CN");
  EXPECT_EQ(event->declaration().items(0).item_no(), 1);
  EXPECT_EQ(event->declaration().items(0).documents(0).write_off().unit(), "NAR");
}

TEST(DecodeEventJsonTest, AcceptsEnumsByName) {
  absl::StatusOr<v1::Event> disposition = DecodeEventJson(
      R"({"disposition": {"mrn": "25NL4A7B9C2D1E3F5G", "action": "REFUSE", "officerId": "o7"}})");
  ASSERT_TRUE(disposition.ok()) << disposition.status();
  EXPECT_EQ(disposition->disposition().action(), v1::REFUSE);

  absl::StatusOr<v1::Event> licence = DecodeEventJson(
      R"({"licence": {"licenceId": "NL-DU-1", "type": "GLOBAL", "status": "SUSPENDED",
          "lines": [{"lineNo": 1, "cnCode": "8541", "quantity": {"amount": "100", "unit": "NAR"}}]}})");
  ASSERT_TRUE(licence.ok()) << licence.status();
  EXPECT_EQ(licence->licence().type(), v1::GLOBAL);
  EXPECT_EQ(licence->licence().status(), v1::SUSPENDED);

  absl::StatusOr<v1::Event> rule =
      DecodeEventJson(R"({"rule": {"ruleId": "RU-1", "kind": "EMBARGO", "destinations": ["RU"]}})");
  ASSERT_TRUE(rule.ok()) << rule.status();
  EXPECT_EQ(rule->rule().kind(), v1::Rule::EMBARGO);
}

TEST(DecodeEventJsonTest, AcceptsEveryKindOfEvent) {
  for (
      const char* json : {
          R"({"invalidation": {"mrn": "25NL4A7B9C2D1E3F5G", "exporterEori": "NL1", "reason": "x"}})",
          R"({"licenceStatus": {"destination": "RU", "status": "SUSPENDED", "reason": "2022"}})",
          R"({"licence_status": {"licence_id": "NL-DU-1", "status": "REVOKED"}})",
          R"({"ruleRemoval": {"ruleId": "RU-1"}})",
          R"({"party": {"partyId": "OFAC-1", "names": ["OOO Foo", "Foo LLC"], "source": "OFAC-SDN"}})",
          R"({"partyRemoval": {"partyId": "OFAC-1"}})",
      }) {
    absl::StatusOr<v1::Event> event = DecodeEventJson(json);
    EXPECT_TRUE(event.ok()) << json << ": " << event.status();
  }
}

TEST(DecodeEventJsonTest, RefusesMalformedJson) {
  EXPECT_THAT(Refusal(DecodeEventJson(R"({"declaration": {"mrn": "X")")),
              HasSubstr("malformed JSON"));
  EXPECT_THAT(Refusal(DecodeEventJson("garbage")),
              AllOf(HasSubstr("malformed JSON"), HasSubstr("garbage")));
  EXPECT_THAT(Refusal(DecodeEventJson(R"({"ruleRemoval": {"ruleId": "R"}} trailing)")),
              HasSubstr("malformed JSON: more text after the event"));
  EXPECT_THAT(Refusal(DecodeEventJson("[1, 2]")), HasSubstr("must be a JSON object"));
}

TEST(DecodeEventJsonTest, RefusesUnknownFieldsNamingThem) {
  std::string json = kDeclarationCamel;
  json.replace(json.find("\"writeOffValueEur\""), 18, "\"writeOf\"");
  EXPECT_THAT(Refusal(DecodeEventJson(json)),
              AllOf(HasSubstr("declaration.items[0].documents[0]"),
                    HasSubstr("unknown field \"writeOf\""), HasSubstr("writeOffValueEur")));
  EXPECT_THAT(Refusal(DecodeEventJson(R"({"declarations": {}})")),
              AllOf(HasSubstr("unknown field \"declarations\""), HasSubstr("declaration")));
}

TEST(DecodeEventJsonTest, RefusesUnknownEnumNamesNamingTheField) {
  EXPECT_THAT(Refusal(DecodeEventJson(R"({"licence": {"licenceId": "L", "status": "FOO"}})")),
              AllOf(HasSubstr("licence.status"), HasSubstr("unknown enum name \"FOO\""),
                    HasSubstr("for field \"status\""), HasSubstr("ACTIVE, SUSPENDED, REVOKED")));
  EXPECT_THAT(Refusal(DecodeEventJson(R"({"disposition": {"mrn": "M", "action": 7}})")),
              AllOf(HasSubstr("disposition.action"), HasSubstr("unknown enum value 7")));
}

TEST(DecodeEventJsonTest, RefusesWrongValueTypesNamingTheField) {
  EXPECT_THAT(Refusal(DecodeEventJson(R"({"declaration": {"items": [{"itemNo": "one"}]}})")),
              AllOf(HasSubstr("declaration.items[0].itemNo"), HasSubstr("\"one\""),
                    HasSubstr("32-bit integer")));
  EXPECT_THAT(Refusal(DecodeEventJson(R"({"declaration": {"version": -1}})")),
              AllOf(HasSubstr("declaration.version"), HasSubstr("non-negative")));
}

TEST(DecodeEventJsonTest, RefusesEventsWithoutExactlyOneMember) {
  EXPECT_THAT(Refusal(DecodeEventJson("{}")),
              AllOf(HasSubstr("event has no member set"), HasSubstr("declaration, invalidation"),
                    HasSubstr("partyRemoval")));
  EXPECT_THAT(Refusal(DecodeEventJson(R"({"declaration": null})")),
              HasSubstr("event has no member set"));
  EXPECT_THAT(
      Refusal(DecodeEventJson(R"({"declaration": {"mrn": "M"}, "invalidation": {"mrn": "M"}})")),
      HasSubstr("event has more than one member set"));
  EXPECT_THAT(
      Refusal(DecodeEventJson(R"({"licenceStatus": {"licenceId": "L", "destination": "RU"}})")),
      AllOf(HasSubstr("licenceStatus"), HasSubstr("licenceId, destination")));
}

TEST(DecodeEventJsonTest, RefusesOversizedEventBeforeParsing) {
  // Not even JSON: the size alone decides.
  const std::string huge(kMaxEventBytes + 1, '{');
  EXPECT_THAT(Refusal(DecodeEventJson(huge)),
              HasSubstr("event is 1,048,577 bytes, the limit is 1,048,576"));
}

TEST(DecodeEventJsonTest, RefusesHugeStringNamingItsPath) {
  const std::string json = absl::StrCat(
      R"({"declaration": {"mrn": "M", "items": [{"itemNo": 1}, {"itemNo": 2},)",
      R"( {"itemNo": 3}, {"itemNo": 4, "description": ")", std::string(100000, 'x'), R"("}]}})");
  EXPECT_THAT(Refusal(DecodeEventJson(json)),
              HasSubstr("declaration.items[3].description is 100,000 bytes; "
                        "the limit is 4,096"));
}

TEST(DecodeEventJsonTest, RefusesTooManyEntries) {
  std::string countries = Repeat(R"("KZ",)", kMaxRepeatedEntries);
  const std::string json =
      absl::StrCat(R"({"declaration": {"routeCountries": [)", countries, R"("AM"]}})");
  EXPECT_THAT(Refusal(DecodeEventJson(json)),
              HasSubstr("declaration.routeCountries has 10,001 entries; the "
                        "limit is 10,000"));
}

TEST(DecodeEventJsonTest, RefusesInvalidUtf8) {
  EXPECT_THAT(Refusal(DecodeEventJson("{\"partyRemoval\": {\"partyId\": \"A\xff\xfe\"}}")),
              HasSubstr("not valid UTF-8"));
  // Escapes that decode to a lone surrogate are not text either.
  EXPECT_THAT(Refusal(DecodeEventJson(R"({"partyRemoval": {"partyId": "\ud800"}})")),
              HasSubstr("malformed JSON"));
}

TEST(DecodeEventJsonTest, AcceptsNonAsciiText) {
  absl::StatusOr<v1::Event> event = DecodeEventJson(
      R"({"party": {"partyId": "UN-1", "names": ["Société Générale d'Équipement", "ООО Ромашка", "深圳光学"]}})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->party().names(1), "ООО Ромашка");
}

TEST(DecodeEventBinaryTest, RoundTripsWithJson) {
  absl::StatusOr<v1::Event> from_json = DecodeEventJson(kDeclarationCamel);
  ASSERT_TRUE(from_json.ok()) << from_json.status();
  absl::StatusOr<v1::Event> from_binary = DecodeEventBinary(from_json->SerializeAsString());
  ASSERT_TRUE(from_binary.ok()) << from_binary.status();
  EXPECT_EQ(from_binary->SerializeAsString(), from_json->SerializeAsString());
  absl::StatusOr<v1::Event> again = DecodeEventJson(ToJsonLine(*from_binary));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->SerializeAsString(), from_json->SerializeAsString());
}

TEST(DecodeEventBinaryTest, RefusesGarbage) {
  const std::string garbage("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01\x02\x03", 13);
  EXPECT_THAT(Refusal(DecodeEventBinary(garbage)), HasSubstr("malformed"));
  // Truncated: a declaration announced as 100 bytes long with 2 present.
  EXPECT_THAT(Refusal(DecodeEventBinary(std::string("\x0a\x64\x0a\x00", 4))),
              HasSubstr("malformed"));
  EXPECT_THAT(Refusal(DecodeEventBinary("")), HasSubstr("event has no member set"));
}

TEST(DecodeEventBinaryTest, RefusesInvalidUtf8) {
  // Event.declaration (1, length 3) { Declaration.mrn (1, length 1) "\xff" }.
  const std::string bytes("\x0a\x03\x0a\x01\xff", 5);
  EXPECT_THAT(Refusal(DecodeEventBinary(bytes)),
              AllOf(HasSubstr("Declaration.mrn"), HasSubstr("not valid UTF-8")));
}

TEST(DecodeEventBinaryTest, RefusesTwoMembers) {
  v1::Event declaration;
  declaration.mutable_declaration()->set_mrn("25NL4A7B9C2D1E3F5G");
  v1::Event invalidation;
  invalidation.mutable_invalidation()->set_mrn("25NL4A7B9C2D1E3F5G");
  // Concatenated messages merge; the parser alone would keep only the
  // invalidation.
  EXPECT_THAT(Refusal(DecodeEventBinary(declaration.SerializeAsString() +
                                        invalidation.SerializeAsString())),
              HasSubstr("event has more than one member set: declaration and invalidation"));

  v1::Event by_id;
  by_id.mutable_licence_status()->set_licence_id("L");
  v1::Event by_destination;
  by_destination.mutable_licence_status()->set_destination("RU");
  EXPECT_THAT(
      Refusal(DecodeEventBinary(by_id.SerializeAsString() + by_destination.SerializeAsString())),
      HasSubstr("licenceStatus has both licenceId and destination set"));
}

TEST(DecodeEventBinaryTest, RefusesUnknownFieldsAndEnumValues) {
  v1::Event event;
  event.mutable_rule_removal()->set_rule_id("R");
  // Field 99, varint 1: a field of some other schema.
  EXPECT_THAT(Refusal(DecodeEventBinary(event.SerializeAsString() + "\x98\x06\x01")),
              HasSubstr("event has a field the schema does not know (field number 99)"));

  v1::Event disposition;
  disposition.mutable_disposition()->set_mrn("M");
  disposition.mutable_disposition()->set_action(static_cast<v1::DispositionAction>(9));
  EXPECT_THAT(Refusal(DecodeEventBinary(disposition.SerializeAsString())),
              AllOf(HasSubstr("disposition.action"), HasSubstr("unknown enum value 9")));
}

TEST(DecodeEventBinaryTest, RefusesOversizedAndHugeFields) {
  EXPECT_THAT(Refusal(DecodeEventBinary(std::string(kMaxEventBytes + 10, '\0'))),
              HasSubstr("event is 1,048,586 bytes, the limit is 1,048,576"));
  v1::Event event;
  v1::Declaration& declaration = *event.mutable_declaration();
  declaration.add_items()->set_item_no(1);
  declaration.add_items()->set_description(std::string(5000, 'x'));
  EXPECT_THAT(Refusal(DecodeEventBinary(event.SerializeAsString())),
              HasSubstr("declaration.items[1].description is 5,000 bytes; the "
                        "limit is 4,096"));
}

TEST(ToJsonLineTest, PrintsOneLineWithJsonNamesEnumNamesAndEmptyFields) {
  v1::Decision decision;
  decision.set_mrn("25NL4A7B9C2D1E3F5G");
  decision.set_sequence(42);
  decision.set_status(v1::HELD);
  v1::Reason& reason = *decision.add_items()->add_reasons();
  reason.set_code(v1::QUANTITY_EXCEEDED);
  reason.set_detail("requested 70 NAR,\nremaining 60 NAR on line 1");
  const std::string json = ToJsonLine(decision);
  EXPECT_THAT(json, Not(HasSubstr("\n")));
  EXPECT_THAT(json, HasSubstr(R"("sequence":"42")"));
  EXPECT_THAT(json, HasSubstr(R"("status":"HELD")"));
  EXPECT_THAT(json, HasSubstr(R"("code":"QUANTITY_EXCEEDED")"));
  EXPECT_THAT(json, HasSubstr(R"("error":"")"));
  EXPECT_THAT(json, HasSubstr(R"("exporterEori":"")"));
  // Optional and message fields only when set.
  EXPECT_THAT(json, Not(HasSubstr("score")));
  EXPECT_THAT(json, Not(HasSubstr("disposition")));
  reason.set_score(0.93);
  EXPECT_THAT(ToJsonLine(decision), HasSubstr(R"("score":0.93)"));
}

TEST(ToJsonLineTest, SetFieldsOnlyLeavesOutEmptyFields) {
  v1::LineBalance balance;
  balance.set_line_no(1);
  balance.mutable_authorised()->set_amount("100");
  balance.mutable_authorised()->set_unit("NAR");
  EXPECT_EQ(ToJsonLineSetFieldsOnly(balance),
            R"({"lineNo":1,"authorised":{"amount":"100","unit":"NAR"}})");
}

TEST(ToJsonLineTest, SurvivesInvalidUtf8) {
  v1::Decision decision;
  decision.set_error("bad \xff byte");
  EXPECT_THAT(ToJsonLine(decision), HasSubstr("\"error\":"));
}

// The fuzzers start from tests/fuzz/corpus; a seed that no longer decodes
// (after a schema change) would quietly weaken them.
TEST(FuzzSeedCorpusTest, HoldsValidEventsOfEveryKind) {
  std::set<int> kinds;
  int seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(GK_FUZZ_CORPUS_DIR)) {
    if (entry.path().extension() != ".json") continue;
    ++seeds;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<v1::Event> event = DecodeEventJson(text.str());
    ASSERT_TRUE(event.ok()) << entry.path() << ": " << event.status();
    absl::StatusOr<v1::Event> binary = DecodeEventBinary(event->SerializeAsString());
    ASSERT_TRUE(binary.ok()) << entry.path() << ": " << binary.status();
    kinds.insert(event->payload_case());
  }
  EXPECT_GT(seeds, 0);
  const google::protobuf::OneofDescriptor& payload =
      *v1::Event::descriptor()->FindOneofByName("payload");
  for (int i = 0; i < payload.field_count(); ++i) {
    EXPECT_TRUE(kinds.contains(payload.field(i)->number()))
        << "no seed for " << payload.field(i)->json_name();
  }
}

}  // namespace
}  // namespace gatekeeper
