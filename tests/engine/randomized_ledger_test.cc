// Deterministic simulation of the ledger: thousands of random event sequences (licences and
// their replacements, status changes, rules, parties, declarations, amendments, duplicates,
// invalidations, dispositions), checking contract §4 after every event, and that replaying
// the same stream a second time changes nothing. Each sequence is reproducible from its seed.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "services/engine/fixed_point.h"
#include "tests/engine/engine_harness.h"

namespace gatekeeper::testing {
namespace {

constexpr int kSequences = 2000;
constexpr int kEventsPerSequence = 60;
constexpr int kLicences = 3;
constexpr int kLinesPerLicence = 3;
constexpr int kMrns = 12;

// Fixed per licence line so that replacements only change totals (a cap cannot appear or
// disappear while write-offs are held, and the engine refuses that; see ledger tests).
struct LineShape {
  bool quantity_capped;
  bool value_capped;
  std::string unit;
  std::string control_code;
};

class EventGenerator {
 public:
  explicit EventGenerator(uint32_t seed) : random_(seed) {
    for (int l = 0; l < kLicences; ++l) {
      for (int n = 0; n < kLinesPerLicence; ++n) {
        shapes_[l][n] = LineShape{Chance(0.8), Chance(0.5), Chance(0.7) ? "NAR" : "KGM",
                                  Pick<std::string>({"", "6A002", "3A001", "5A002"})};
      }
    }
  }

  // The next event; reads the state so that dispositions name a current held version.
  std::string Next(const MemoryState& state) {
    const int kind = Uniform(0, 99);
    if (kind < 10) return LicenceEvent();
    if (kind < 13) return StatusEvent();
    if (kind < 16) return RuleEvent();
    if (kind < 18) return PartyEvent();
    if (kind < 70) return DeclarationEvent(state);
    if (kind < 80) return InvalidationEvent(state);
    return DispositionEvent(state);
  }

 private:
  int Uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(random_); }
  template <typename T>
  T Pick(std::initializer_list<T> values) {
    return *(values.begin() + Uniform(0, static_cast<int>(values.size()) - 1));
  }
  std::string LicenceId(int l) { return absl::StrCat("NL-DU-2025-", l); }
  std::string Mrn(int m) { return absl::StrFormat("25NL%013dA", m); }
  std::string Amount() {
    // Mostly small whole numbers, sometimes fractions, rarely a huge amount.
    if (Chance(0.02)) return "999999999999";
    if (Chance(0.2)) return absl::StrCat(Uniform(0, 40), ".", Uniform(0, 999));
    return absl::StrCat(Uniform(0, 40));
  }

