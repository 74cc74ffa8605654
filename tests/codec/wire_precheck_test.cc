// The binary decoder's fast path (services/codec/wire_precheck.h) may only skip the full
// structural checks for input those checks accept: on thousands of mutated encodings of real
// events, whatever the fast path calls well formed passes the full checks, and it does
// recognize ordinary events (or it would save nothing).
#include "services/codec/wire_precheck.h"

#include <random>
#include <string>
#include <vector>

#include "google/protobuf/stubs/logging.h"
#include "gtest/gtest.h"
#include "services/codec/event_codec.h"

namespace gatekeeper {
namespace {

constexpr char kDeclaration[] = R"json(
{"declaration": {"mrn": "25NL4A7B9C2D1E3F5G", "version": 1, "lodgedAt": "2025-06-02T08:15:00Z",
 "declarationType": "EX", "procedure": "1000",
 "exporter": {"eori": "NL123456789", "name": "Veldhoven Photonics BV", "country": "NL"},
 "consignee": {"name": "Shenzhen Optics Co., Ltd.", "country": "CN"},
 "destinationCountry": "CN", "routeCountries": ["KZ", "RU"],
 "items": [{"itemNo": 1, "cnCode": "85414900", "description": "infrared detector arrays",
            "netMassKg": "12.5", "quantity": {"amount": "40", "unit": "NAR"},
            "valueEur": "48000.00", "controlCode": "6A002.a.3",
            "documents": [{"code": "X060", "reference": "NL-DU-2025-000123", "lineNo": 1,
                           "writeOff": {"amount": "40", "unit": "NAR"}}]},
           {"itemNo": 2, "cnCode": "90019000", "quantity": {"amount": "3", "unit": "NAR"},
            "valueEur": "900.00"}]}})json";

constexpr char kLicence[] = R"json(
{"licence": {"licenceId": "NL-DU-2025-000103", "type": "INDIVIDUAL", "status": "ACTIVE",
 "holderEori": "NL807790153", "issuedBy": "NL-CDIU", "validFrom": "2025-05-01",
 "validUntil": "2027-04-30", "destinations": ["KZ", "CN"],
 "endUsers": [{"name": "Karaganda Geodesy Systems LLP", "country": "KZ"}],
 "lines": [{"lineNo": 1, "cnCode": "852691", "quantity": {"amount": "1208", "unit": "NAR"},
            "description": "GNSS receivers"}]}})json";

constexpr char kParty[] = R"json(
{"party": {"partyId": "OFAC-306", "names": ["Grom Trading OOO", "Grom LLC"],
 "country": "RU", "ids": ["1234567890"], "source": "OFAC-SDN"}})json";

WireLimits Limits() {
  return WireLimits{.max_string_bytes = kMaxStringFieldBytes,
                    .max_repeated_entries = kMaxRepeatedEntries,
                    .max_depth = 32};
}

std::vector<std::string> Encodings() {
  std::vector<std::string> out;
  for (const char* json : {kDeclaration, kLicence, kParty}) {
    absl::StatusOr<v1::Event> event = DecodeEventJson(json);
    EXPECT_TRUE(event.ok()) << event.status();
    if (event.ok()) out.push_back(event->SerializeAsString());
  }
  return out;
}

bool FullChecksPass(const std::string& bytes, const v1::Event& parsed) {
  return CheckEventWire(bytes).ok() && CheckEventStructure(parsed).ok();
}

TEST(WirePrecheckTest, OrdinaryEventsTakeTheFastPath) {
  for (const std::string& bytes : Encodings()) {
    EXPECT_TRUE(WireIsPlainlyValid(*v1::Event::descriptor(), bytes, Limits()));
  }
}

TEST(WirePrecheckTest, WhatTheFullChecksRefuseIsLeftToThem) {
  v1::Event event;
  event.mutable_declaration()->set_mrn("25NL4A7B9C2D1E3F5G");
  const std::string declaration = event.SerializeAsString();
  v1::Event licence;
  licence.mutable_licence()->set_licence_id("NL-1");
  // Two payload members: the parser keeps the last, the full check refuses both.
  const std::string two_members = declaration + licence.SerializeAsString();
  EXPECT_FALSE(WireIsPlainlyValid(*v1::Event::descriptor(), two_members, Limits()));
  EXPECT_FALSE(CheckEventWire(two_members).ok());

  // An unknown field number (field 1000, varint 7).
  std::string unknown = declaration;
  unknown += std::string("\xC0\x3E\x07", 3);
  EXPECT_FALSE(WireIsPlainlyValid(*v1::Event::descriptor(), unknown, Limits()));

  // A string over the limit.
  v1::Event long_name = event;
  long_name.mutable_declaration()->mutable_consignee()->set_name(std::string(5000, 'a'));
  EXPECT_FALSE(
      WireIsPlainlyValid(*v1::Event::descriptor(), long_name.SerializeAsString(), Limits()));
  EXPECT_FALSE(CheckEventStructure(long_name).ok());

  // An enum value the schema does not know.
  v1::Event bad_enum;
  bad_enum.mutable_licence()->set_type(static_cast<v1::LicenceType>(977));
  EXPECT_FALSE(
      WireIsPlainlyValid(*v1::Event::descriptor(), bad_enum.SerializeAsString(), Limits()));
  EXPECT_FALSE(CheckEventStructure(bad_enum).ok());

  // Truncated.
  EXPECT_FALSE(WireIsPlainlyValid(*v1::Event::descriptor(),
                                  declaration.substr(0, declaration.size() - 3), Limits()));
}

TEST(WirePrecheckTest, MutatedInputTheFastPathAcceptsPassesTheFullChecks) {
  // Protobuf complains on stderr about every invalid UTF-8 string it parses.
  google::protobuf::LogSilencer quiet;
  std::mt19937 random(20261202);
  const std::vector<std::string> encodings = Encodings();
  ASSERT_FALSE(encodings.empty());
  int accepted = 0;
  int refused_by_full_checks = 0;
  for (int round = 0; round < 30000; ++round) {
    std::string bytes = encodings[random() % encodings.size()];
    const int mutations = 1 + static_cast<int>(random() % 3);
    for (int m = 0; m < mutations && !bytes.empty(); ++m) {
      const size_t at = random() % bytes.size();
      switch (random() % 5) {
        case 0:  // flip a byte
          bytes[at] = static_cast<char>(random());
          break;
        case 1:  // truncate
          bytes.resize(at);
          break;
        case 2:  // repeat a slice (duplicate fields, two oneof members)
          bytes += bytes.substr(at, random() % 24);
          break;
        case 3:  // insert a byte
          bytes.insert(at, 1, static_cast<char>(random()));
          break;
        default:  // append another event's bytes
          bytes += encodings[random() % encodings.size()];
          break;
      }
    }
    v1::Event parsed;
    if (!parsed.ParseFromString(bytes)) continue;  // refused before either check
    if (parsed.payload_case() == v1::Event::PAYLOAD_NOT_SET) continue;
    const bool fast = WireIsPlainlyValid(*v1::Event::descriptor(), bytes, Limits());
    const bool full = FullChecksPass(bytes, parsed);
    if (fast) {
      ++accepted;
      EXPECT_TRUE(full) << "fast path accepted input the full checks refuse, round " << round;
    }
    if (!full) ++refused_by_full_checks;
  }
  // Both kinds occur, or the test proves nothing.
  EXPECT_GT(accepted, 100);
  EXPECT_GT(refused_by_full_checks, 100);
}

}  // namespace
}  // namespace gatekeeper
