#include "tools/samplegen/licensing_plan.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/samplegen/declaration_builder.h"
#include "tools/samplegen/reference_lists.h"
#include "tools/samplegen/sample_amounts.h"
#include "tools/samplegen/sample_clock.h"

namespace gatekeeper::samplegen {
namespace {

// Individual licences are issued for up to two years (Reg. 2021/821 Art. 12(4)).
constexpr int kIndividualValidityDays = 2 * 365 - 1;
// Shares of the individual licences with a special role, in per mille.
constexpr int kExhaustingPerMille = 60;
constexpr int kExpiringPerMille = 30;
constexpr int kWrongDestinationPerMille = 30;
// Per mille of ordinary and exhausting licences whose lines allow a tolerance.
constexpr int kTolerancePerMille = 150;
// Licence line value caps leave this much room above the licensed quantity's value, so
// that quantity, not value, is what runs out.
constexpr int64_t kValueHeadroomPercent = 125;

struct WeightedCountry {
  const char* country;
  int weight;
};

constexpr WeightedCountry kLicenceDestinations[] = {
    {"CN", 14}, {"IN", 9}, {"KR", 7}, {"TW", 6}, {"SG", 6}, {"IL", 6}, {"TR", 6},
    {"AE", 5},  {"BR", 5}, {"HK", 4}, {"MX", 4}, {"SA", 4}, {"ZA", 3}, {"TH", 3},
    {"MY", 3},  {"VN", 3}, {"EG", 2}, {"KZ", 2}, {"RS", 2}, {"PK", 2}, {"AR", 2},
    {"CL", 2},  {"PH", 2}, {"MA", 2},
};

constexpr const char* kNationalGeneralDestinations[] = {"AR", "BR", "CL", "IN", "MX", "MY",
                                                        "PH", "SG", "TH", "VN", "ZA"};
constexpr const char* kGlobalDestinationPool[] = {"BR", "IN", "KR", "MX", "SG", "ZA", "IL",
                                                  "TH", "MY", "TW", "CN", "SA", "AE"};
constexpr const char* kTransitDestinations[] = {"IL", "SG"};

constexpr char kNationalGeneralId[] = "NL-NGA-2022-01";
constexpr char kNationalGeneralOutsider[] = "BE0489456012";  // Mechelen Secure Communications

int64_t StartOfLodging() { return DayStart(kFirstLodgingDate); }
int64_t EndOfLodging() { return DayStart(kLastLodgingDate) + kSecondsPerDay; }

std::vector<const GoodsType*> GoodsOfEntry(const std::string& entry) {
  std::vector<const GoodsType*> goods;
  for (const GoodsType& candidate : ControlledGoods()) {
    if (entry == candidate.licence_entry) goods.push_back(&candidate);
  }
  return goods;
}

const GoodsType* FindSensitive(const std::string& cn_code) {
  for (const GoodsType& goods : SensitiveGoods()) {
    if (cn_code == goods.cn_code) return &goods;
  }
  assert(false);
  return nullptr;
}

const Exporter* ExporterByEori(const std::string& eori) {
  for (const Exporter& exporter : ControlledGoodsExporters()) {
    if (exporter.eori == eori) return &exporter;
  }
  assert(false);
  return nullptr;
}

int RoleCount(int licences, int per_mille, int minimum) {
  return std::max(minimum, licences * per_mille / 1000);
}

class Planner {
 public:
  Planner(const LicensingSize& size, SampleRandom& random) : size_(size), random_(random) {}

  LicensingPlan Run() {
    AddParties();
    AddRules();
    AddUnionGeneral();
    AddNationalGeneral();
    const int globals = std::clamp(size_.licences / 50, 2, 12);
    // EU001, the national general, the transit authorisation, the global licences and the
    // catch-all relief licence; the rest are individual (the suspended and revoked ones
    // among them).
    const int fixed = 3 + globals + 1;
    const int individual = size_.licences - fixed;
    assert(individual >= 10);  // kMinLicences leaves room for every role
    AddTransit();
    AddGlobals(globals);
    AddCatchAllRelief();
    AddIndividuals(individual);
    for (const LicencePlan& licence : plan_.licences) {
      *plan_.events.emplace_back().mutable_licence() = licence.licence;
    }
    AddStatusChanges();
    return std::move(plan_);
  }

