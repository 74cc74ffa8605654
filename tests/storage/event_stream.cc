#include "tests/storage/event_stream.h"

#include <algorithm>
#include <map>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/storage/store_events.h"

namespace gatekeeper::storage::testing {
namespace {

constexpr int kMrnPool = 60;
constexpr char kDeniedName[] = "Shenzhen Optics Co., Ltd.";

class Generator {
 public:
  explicit Generator(uint64_t seed) : random_(seed) {
    for (int i = 0; i < kMrnPool; ++i) {
      stream_.mrns.push_back(absl::StrFormat("25NL%013dA", 1000 + i));
    }
    stream_.licence_ids = {"NL-DU-2025-000001", "NL-DU-2025-000002", "NL-DU-2025-000003"};
    stream_.rule_ids = {"CN-DIVERSION", "CN-LICENCE"};
    stream_.party_ids = {"OFAC-1", "UN-2"};
  }

  EventStream Make(size_t count) {
    for (const std::string& id : stream_.licence_ids) Add(LicenceEvent(Licence(id, 0)));
    while (stream_.events.size() < count) AddRandomEvent();
    stream_.events.resize(count);
    return std::move(stream_);
  }

 private:
  int Uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  const std::string& Pick(const std::vector<std::string>& from) {
    return from[Uniform(0, static_cast<int>(from.size()) - 1)];
  }
  void Add(v1::Event event) { stream_.events.push_back(std::move(event)); }

  // Licence `id` in one of several shapes: `shape` 0 is the original; others lower or raise
  // totals, change tolerance, drop line 3 or change caps.
  v1::Licence Licence(const std::string& id, int shape) {
    if (id == stream_.licence_ids[0]) {
      std::vector<LineSpec> lines = {
          {.line_no = 1, .amount = shape == 1 ? "60" : "200", .value_eur = "300000"},
          {.line_no = 2, .amount = "100", .unit = "KGM"},
      };
      if (shape != 2) lines.push_back({.line_no = 3, .amount = "", .value_eur = "50000"});
      return MakeLicence(id, {"CN", "HK"}, lines);
    }
    if (id == stream_.licence_ids[1]) {
      return MakeLicence(id, {"CN"},
                         {{.line_no = 1,
                           .amount = shape == 1 ? "40" : "150",
                           .tolerance_percent = shape == 2 ? 0u : 10u}});
    }
    // Shape 2 adds a quantity cap to a value-only line: refused while write-offs are held.
    return MakeLicence(id, {"CN", "SG"},
                       {{.line_no = 1,
                         .amount = shape == 2 ? "500" : "",
                         .value_eur = shape == 1 ? "4000" : "20000"}});
  }

  std::vector<ItemSpec> Items() {
    std::vector<ItemSpec> items;
    const int count = Uniform(1, 3);
    for (int i = 1; i <= count; ++i) {
      ItemSpec item{.item_no = i,
                    .amount = absl::StrCat(Uniform(1, 25)),
                    .value_eur = absl::StrCat(Uniform(100, 5000), ".", Uniform(10, 99))};
      const int target = Uniform(0, 19);
      if (target < 8) {
        item.licence_id = stream_.licence_ids[0];
        const int line = Uniform(0, 3);
        item.line_no = line;
        if (line == 2) item.unit = "KGM";
      } else if (target < 14) {
        item.licence_id = stream_.licence_ids[1];
      } else if (target < 18) {
        item.licence_id = stream_.licence_ids[2];
      } else if (target < 19) {
        item.licence_id = "NL-DU-2025-999999";  // unknown: LICENCE_NOT_FOUND, a hold
      }
      items.push_back(std::move(item));
    }
    return items;
  }