  std::string LicenceEvent() {
    const int l = Uniform(0, kLicences - 1);
    std::string lines;
    for (int n = 0; n < kLinesPerLicence; ++n) {
      const LineShape& shape = shapes_[l][n];
      absl::StrAppend(&lines, n == 0 ? "" : ",", R"({"lineNo": )", n + 1, R"(, "controlCode": ")",
                      shape.control_code, "\"");
      if (shape.quantity_capped) {
        absl::StrAppend(&lines, R"(, "quantity": {"amount": ")", Uniform(0, 120), R"(", "unit": ")",
                        shape.unit, "\"}");
      }
      if (shape.value_capped)
        absl::StrAppend(&lines, R"(, "valueEur": ")", Uniform(0, 50000), "\"");
      absl::StrAppend(&lines, R"(, "tolerancePercent": )", Pick({0, 0, 10}), "}");
    }
    return absl::StrCat(
        R"({"licence": {"licenceId": ")", LicenceId(l),
        R"(", "type": "INDIVIDUAL", "holderEori": "NL123456789",
                        "validFrom": "2025-01-01", "validUntil": ")",
        Pick<std::string>({"2026-12-31", "2026-12-31", "2025-03-01"}), R"(", "destinations": )",
        Pick<std::string>({"[]", R"(["CN"])", R"(["US"])"}), R"(, "lines": [)", lines, "]}}");
  }

  std::string StatusEvent() {
    const std::string status = Pick<std::string>({"ACTIVE", "ACTIVE", "SUSPENDED", "REVOKED"});
    if (Chance(0.5)) {
      return absl::StrCat(R"({"licenceStatus": {"destination": "CN", "status": ")", status, "\"}}");
    }
    // Unknown licences are refused (NotFound); that must change nothing either.
    return absl::StrCat(R"({"licenceStatus": {"licenceId": ")", LicenceId(Uniform(0, kLicences)),
                        R"(", "status": ")", status, "\"}}");
  }

  std::string RuleEvent() {
    if (Chance(0.3)) return R"({"ruleRemoval": {"ruleId": "R-EMB"}})";
    return Pick<std::string>(
        {R"({"rule": {"ruleId": "R-EMB", "kind": "EMBARGO", "destinations": ["RU"],
             "exemptionCodes": ["Y987"]}})",
         R"({"rule": {"ruleId": "R-REQ", "kind": "LICENCE_REQUIREMENT",
             "exceptDestinations": ["DE"], "controlCodePrefixes": ["*"],
             "waiverCodes": ["Y901"]}})"});
  }

  std::string PartyEvent() {
    if (Chance(0.4)) return R"({"partyRemoval": {"partyId": "P-1"}})";
    return R"({"party": {"partyId": "P-1", "names": ["Crimson Lotus Trading"], "source": "T"}})";
  }

  std::string Document() {
    const int l = Uniform(0, kLicences);  // kLicences is an unknown licence
    std::string document =
        absl::StrCat(R"({"code": ")", Pick<std::string>({"X060", "X060", "X070", "Y901", "Y987"}),
                     R"(", "reference": ")", LicenceId(l), "\"");
    if (Chance(0.4))
      absl::StrAppend(&document, R"(, "lineNo": )", Uniform(1, kLinesPerLicence + 1));
    if (Chance(0.3)) {
      absl::StrAppend(&document, R"(, "writeOff": {"amount": ")", Amount(), R"(", "unit": ")",
                      Pick<std::string>({"NAR", "KGM"}), "\"}");
    }
    if (Chance(0.2))
      absl::StrAppend(&document, R"(, "writeOffValueEur": ")", Uniform(0, 20000), "\"");
    return document + "}";
  }

  std::string DeclarationEvent(const MemoryState& state) {
    const int m = Uniform(0, kMrns - 1);
    auto record = state.FindDeclaration(Mrn(m));
    // Mostly the next version, sometimes a resend or a jump.
    int version = record.has_value() ? static_cast<int>(record->decision().version()) : 0;
    version += Pick({1, 1, 1, 0, 2});
    if (version < 1) version = 1;
    std::string items;
    const int item_count = Uniform(1, 3);
    for (int i = 1; i <= item_count; ++i) {
      std::string documents;
      const int document_count = Uniform(0, 2);
      for (int d = 0; d < document_count; ++d)
        absl::StrAppend(&documents, d ? "," : "", Document());
      absl::StrAppend(&items, i == 1 ? "" : ",", R"({"itemNo": )", i, R"(, "cnCode": "85414900",
          "controlCode": ")",
                      Pick<std::string>({"", "6A002.a", "3A001.b", "5A002.a.1"}),
                      R"(", "netMassKg": ")", Amount(), R"(", "quantity": {"amount": ")", Amount(),
                      R"(", "unit": ")", Pick<std::string>({"NAR", "NAR", "KGM"}),
                      R"("}, "valueEur": ")", Uniform(0, 30000), R"(", "documents": [)", documents,
                      "]}");
    }
    const std::string lodged = Pick<std::string>({"2025-02-01T10:00:00Z", "2025-06-02T08:15:00Z"});
    const std::string destination = Pick<std::string>({"CN", "US", "RU", "DE"});
    const std::string consignee =
        Pick<std::string>({"Shenzhen Optics", "CRIMSON LOTUS TRADING LLC"});
    // A few malformed declarations (a first version is REJECTED, an amendment refused).
    const std::string cn_fix = Chance(0.03) ? R"(, "procedure": "1000")" : "";
    std::string json = absl::StrCat(
        R"({"declaration": {"mrn": ")", Mrn(m), R"(", "version": )", version, R"(, "lodgedAt": ")",
        lodged, R"(", "exporter": {"eori": "NL123456789"},
        "consignee": {"name": ")",
        consignee, R"(", "country": "CN"},
        "destinationCountry": ")",
        destination, R"(", "officeOfExport": "NL000396")", cn_fix, R"(, "items": [)", items, "]}}");
    if (Chance(0.03)) json.replace(json.find("85414900"), 8, "8541490");
    return json;
  }

  // An existing MRN, or one that is never lodged: an invalidation or disposition that
  // arrives before its declaration is out of order, and replaying such a stream would apply
  // it the second time; customs systems send them after the declaration.
  std::string TargetMrn(const MemoryState& state) {
    const std::string mrn = Mrn(Uniform(0, kMrns - 1));
    return state.FindDeclaration(mrn).has_value() ? mrn : Mrn(kMrns + 50);
  }

  std::string InvalidationEvent(const MemoryState& state) {
    return absl::StrCat(R"({"invalidation": {"mrn": ")", TargetMrn(state),
                        R"(", "reason": "not shipped"}})");
  }

  std::string DispositionEvent(const MemoryState& state) {
    const std::string mrn = TargetMrn(state);
    auto record = state.FindDeclaration(mrn);
    const uint32_t version = record.has_value() ? record->decision().version() : 1;
    return absl::StrCat(R"({"disposition": {"mrn": ")", mrn, R"(", "version": )", version,
                        R"(, "action": ")", Pick<std::string>({"RELEASE", "REFUSE"}),
                        R"(", "officerId": "NL-OFF-1"}})");
  }

  std::mt19937 random_;
  LineShape shapes_[kLicences][kLinesPerLicence];
};