 private:
  void AddParties() {
    for (const ListedPartySeed& seed : ListedParties()) {
      v1::ListedParty* party = plan_.events.emplace_back().mutable_party();
      party->set_party_id(seed.party_id);
      for (const std::string& name : seed.names) party->add_names(name);
      party->set_country(seed.country);
      for (const std::string& id : seed.ids) party->add_ids(id);
      party->set_source(seed.source);
    }
  }

  v1::Rule* NewRule(const std::string& id, v1::Rule::Kind kind, const std::string& basis,
                    const std::string& valid_from) {
    v1::Rule* rule = plan_.events.emplace_back().mutable_rule();
    rule->set_rule_id(id);
    rule->set_kind(kind);
    rule->set_legal_basis(basis);
    rule->set_valid_from(valid_from);
    return rule;
  }

  static void AddChpPrefixes(v1::Rule* rule) {
    for (const ChpItem& item : ChpItems()) rule->add_cn_prefixes(item.hs6);
  }

  void AddRules() {
    v1::Rule* licence_requirement = NewRule(
        "LR-2021-821-ANNEX-I", v1::Rule::LICENCE_REQUIREMENT,
        "Reg. (EU) 2021/821 Art. 3(1): dual-use items of Annex I need an export authorisation",
        "2021-09-09");
    for (const char* country : Eu27Countries()) licence_requirement->add_except_destinations(country);
    for (const std::string& cn : DualUseCorrelatedCnCodes()) licence_requirement->add_cn_prefixes(cn);
    licence_requirement->add_control_code_prefixes("*");
    licence_requirement->add_waiver_codes(kNotListedCode);

    v1::Rule* embargo_ru = NewRule(
        "EMB-RU-CHP", v1::Rule::EMBARGO,
        "Reg. (EU) 833/2014 Art. 2, 2a: Common High Priority items (list of February 2024)",
        "2024-02-23");
    embargo_ru->add_destinations("RU");
    AddChpPrefixes(embargo_ru);
    for (const char* code : {"Y987", "Y990", "Y991"}) embargo_ru->add_exemption_codes(code);

    v1::Rule* embargo_by = NewRule(
        "EMB-BY-CHP", v1::Rule::EMBARGO,
        "Reg. (EC) 765/2006 (Belarus): Common High Priority items (list of February 2024)",
        "2024-02-23");
    embargo_by->add_destinations("BY");
    AddChpPrefixes(embargo_by);

    v1::Rule* embargo_dual_use = NewRule(
        "EMB-RU-BY-DU", v1::Rule::EMBARGO,
        "Reg. (EU) 833/2014 Art. 2(1) and Reg. (EC) 765/2006 Art. 1e: no dual-use items to "
        "Russia or Belarus",
        "2022-02-25");
    embargo_dual_use->add_destinations("RU");
    embargo_dual_use->add_destinations("BY");
    embargo_dual_use->add_control_code_prefixes("*");
    for (const char* code : {"Y987", "Y990"}) embargo_dual_use->add_exemption_codes(code);

    v1::Rule* transit = NewRule(
        "TRN-RU-BY-CHP", v1::Rule::TRANSIT,
        "Reg. (EU) 833/2014 and Reg. (EC) 765/2006: no transit via Russia or Belarus of "
        "Common High Priority items",
        "2024-02-23");
    transit->add_destinations("RU");
    transit->add_destinations("BY");
    AddChpPrefixes(transit);

    v1::Rule* diversion = NewRule(
        "DIV-CHP-THIRD-COUNTRIES", v1::Rule::DIVERSION,
        "Reg. (EU) 833/2014 Art. 12g: Common High Priority items to countries used for "
        "circumvention need the no-re-export-to-Russia clause",
        "2024-03-20");
    for (const char* country : DiversionCountries()) diversion->add_destinations(country);
    AddChpPrefixes(diversion);
    diversion->add_exemption_codes(kNoRussiaClauseCode);

    // Catch-all decision on GNSS receivers for a Kazakh end user (Art. 4(1)(b)/(c)).
    plan_.catch_all.exporter = ExporterByEori("NL807790153");  // Groningen Navigation Systems
    plan_.catch_all.party_name = "Karaganda Geodesy Systems LLP";
    plan_.catch_all.country = "KZ";
    plan_.catch_all.goods = FindSensitive("85269120");
    plan_.catch_all.decided_on = "2025-01-01";
    plan_.catch_all.licence_granted = "2025-05-01";
    v1::Rule* catch_all = NewRule(
        "CA-NL-2025-003", v1::Rule::CATCH_ALL,
        "Reg. (EU) 2021/821 Art. 4(1): exporter informed of a risk of military end use",
        plan_.catch_all.decided_on);
    catch_all->add_destinations("KZ");
    catch_all->add_cn_prefixes("852691");
    catch_all->add_cn_prefixes("901480");
    catch_all->set_exporter_eori(plan_.catch_all.exporter->eori);
    catch_all->mutable_party()->set_name(plan_.catch_all.party_name);
    catch_all->mutable_party()->set_country("KZ");

    // Denials notified by other member states (Art. 16(5)); consultation is due for three
    // years, so the 2022 one lapses in May 2025.
    plan_.denials = {
        {"DEN-DE-2023-0412", "Indus Precision Tooling (Pvt.) Ltd.", "PK",
         FindSensitive("84571010"), "2023-06-20"},
        {"DEN-BE-2022-0087", "Deccan Metrology Instruments Pvt. Ltd.", "IN",
         FindSensitive("90302000"), "2022-05-10"},
    };
    for (const DenialCase& denial : plan_.denials) {
      v1::Rule* rule = NewRule(
          denial.rule_id, v1::Rule::DENIAL,
          "Reg. (EU) 2021/821 Art. 16(5): denial notified by another member state", "");
      rule->add_destinations(denial.country);
      rule->add_cn_prefixes(std::string(denial.goods->cn_code).substr(0, 6));
      rule->mutable_party()->set_name(denial.party_name);
      rule->mutable_party()->set_country(denial.country);
      rule->set_denied_on(denial.denied_on);
    }
  }