  void AddRandomEvent() {
    const int kind = Uniform(0, 99);
    const std::string& mrn = Pick(stream_.mrns);
    uint32_t& version = versions_[mrn];
    if (kind < 45) {
      Add(DeclarationEvent(mrn, ++version, Items()));
    } else if (kind < 52) {
      if (version > 0) Add(DeclarationEvent(mrn, Uniform(1, static_cast<int>(version)), Items()));
    } else if (kind < 62) {
      Add(DispositionEvent(mrn, Uniform(0, 2) == 0 ? v1::REFUSE : v1::RELEASE));
    } else if (kind < 69) {
      Add(InvalidationEvent(mrn));
    } else if (kind < 77) {
      Add(LicenceEvent(Licence(Pick(stream_.licence_ids), Uniform(0, 2))));
    } else if (kind < 81) {
      Add(LicenceStatusEvent(Pick(stream_.licence_ids),
                             Uniform(0, 2) == 0 ? v1::SUSPENDED : v1::ACTIVE));
    } else if (kind < 86) {
      const std::string& party_id = Pick(stream_.party_ids);
      if (Uniform(0, 1) == 0) {
        v1::ListedParty party;
        party.set_party_id(party_id);
        party.add_names(party_id == stream_.party_ids[0] ? kDeniedName : "Arctic Star LLC");
        party.add_ids(absl::StrCat("REG-", party_id));
        party.set_source(party_id.substr(0, party_id.find('-')));
        Add(PartyEvent(party));
      } else {
        Add(PartyRemovalEvent(party_id));
      }
    } else if (kind < 91) {
      const std::string& rule_id = Pick(stream_.rule_ids);
      if (Uniform(0, 1) == 0) {
        v1::Rule rule;
        rule.set_rule_id(rule_id);
        rule.add_destinations("CN");
        rule.add_cn_prefixes("8541");
        rule.set_kind(rule_id == stream_.rule_ids[0] ? v1::Rule::DIVERSION
                                                     : v1::Rule::LICENCE_REQUIREMENT);
        if (rule.kind() == v1::Rule::DIVERSION) rule.add_exemption_codes("Y999");
        Add(RuleEvent(rule));
      } else {
        Add(RuleRemovalEvent(rule_id));
      }
    } else {
      // Malformed: a first version is REJECTED, an amendment refused.
      v1::Event event = DeclarationEvent(mrn, ++version, Items());
      event.mutable_declaration()->mutable_items(0)->set_cn_code("8541");
      Add(std::move(event));
    }
  }

  std::mt19937_64 random_;
  EventStream stream_;
  std::map<std::string, uint32_t> versions_;
};

}  // namespace

EventStream MakeEventStream(uint64_t seed, size_t count) { return Generator(seed).Make(count); }

std::string StateDigest(const LedgerState& state, const EventStream& stream) {
  std::string digest = absl::StrCat("next_sequence ", state.next_sequence(), "\n");
  for (const std::string& id : stream.licence_ids) {
    const v1::Licence* licence = state.FindLicence(id);
    absl::StrAppend(&digest, "licence ", id, ": ",
                    licence == nullptr ? "none" : licence->ShortDebugString(), "\n");
    for (const internal::LineLedger& ledger : state.LinesOf(id)) {
      absl::StrAppend(&digest, "  ledger ", ledger.ShortDebugString(), "\n");
    }
  }
  for (const std::string& mrn : stream.mrns) {
    std::optional<internal::DeclarationRecord> record = state.FindDeclaration(mrn);
    absl::StrAppend(&digest, "declaration ", mrn, ": ",
                    record.has_value() ? record->decision().ShortDebugString() : "none", "\n");
  }
  for (const std::string& id : stream.rule_ids) {
    const v1::Rule* rule = state.rules().Find(id);
    absl::StrAppend(&digest, "rule ", id, ": ", rule == nullptr ? "none" : rule->ShortDebugString(),
                    "\n");
  }
  for (const std::string& id : stream.party_ids) {
    absl::StrAppend(&digest, "party ", id, ": ",
                    state.screener().Screen("", absl::StrCat("REG-", id), 0.99).size(), "\n");
  }
  return digest;
}

}  // namespace gatekeeper::storage::testing