// What a user can observe of the state: every line, every decision, every licence.
std::string Snapshot(const MemoryState& state) {
  std::string out;
  for (const auto& [key, line] : state.lines())
    absl::StrAppend(&out, line.ShortDebugString(), "\n");
  for (const auto& [mrn, record] : state.declarations()) {
    absl::StrAppend(&out, record.decision().ShortDebugString(), "\n");
  }
  for (int l = 0; l < kLicences; ++l) {
    const v1::Licence* licence = state.FindLicence(absl::StrCat("NL-DU-2025-", l));
    if (licence != nullptr) absl::StrAppend(&out, licence->ShortDebugString(), "\n");
  }
  absl::StrAppend(&out, "next ", state.next_sequence());
  return out;
}

TEST(RandomizedLedgerTest, InvariantHoldsAfterEveryEventAndReplayChangesNothing) {
  int decisions = 0, held = 0, refused_events = 0;
  for (int seed = 1; seed <= kSequences; ++seed) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    EventGenerator generator(static_cast<uint32_t>(seed));
    EngineHarness harness;
    std::vector<std::string> stream;
    for (int i = 0; i < kEventsPerSequence; ++i) {
      stream.push_back(generator.Next(harness.state()));
      const uint64_t before = harness.state().next_sequence();
      absl::StatusOr<LedgerEffects> effects = harness.ApplyJson(stream.back());
      if (!effects.ok()) {
        ++refused_events;
        ASSERT_EQ(harness.state().next_sequence(), before);
        continue;
      }
      for (const internal::OutputRecord& record : effects->outputs) {
        if (record.has_decision()) {
          ++decisions;
          held += record.decision().status() == v1::HELD;
        } else {
          // Usage amounts are never negative.
          ASSERT_GE(ParseQuantityMilli(record.usage().quantity().amount()).value_or(-1), 0);
          ASSERT_GE(ParseMoneyCents(record.usage().value_eur()).value_or(-1), 0);
        }
      }
      const std::string violation = CheckLedgerInvariant(harness.state());
      ASSERT_EQ(violation, "") << "after event " << i << ": " << stream.back();
    }
    const std::string first = Snapshot(harness.state());
    for (const std::string& event : stream) {
      absl::StatusOr<LedgerEffects> effects = harness.ApplyJson(event);
      if (effects.ok()) ASSERT_TRUE(effects->outputs.empty()) << event;
    }
    ASSERT_EQ(Snapshot(harness.state()), first);
    // Same stream on a fresh state: the same outputs, byte for byte.
    EngineHarness again;
    for (const std::string& event : stream) (void)again.ApplyJson(event);
    ASSERT_EQ(again.state().outputs().size(), harness.state().outputs().size());
    for (size_t i = 0; i < again.state().outputs().size(); ++i) {
      ASSERT_EQ(again.state().outputs()[i].SerializeAsString(),
                harness.state().outputs()[i].SerializeAsString());
    }
  }
  // The simulation must actually exercise holds, clears and refusals.
  EXPECT_GT(decisions, kSequences * 10);
  EXPECT_GT(held, decisions / 20);
  EXPECT_GT(refused_events, kSequences);
}

}  // namespace
}  // namespace gatekeeper::testing