  void AddUnionGeneral() {
    plan_.union_general_id = "EU001";
    v1::Licence* licence = plan_.events.emplace_back().mutable_licence();
    licence->set_licence_id("EU001");
    licence->set_type(v1::UNION_GENERAL);
    licence->set_status(v1::ACTIVE);
    licence->set_issued_by("EU (Reg. 2021/821 Annex II)");
    licence->set_valid_from("2021-09-09");
    for (const char* country : Eu001Destinations()) licence->add_destinations(country);
    v1::LicenceLine* line = licence->add_lines();
    line->set_line_no(1);
    line->set_description("dual-use items of Annex I, except those of Annex IIg");
  }

  void AddNationalGeneral() {
    plan_.national_general_id = kNationalGeneralId;
    v1::Licence* licence = plan_.events.emplace_back().mutable_licence();
    licence->set_licence_id(kNationalGeneralId);
    licence->set_type(v1::NATIONAL_GENERAL);
    licence->set_status(v1::ACTIVE);
    licence->set_issued_by("NL-CDIU");
    licence->set_valid_from("2022-01-01");
    for (const char* country : kNationalGeneralDestinations) {
      licence->add_destinations(country);
      plan_.national_general_destinations.push_back(country);
    }
    for (const Exporter& exporter : ControlledGoodsExporters()) {
      const bool makes_covered_goods =
          std::find(exporter.licence_entries.begin(), exporter.licence_entries.end(),
                    "5A002") != exporter.licence_entries.end() ||
          std::find(exporter.licence_entries.begin(), exporter.licence_entries.end(),
                    "3A001") != exporter.licence_entries.end();
      if (!makes_covered_goods) continue;
      if (exporter.eori == kNationalGeneralOutsider) {
        plan_.national_general_outsider = &exporter;
      } else if (exporter.country == "NL") {
        licence->add_registered_exporters(exporter.eori);
        plan_.national_general_users.push_back(&exporter);
      }
    }
    v1::LicenceLine* security = licence->add_lines();
    security->set_line_no(1);
    security->set_control_code("5A002");
    security->set_description("information security items");
    v1::LicenceLine* electronics = licence->add_lines();
    electronics->set_line_no(2);
    electronics->set_control_code("3A001");
    electronics->set_description("electronic components");
  }

  std::string NextIndividualId(const Exporter& holder, const std::string& valid_from) {
    const std::string year = valid_from.substr(0, 4);
    if (holder.country == "BE") {
      return absl::StrFormat("BE-VL-%s-%05d", year, 1000 + 7 * ++issued_be_);
    }
    return absl::StrFormat("NL-DU-%s-%06d", year, 100 + 3 * ++issued_nl_);
  }

  static std::string IssuerOf(const Exporter& holder) {
    return holder.country == "BE" ? "BE-VL-SGCU" : "NL-CDIU";
  }

  // A line for `goods` under `entry`, capped at `cap_milli` (and its value with headroom).
  static void AddCappedLine(v1::Licence* licence, const std::string& entry,
                            const GoodsType& goods, int64_t cap_milli, uint32_t tolerance) {
    v1::LicenceLine* line = licence->add_lines();
    line->set_line_no(licence->lines_size());
    line->set_control_code(entry);
    if (GoodsOfEntry(entry).size() == 1) {
      line->set_cn_code(std::string(goods.cn_code).substr(0, 6));
    }
    line->mutable_quantity()->set_amount(MilliText(cap_milli));
    line->mutable_quantity()->set_unit(goods.unit);
    const __int128 value = static_cast<__int128>(cap_milli) * goods.unit_value_cents *
                           kValueHeadroomPercent / 100 / 1000;
    line->set_value_eur(CentsText(std::max<int64_t>(100, static_cast<int64_t>(value))));
    line->set_tolerance_percent(tolerance);
    line->set_description(goods.description);
  }

  // Lodging window of a licence within 2025: [from, until).
  static std::pair<int64_t, int64_t> UsableWindow(const v1::Licence& licence) {
    int64_t from = std::max(StartOfLodging(), DayStart(licence.valid_from()));
    int64_t until = EndOfLodging();
    if (!licence.valid_until().empty()) {
      until = std::min(until, DayStart(licence.valid_until()) + kSecondsPerDay);
    }
    return {from, until};
  }

  // `count` shipments in consecutive slices of the window, so they are lodged in order.
  std::vector<PlannedShipment> InOrder(int count, int64_t from, int64_t until) {
    std::vector<PlannedShipment> shipments(static_cast<size_t>(count));
    const int64_t slice = (until - from) / count;
    for (int i = 0; i < count; ++i) {
      shipments[i].earliest = from + slice * i;
      shipments[i].latest = i + 1 == count ? until : from + slice * (i + 1);
    }
    return shipments;
  }

  // The individual licence skeleton: holder, destination, end user, validity.
  LicencePlan NewIndividual(LicenceRole role, const Exporter& holder,
                            const std::string& valid_from, const std::string& valid_until,
                            const std::string& destination, const std::string& end_user) {
    LicencePlan plan;
    plan.role = role;
    plan.holder = &holder;
    v1::Licence& licence = plan.licence;
    licence.set_licence_id(NextIndividualId(holder, valid_from));
    licence.set_type(v1::INDIVIDUAL);
    licence.set_status(v1::ACTIVE);
    licence.set_holder_eori(holder.eori);
    licence.set_issued_by(IssuerOf(holder));
    licence.set_valid_from(valid_from);
    licence.set_valid_until(valid_until);
    licence.add_destinations(destination);
    v1::Trader* user = licence.add_end_users();
    user->set_name(end_user);
    user->set_country(destination);
    return plan;
  }

  void AddIndividuals(int count) {
    const int budget = std::max(size_.individual_shipments, 10);
    const int exhausting =
        std::min(RoleCount(count, kExhaustingPerMille, 2), std::max(2, budget / 10));
    const int expiring =
        std::min(RoleCount(count, kExpiringPerMille, 1), std::max(1, budget / 20));
    const int wrong_destination =
        std::min(RoleCount(count, kWrongDestinationPerMille, 1), std::max(1, budget / 20));
    const int wrong_end_user = 1;
    std::vector<LicenceRole> roles;
    for (int i = 0; i < exhausting; ++i) roles.push_back(LicenceRole::kExhausting);
    for (int i = 0; i < expiring; ++i) roles.push_back(LicenceRole::kExpiring);
    for (int i = 0; i < wrong_destination; ++i) roles.push_back(LicenceRole::kWrongDestination);
    for (int i = 0; i < wrong_end_user; ++i) roles.push_back(LicenceRole::kWrongEndUser);
    roles.push_back(LicenceRole::kSuspended);
    roles.push_back(LicenceRole::kRevoked);
    while (static_cast<int>(roles.size()) < count) roles.push_back(LicenceRole::kOrdinary);
    // Issue them in a random order, so that licence numbers do not reveal the role.
    for (size_t i = roles.size(); i > 1; --i) std::swap(roles[i - 1], roles[random_.Index(i)]);

    int used = 0;
    std::vector<size_t> ordinary;
    for (LicenceRole role : roles) {
      const std::vector<Exporter>& makers = ControlledGoodsExporters();
      const Exporter& holder = makers[random_.Index(makers.size())];
      const std::string& destination = RandomLicenceDestination(random_);
      const std::string end_user = ConsigneeName(destination, static_cast<int>(random_.Between(0, 24)));
      std::string valid_from;
      std::string valid_until;
      if (role == LicenceRole::kExpiring) {
        valid_until = AddDays("2025-03-31", static_cast<int>(random_.Between(0, 183)));
        valid_from = AddDays(valid_until, -kIndividualValidityDays);
      } else {
        valid_from = AddDays("2024-01-15", static_cast<int>(random_.Between(0, 410)));
        valid_until = AddDays(valid_from, kIndividualValidityDays);
      }
      LicencePlan plan = NewIndividual(role, holder, valid_from, valid_until, destination, end_user);
      for (const std::string& entry : holder.licence_entries) {
        const std::vector<const GoodsType*> goods = GoodsOfEntry(entry);
        plan.line_goods.push_back(goods[random_.Index(goods.size())]);
      }
      const auto [from, until] = UsableWindow(plan.licence);
      const size_t lines = plan.line_goods.size();
      std::vector<PlannedShipment> shipments;
      switch (role) {
        case LicenceRole::kExhausting: {
          const int fits = static_cast<int>(random_.Between(3, 5));
          shipments = InOrder(fits + 1, from, until);
          for (int i = 0; i < fits; ++i) shipments[i].kind = ShipmentKind::kFits;
          shipments[fits - 1].kind = ShipmentKind::kTakesTheRest;
          shipments[fits].kind = ShipmentKind::kExceeds;
          break;
        }
        case LicenceRole::kExpiring: {
          const int before = static_cast<int>(random_.Between(1, 3));
          for (int i = 0; i < before; ++i) {
            shipments.push_back({.kind = ShipmentKind::kFits, .earliest = from, .latest = until});
          }
          shipments.push_back({.kind = ShipmentKind::kAfterExpiry,
                               .earliest = until,
                               .latest = EndOfLodging()});
          break;
        }
        case LicenceRole::kWrongDestination:
        case LicenceRole::kWrongEndUser: {
          const int fits = static_cast<int>(random_.Between(1, 3));
          for (int i = 0; i < fits; ++i) {
            shipments.push_back({.kind = ShipmentKind::kFits, .earliest = from, .latest = until});
          }
          shipments.push_back({.kind = role == LicenceRole::kWrongDestination
                                           ? ShipmentKind::kOtherDestination
                                           : ShipmentKind::kOtherEndUser,
                               .earliest = from,
                               .latest = until});
          break;
        }
        case LicenceRole::kSuspended:
        case LicenceRole::kRevoked: {
          const int attempts = static_cast<int>(random_.Between(2, 3));
          for (int i = 0; i < attempts; ++i) {
            shipments.push_back({.kind = ShipmentKind::kFits, .earliest = from, .latest = until});
          }
          break;
        }
        default:
          break;
      }
      for (PlannedShipment& shipment : shipments) {
        shipment.line_index =
            role == LicenceRole::kExhausting && shipment.kind != ShipmentKind::kFits
                ? 0
                : random_.Index(lines);
        shipment.quantity_milli = RandomQuantityMilli(*plan.line_goods[shipment.line_index], random_);
      }
      used += static_cast<int>(shipments.size());
      plan.shipments = std::move(shipments);
      if (role == LicenceRole::kOrdinary) ordinary.push_back(plan_.licences.size());
      plan_.licences.push_back(std::move(plan));
    }
    // The rest of the budget goes to ordinary licences at random: some are used often,
    // some never (as in real licensing statistics).
    for (int i = used; i < budget && !ordinary.empty(); ++i) {
      LicencePlan& plan = plan_.licences[ordinary[random_.Index(ordinary.size())]];
      const auto [from, until] = UsableWindow(plan.licence);
      PlannedShipment shipment{.kind = ShipmentKind::kFits, .earliest = from, .latest = until};
      shipment.line_index = random_.Index(plan.line_goods.size());
      shipment.quantity_milli = RandomQuantityMilli(*plan.line_goods[shipment.line_index], random_);
      plan.shipments.push_back(shipment);
    }
    // Size every licence line from its planned shipments.
    for (LicencePlan& plan : plan_.licences) {
      if (plan.licence.type() != v1::INDIVIDUAL || plan.role == LicenceRole::kCatchAllRelief) {
        continue;
      }
      SizeIndividualLines(plan);
    }
  }

  void SizeIndividualLines(LicencePlan& plan) {
    const bool tolerant = (plan.role == LicenceRole::kOrdinary ||
                           plan.role == LicenceRole::kExhausting) &&
                          random_.PerMille(kTolerancePerMille);
    const uint32_t tolerance = tolerant ? (random_.PerMille(500) ? 5 : 10) : 0;
    for (size_t line = 0; line < plan.line_goods.size(); ++line) {
      const GoodsType& goods = *plan.line_goods[line];
      int64_t planned_milli = 0;
      for (const PlannedShipment& shipment : plan.shipments) {
        if (shipment.line_index == line) planned_milli += shipment.quantity_milli;
      }
      int64_t cap_milli = 0;
      if (plan.role == LicenceRole::kExhausting && line == 0) {
        // What the shipments before the exceeding one plan to take.
        cap_milli = 0;
        for (const PlannedShipment& shipment : plan.shipments) {
          if (shipment.line_index == 0 && shipment.kind != ShipmentKind::kExceeds) {
            cap_milli += shipment.quantity_milli;
          }
        }
      } else {
        // Plenty in hand: 1.5 to 3 times what is planned, at least a typical shipment.
        cap_milli = std::max(planned_milli, RandomQuantityMilli(goods, random_)) *
                    random_.Between(15, 30) / 10;
      }
      int64_t units = (cap_milli + 999) / 1000;
      if (tolerance > 0) units = (units + 19) / 20 * 20;  // whole units of tolerance
      AddCappedLine(&plan.licence, plan.holder->licence_entries[line], goods, units * 1000,
                    tolerance);
    }
  }

  void AddGlobals(int count) {
    const int per_licence = std::max(1, size_.global_shipments / count);
    const std::vector<Exporter>& makers = ControlledGoodsExporters();
    for (int g = 0; g < count; ++g) {
      const Exporter& holder = makers[(g * 7 + 3) % makers.size()];
      LicencePlan plan;
      plan.role = g == 0 ? LicenceRole::kGlobalExhausting : LicenceRole::kGlobal;
      plan.holder = &holder;
      v1::Licence& licence = plan.licence;
      const std::string valid_from = AddDays("2024-03-01", static_cast<int>(random_.Between(0, 300)));
      licence.set_licence_id(absl::StrFormat("%s-GL-%s-%04d", holder.country,
                                             valid_from.substr(0, 4), 11 + 5 * g));
      licence.set_type(v1::GLOBAL);
      licence.set_status(v1::ACTIVE);
      licence.set_holder_eori(holder.eori);
      licence.set_issued_by(IssuerOf(holder));
      licence.set_valid_from(valid_from);
      licence.set_valid_until(AddDays(valid_from, 3 * 365 - 1));
      std::vector<std::string> pool(std::begin(kGlobalDestinationPool),
                                    std::end(kGlobalDestinationPool));
      for (size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[random_.Index(i)]);
      const size_t destinations = static_cast<size_t>(random_.Between(4, 7));
      pool.resize(destinations);
      std::sort(pool.begin(), pool.end());
      for (const std::string& country : pool) licence.add_destinations(country);
      for (const std::string& entry : holder.licence_entries) {
        const std::vector<const GoodsType*> goods = GoodsOfEntry(entry);
        plan.line_goods.push_back(goods[random_.Index(goods.size())]);
      }
      const auto [from, until] = UsableWindow(licence);
      std::vector<PlannedShipment> shipments;
      if (plan.role == LicenceRole::kGlobalExhausting) {
        const int fits = std::max(3, per_licence - 1);
        shipments = InOrder(fits + 1, from, until);
        for (int i = 0; i < fits; ++i) shipments[i].kind = ShipmentKind::kFits;
        shipments[fits - 1].kind = ShipmentKind::kTakesTheRest;
        shipments[fits].kind = ShipmentKind::kExceeds;
        for (PlannedShipment& shipment : shipments) shipment.line_index = 0;
      } else {
        for (int i = 0; i < per_licence; ++i) {
          shipments.push_back({.kind = ShipmentKind::kFits,
                               .line_index = random_.Index(plan.line_goods.size()),
                               .earliest = from,
                               .latest = until});
        }
      }
      for (PlannedShipment& shipment : shipments) {
        shipment.quantity_milli = RandomQuantityMilli(*plan.line_goods[shipment.line_index], random_);
      }
      plan.shipments = std::move(shipments);
      // Value caps only (a global licence is typically capped in value).
      for (size_t line = 0; line < plan.line_goods.size(); ++line) {
        const GoodsType& goods = *plan.line_goods[line];
        int64_t planned_cents = 0;
        for (const PlannedShipment& shipment : plan.shipments) {
          if (shipment.line_index != line || shipment.kind == ShipmentKind::kExceeds) continue;
          planned_cents += shipment.quantity_milli / 1000 * goods.unit_value_cents;
        }
        int64_t cap_cents = planned_cents;
        if (plan.role != LicenceRole::kGlobalExhausting || line != 0) {
          cap_cents = std::max<int64_t>(planned_cents, goods.unit_value_cents * goods.quantity_max) *
                      random_.Between(15, 30) / 10;
        }
        cap_cents = (cap_cents + 99'999) / 100'000 * 100'000;  // whole thousands of euros
        v1::LicenceLine* line_message = licence.add_lines();
        line_message->set_line_no(static_cast<int32_t>(line + 1));
        line_message->set_control_code(holder.licence_entries[line]);
        line_message->set_value_eur(CentsText(cap_cents));
        line_message->set_description(goods.description);
      }
      plan_.licences.push_back(std::move(plan));
    }
  }

  void AddTransit() {
    const Exporter& forwarder = TransitForwarder();
    LicencePlan plan;
    plan.role = LicenceRole::kTransit;
    plan.holder = &forwarder;
    v1::Licence& licence = plan.licence;
    licence.set_licence_id("NL-TR-2025-000031");
    licence.set_type(v1::TRANSIT);
    licence.set_status(v1::ACTIVE);
    licence.set_holder_eori(forwarder.eori);
    licence.set_issued_by("NL-CDIU");
    licence.set_valid_from("2025-01-15");
    licence.set_valid_until("2025-12-31");
    for (const char* country : kTransitDestinations) licence.add_destinations(country);
    const GoodsType* cameras = GoodsOfEntry("6A003").front();
    plan.line_goods.push_back(cameras);
    const auto [from, until] = UsableWindow(licence);
    const int fits = std::max(3, size_.transit_shipments - 1);
    plan.shipments = InOrder(fits + 1, from, until);
    int64_t cap_milli = 0;
    for (int i = 0; i < fits + 1; ++i) {
      PlannedShipment& shipment = plan.shipments[i];
      shipment.kind = i < fits ? ShipmentKind::kFits : ShipmentKind::kExceeds;
      shipment.line_index = 0;
      shipment.quantity_milli = random_.Between(5, 25) * 1000;
      if (i < fits) cap_milli += shipment.quantity_milli;
    }
    plan.shipments[fits - 1].kind = ShipmentKind::kTakesTheRest;
    v1::LicenceLine* line = licence.add_lines();
    line->set_line_no(1);
    line->set_control_code("6A003");
    line->set_cn_code("852589");
    line->mutable_quantity()->set_amount(MilliText(cap_milli));
    line->mutable_quantity()->set_unit(cameras->unit);
    line->set_description("thermal imaging cameras of US origin, in transit");
    plan_.licences.push_back(std::move(plan));
  }

  void AddCatchAllRelief() {
    const CatchAllCase& ca = plan_.catch_all;
    LicencePlan plan = NewIndividual(LicenceRole::kCatchAllRelief, *ca.exporter,
                                     ca.licence_granted, AddDays(ca.licence_granted, kIndividualValidityDays),
                                     ca.country, ca.party_name);
    plan.line_goods.push_back(ca.goods);
    const auto [from, until] = UsableWindow(plan.licence);
    int64_t planned_milli = 0;
    for (int i = 0; i < std::max(2, size_.catch_all_relief_shipments); ++i) {
      PlannedShipment shipment{.kind = ShipmentKind::kFits,
                               .line_index = 0,
                               .quantity_milli = random_.Between(10, 60) * 1000,
                               .earliest = from,
                               .latest = until};
      planned_milli += shipment.quantity_milli;
      plan.shipments.push_back(shipment);
    }
    v1::LicenceLine* line = plan.licence.add_lines();
    line->set_line_no(1);
    line->set_cn_code("852691");
    line->mutable_quantity()->set_amount(MilliText((planned_milli * 3 / 2 + 999) / 1000 * 1000));
    line->mutable_quantity()->set_unit(ca.goods->unit);
    line->set_description("GNSS receivers (not listed; licence required by catch-all decision)");
    plan_.licences.push_back(std::move(plan));
  }

  void AddStatusChanges() {
    for (const LicencePlan& plan : plan_.licences) {
      if (plan.role != LicenceRole::kSuspended && plan.role != LicenceRole::kRevoked) continue;
      v1::LicenceStatusChange* change = plan_.events.emplace_back().mutable_licence_status();
      change->set_licence_id(plan.licence.licence_id());
      if (plan.role == LicenceRole::kSuspended) {
        change->set_status(v1::SUSPENDED);
        change->set_reason("suspended while suspected diversion to Russia is investigated");
      } else {
        change->set_status(v1::REVOKED);
        change->set_reason("revoked: the end user supplies a military programme");
      }
    }
  }

  const LicensingSize size_;
  SampleRandom& random_;
  LicensingPlan plan_;
  int issued_nl_ = 0;
  int issued_be_ = 0;
};

}  // namespace

const std::string& RandomLicenceDestination(SampleRandom& random) {
  static const auto* const kCountries = [] {
    auto* countries = new std::vector<std::string>;
    for (const WeightedCountry& entry : kLicenceDestinations) {
      for (int i = 0; i < entry.weight; ++i) countries->push_back(entry.country);
    }
    return countries;
  }();
  return (*kCountries)[random.Index(kCountries->size())];
}

LicensingPlan PlanLicensing(const LicensingSize& size, SampleRandom& random) {
  return Planner(size, random).Run();
}

}  // namespace gatekeeper::samplegen
