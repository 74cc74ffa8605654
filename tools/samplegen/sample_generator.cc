#include "tools/samplegen/sample_generator.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <map>
#include <span>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "tools/samplegen/declaration_builder.h"
#include "tools/samplegen/goods_catalogue.h"
#include "tools/samplegen/licensing_plan.h"
#include "tools/samplegen/mrn.h"
#include "tools/samplegen/reference_lists.h"
#include "tools/samplegen/sample_amounts.h"
#include "tools/samplegen/sample_clock.h"
#include "tools/samplegen/trader_catalogue.h"

namespace gatekeeper::samplegen {
namespace {

// Shares of the lodged declarations, per 10,000. Most exports are ordinary goods that
// clear; the designed holds add up to about 2.5%, and the licences' own story (exhausted,
// expired, misused licences) adds to that. docs/DEMO.md explains each.
constexpr int kEmbargoPer10k = 35;
constexpr int kEmbargoExemptedPer10k = 10;
constexpr int kTransitBanPer10k = 25;
constexpr int kDiversionPer10k = 55;
constexpr int kMissingLicencePer10k = 25;
constexpr int kMissingNotListedPer10k = 25;
constexpr int kListedPartyPer10k = 20;
constexpr int kCatchAllPer10k = 12;
constexpr int kDenialPer10k = 16;
constexpr int kWrongGeneralAuthorisationPer10k = 6;
constexpr int kNotRegisteredPer10k = 5;
constexpr int kMalformedPer10k = 5;
constexpr int kUnionGeneralPer10k = 250;
constexpr int kNationalGeneralPer10k = 60;
constexpr int kIndividualShipmentsPer10k = 450;
constexpr int kGlobalShipmentsPer10k = 140;
constexpr int kTransitShipmentsPer10k = 12;
constexpr int kCatchAllReliefPer10k = 8;
// Follow-ups, per 10,000 lodged declarations.
constexpr int kResendPer10k = 100;
constexpr int kStaleResendPer10k = 10;
constexpr int kOrdinaryAmendmentPer10k = 100;
constexpr int kOrdinaryInvalidationPer10k = 50;
// Licensed shipments that are amended or invalidated later, per mille.
constexpr int kLicensedAmendmentPerMille = 100;
constexpr int kLicensedInvalidationPerMille = 40;
// Shipments to a diversion country whose declarant forgot the clause code, per mille.
constexpr int kForgottenClausePerMille = 80;
// Below this many declarations a sample need not show every kind of hold.
constexpr int kEveryReasonFrom = 500;

constexpr int kYearTwoDigits = 25;

struct WeightedCountry {
  const char* country;
  int weight;
};

// Ordinary exports: the EU001 countries about half, China and Türkiye next (Dutch and
// Belgian export statistics put the US, the UK, Switzerland and China first outside the EU).
constexpr WeightedCountry kOrdinaryDestinations[] = {
    {"US", 170}, {"GB", 110}, {"CH", 75}, {"NO", 40}, {"JP", 40}, {"CA", 30}, {"AU", 20},
    {"NZ", 5},   {"IS", 3},   {"LI", 2},  {"CN", 80}, {"TR", 45}, {"AE", 30}, {"IN", 30},
    {"KR", 25},  {"SG", 20},  {"BR", 20}, {"MX", 15}, {"ZA", 12}, {"IL", 12}, {"SA", 12},
    {"HK", 12},  {"RS", 10},  {"KZ", 10}, {"MA", 10}, {"EG", 10}, {"TH", 10}, {"VN", 10},
    {"MY", 10},  {"TW", 10},  {"AR", 8},  {"CL", 8},  {"PH", 6},  {"PK", 6},  {"AM", 4},
    {"KG", 3},   {"TJ", 2},   {"UZ", 3},  {"MN", 2},  {"RU", 15}, {"BY", 3},
};
constexpr WeightedCountry kEu001Destinations[] = {
    {"US", 35}, {"GB", 20}, {"CH", 12}, {"JP", 10}, {"CA", 7},
    {"NO", 6},  {"AU", 5},  {"NZ", 2},  {"IS", 1},  {"LI", 2},
};
constexpr WeightedCountry kDiversionDestinations[] = {
    {"CN", 30}, {"TR", 25}, {"AE", 20}, {"KZ", 8}, {"AM", 5}, {"RS", 5}, {"KG", 4}, {"TJ", 3},
};
// Landlocked Central Asia: trucks go through Belarus and Russia, or round them.
constexpr WeightedCountry kCentralAsia[] = {
    {"KZ", 40}, {"KG", 15}, {"UZ", 15}, {"MN", 15}, {"TJ", 15},
};
constexpr const char* kMiddleCorridor[] = {"TR", "GE", "AZ"};
// Destinations a licensed shipment goes to by mistake: none of them names a rule.
constexpr const char* kMistakenDestinations[] = {"HK", "VN", "TH", "MY", "PH", "SG", "MX", "BR"};
// Accessories shipped beside licensed goods.
constexpr const char* kAccessoryCnCodes[] = {"85044090", "85366990", "39269097", "48191000"};
// Listed parties in countries a Dutch or Belgian exporter ships to.
constexpr const char* kPartyCountriesShippedTo[] = {"RU", "BY", "AE", "TR", "HK", "KZ",
                                                    "AM", "KG", "TJ", "CN", "RS", "AZ"};

const char* PickCountry(std::span<const WeightedCountry> weights, SampleRandom& random) {
  int total = 0;
  for (const WeightedCountry& entry : weights) total += entry.weight;
  int draw = static_cast<int>(random.Between(0, total - 1));
  for (const WeightedCountry& entry : weights) {
    if (draw < entry.weight) return entry.country;
    draw -= entry.weight;
  }
  return weights.front().country;
}

const GoodsType& GoodsByCn(const std::string& cn_code) {
  const GoodsType* goods = FindGoods(cn_code, "");
  assert(goods != nullptr);
  return *goods;
}

bool IsRussiaOrBelarus(const std::string& country) { return country == "RU" || country == "BY"; }

bool IsLicenceDocumentCode(const std::string& code) {
  return code.size() == 4 && code[0] == 'X' && (code[1] == '0');
}

int64_t FirstInstant() { return DayStart(kFirstLodgingDate); }
int64_t LastInstant() { return DayStart(kLastLodgingDate) + kSecondsPerDay; }

class CustomsPlanner {
 public:
  CustomsPlanner(const SampleOptions& options, const LicensingPlan& licensing,
                 ExpectationModel& model, SampleRandom& random, Sample& sample)
      : options_(options),
        licensing_(licensing),
        model_(model),
        random_(random),
        sample_(sample),
        general_(GeneralExporters(std::clamp(options.declarations / 50, 40, 400))) {
    for (size_t i = 0; i < general_.size(); ++i) {
      for (const std::string& cn : general_[i].usual_cn_codes) {
        by_cn_[cn].push_back(i);
        if (IsChpCode(cn) && (chp_traders_.empty() || chp_traders_.back() != i)) {
          chp_traders_.push_back(i);
        }
        if (IsDualUseCorrelated(cn) &&
            (correlated_traders_.empty() || correlated_traders_.back() != i)) {
          correlated_traders_.push_back(i);
        }
      }
    }
    mrn_number_ = static_cast<uint64_t>(random_.Between(1'000'000, 900'000'000));
  }

  void Run() {
    int designed = 0;
    designed += PlanLicensedShipments();
    designed += PlanScenario(kEmbargoPer10k, [this](int h) { Embargo(h); });
    designed += PlanScenario(kEmbargoExemptedPer10k, [this](int h) { EmbargoExempted(h); });
    designed += PlanScenario(kTransitBanPer10k, [this](int h) { TransitBan(h); });
    designed += PlanScenario(kDiversionPer10k, [this](int h) { Diversion(h); });
    designed += PlanScenario(kMissingLicencePer10k, [this](int h) { MissingLicence(h); });
    designed += PlanScenario(kMissingNotListedPer10k, [this](int h) { MissingNotListed(h); });
    designed += PlanScenario(kListedPartyPer10k, [this](int h) { ListedPartyConsignee(h); });
    designed += PlanCatchAll();
    designed += PlanScenario(kDenialPer10k, [this](int h) { DeniedBefore(h); });
    designed += PlanScenario(kWrongGeneralAuthorisationPer10k,
                             [this](int h) { UnionGeneralOutsideItsCountries(h); });
    designed += PlanScenario(kNotRegisteredPer10k, [this](int h) { NationalGeneral(h, true); });
    designed += PlanScenario(kMalformedPer10k, [this](int h) { Malformed(h); });
    designed += PlanScenario(kUnionGeneralPer10k, [this](int h) { UnionGeneral(h); }, 0);
    designed += PlanScenario(kNationalGeneralPer10k, [this](int h) { NationalGeneral(h, false); },
                             0);
    const int ordinary = std::max(0, options_.declarations - designed);
    std::vector<int> ordinary_handles;
    for (int i = 0; i < ordinary; ++i) {
      const int h = NewHandle("ordinary");
      ordinary_handles.push_back(h);
      const int64_t time = AnyTime();
      handles_[h].planned_time = time;
      At(time, [this, h](int64_t at) { Lodge(h, OrdinaryDeclaration(), at); });
    }
    PlanOrdinaryFollowUps(ordinary_handles);
    PlanResends();
    Materialize();
  }

 private:
  struct Handle {
    std::string scenario;
    int64_t planned_time = 0;
    bool lodged = false;
    bool amended = false;
    int listed_party_hits = 0;
    bool malformed = false;
    v1::Declaration first;
    v1::Declaration last;
  };
  struct Slot {
    int64_t time = 0;
    uint64_t order = 0;
    std::function<void(int64_t)> build;
  };
  // How a held declaration is followed up, per mille of the designed holds; the rest stay
  // held at the end of the stream (the officer has not decided yet).
  struct FollowUpMix {
    int fix_per_mille = 0;  // an amendment that removes the cause
    int release_per_mille = 0;
    int refuse_per_mille = 0;
    int invalidate_per_mille = 0;
  };

  int Count(int per_10k, int minimum) const {
    const int64_t scaled = (int64_t{options_.declarations} * per_10k + 5000) / 10000;
    return static_cast<int>(std::max<int64_t>(minimum, scaled));
  }

  int HoldMinimum() const { return options_.declarations >= kEveryReasonFrom ? 1 : 0; }

  int NewHandle(std::string scenario) {
    Handle& handle = handles_.emplace_back();
    handle.scenario = std::move(scenario);
    return static_cast<int>(handles_.size()) - 1;
  }

  void At(int64_t time, std::function<void(int64_t)> build) {
    slots_.push_back(Slot{.time = time, .order = slots_.size(), .build = std::move(build)});
  }

  int64_t AnyTime() { return WorkingTime(FirstInstant(), LastInstant(), random_); }

  // A follow-up `min_seconds` to `max_seconds` after `time`, still within 2025.
  int64_t Later(int64_t time, int64_t min_seconds, int64_t max_seconds) {
    const int64_t year_end = DayStart("2025-12-31") + kSecondsPerDay - 1;
    return std::min(year_end, time + random_.Between(min_seconds, max_seconds));
  }

  // Plans `per_10k` (at least `minimum`, by default one when the sample is large enough)
  // declarations lodged at any time by `lodge`.
  int PlanScenario(int per_10k, const std::function<void(int)>& lodge, int minimum = -1) {
    const int count = Count(per_10k, minimum < 0 ? HoldMinimum() : minimum);
    for (int i = 0; i < count; ++i) lodge(-1);
    return count;
  }

  // Lodges a declaration built at lodging time by `build` for a new handle of `scenario`
  // at `time`, then plans the follow-up `mix` for it if it is held then.
  void Plan(const std::string& scenario, int64_t time, std::function<v1::Declaration()> build,
            FollowUpMix mix, std::function<void(v1::Declaration&)> fix = nullptr,
            int listed_party_hits = 0) {
    const int h = NewHandle(scenario);
    handles_[h].planned_time = time;
    handles_[h].listed_party_hits = listed_party_hits;
    At(time, [this, h, build](int64_t at) { Lodge(h, build(), at); });
    PlanHoldFollowUp(h, time, mix, std::move(fix));
  }

  void PlanHoldFollowUp(int h, int64_t time, FollowUpMix mix,
                        std::function<void(v1::Declaration&)> fix) {
    int draw = static_cast<int>(random_.Between(0, 999));
    const int64_t when = Later(time, 20 * 60, 2 * kSecondsPerDay);
    if (fix != nullptr && draw < mix.fix_per_mille) {
      At(when, [this, h, fix](int64_t at) { AmendIfHeld(h, at, fix); });
      return;
    }
    draw -= mix.fix_per_mille;
    if (draw < mix.release_per_mille) {
      At(when, [this, h](int64_t at) { DisposeIfHeld(h, v1::RELEASE, at); });
      return;
    }
    draw -= mix.release_per_mille;
    if (draw < mix.refuse_per_mille) {
      At(when, [this, h](int64_t at) { DisposeIfHeld(h, v1::REFUSE, at); });
      return;
    }
    draw -= mix.refuse_per_mille;
    if (draw < mix.invalidate_per_mille) {
      At(when, [this, h](int64_t) { InvalidateIfHeld(h); });
    }
  }

  // ---- emitting events ----

  void Lodge(int h, v1::Declaration declaration, int64_t at) {
    Handle& handle = handles_[h];
    const std::string country = declaration.office_of_export().substr(0, 2);
    declaration.set_mrn(MakeMrn(kYearTwoDigits, country, mrn_number_++));
    declaration.set_version(1);
    declaration.set_lodged_at(InstantText(at));
    Emit(h, declaration, handle.scenario);
    handle.lodged = true;
    handle.first = declaration;
    handle.last = std::move(declaration);
  }

  void Emit(int h, const v1::Declaration& declaration, const std::string& scenario) {
    const Handle& handle = handles_[h];
    CustomsExpectation expectation;
    expectation.scenario = scenario;
    expectation.mrn = declaration.mrn();
    expectation.decision =
        model_.Declare(declaration, handle.listed_party_hits, handle.malformed);
    *sample_.customs.emplace_back().mutable_declaration() = declaration;
    sample_.expectations.push_back(std::move(expectation));
  }

  std::optional<v1::DeclarationStatus> StatusOf(int h) const {
    const Handle& handle = handles_[h];
    if (!handle.lodged) return std::nullopt;
    std::optional<ExpectationModel::DeclarationState> state = model_.Find(handle.last.mrn());
    if (!state.has_value()) return std::nullopt;
    return state->status;
  }

  void Amend(int h, int64_t at, const std::function<void(v1::Declaration&)>& change,
             const std::string& scenario) {
    Handle& handle = handles_[h];
    v1::Declaration amended = handle.last;
    amended.set_version(amended.version() + 1);
    amended.set_lodged_at(InstantText(at));
    change(amended);
    Emit(h, amended, scenario);
    handle.amended = true;
    handle.last = std::move(amended);
  }

  void AmendIfHeld(int h, int64_t at, const std::function<void(v1::Declaration&)>& fix) {
    if (StatusOf(h) != v1::HELD) return;
    Amend(h, at, fix, handles_[h].scenario + "/amended");
  }

  void AmendIfLive(int h, int64_t at, const std::function<void(v1::Declaration&)>& change,
                   const std::string& scenario) {
    const std::optional<v1::DeclarationStatus> status = StatusOf(h);
    if (status != v1::CLEARED && status != v1::HELD) return;
    Amend(h, at, change, scenario);
  }

  void InvalidateIfLive(int h, const std::string& reason, bool only_when_held) {
    const std::optional<v1::DeclarationStatus> status = StatusOf(h);
    if (!status.has_value() || *status == v1::INVALIDATED || *status == v1::REJECTED) return;
    if (only_when_held && *status != v1::HELD) return;
    const Handle& handle = handles_[h];
    model_.Invalidate(handle.last.mrn());
    v1::Invalidation* invalidation = sample_.customs.emplace_back().mutable_invalidation();
    invalidation->set_mrn(handle.last.mrn());
    invalidation->set_exporter_eori(handle.last.exporter().eori());
    invalidation->set_reason(reason);
    CustomsExpectation expectation;
    expectation.scenario = handle.scenario + "/invalidated";
    expectation.mrn = handle.last.mrn();
    expectation.decision.status = v1::INVALIDATED;
    sample_.expectations.push_back(std::move(expectation));
  }

  void InvalidateIfHeld(int h) {
    InvalidateIfLive(h, "the exporter withdrew the declaration; the goods will not be exported",
                     true);
  }

  void DisposeIfHeld(int h, v1::DispositionAction action, int64_t at) {
    if (StatusOf(h) != v1::HELD) return;
    const Handle& handle = handles_[h];
    model_.Dispose(handle.last.mrn(), action);
    v1::Disposition* disposition = sample_.customs.emplace_back().mutable_disposition();
    disposition->set_mrn(handle.last.mrn());
    disposition->set_version(handle.last.version());
    disposition->set_action(action);
    disposition->set_officer_id(absl::StrFormat(
        "%s-OFF-%04d", handle.last.office_of_export().substr(0, 2), random_.Between(101, 160)));
    disposition->set_note(DispositionNote(handle.scenario, action));
    disposition->set_decided_at(InstantText(at));
    CustomsExpectation expectation;
    expectation.scenario =
        absl::StrCat(handle.scenario, action == v1::RELEASE ? "/released" : "/refused");
    expectation.mrn = handle.last.mrn();
    expectation.decision.status = action == v1::RELEASE ? v1::RELEASED : v1::REFUSED;
    sample_.expectations.push_back(std::move(expectation));
  }

  static std::string DispositionNote(const std::string& scenario, v1::DispositionAction action) {
    static const auto* const kNotes = new std::map<std::string, std::pair<const char*, const char*>>{
        {"diversion", {"no-re-export-to-Russia clause found in the sales contract; released",
                       "end user could not be verified; goods not released"}},
        {"missing-not-listed", {"technical documentation shows the goods are not listed",
                                "classification unclear; exporter to apply for a ruling"}},
        {"denial", {"consultation with the denying member state completed; released",
                    "essentially identical transaction to the denied one; not released"}},
        {"embargo", {"", "export prohibited under the Russia/Belarus sanctions; not released"}},
        {"transit-ban", {"", "routing through Russia or Belarus is prohibited; not released"}},
        {"listed-party", {"", "consignee is a listed party; not released, case referred to FIOD"}},
        {"catch-all", {"", "catch-all decision in force; an individual licence is required"}},
        {"missing-licence", {"", "dual-use items without an export authorisation; not released"}},
    };
    const std::string base = scenario.substr(0, scenario.find('/'));
    auto found = kNotes->find(base);
    if (found != kNotes->end()) {
      const char* note = action == v1::RELEASE ? found->second.first : found->second.second;
      if (*note != '\0') return note;
    }
    return action == v1::RELEASE ? "checked by the officer; released"
                                 : "licence does not cover this shipment; not released";
  }

  // ---- building declarations ----

  const Exporter& AnyGeneralExporter() { return general_[random_.Index(general_.size())]; }

  const Exporter& GeneralExporterWith(const std::vector<size_t>& candidates) {
    if (candidates.empty()) return AnyGeneralExporter();
    return general_[candidates[random_.Index(candidates.size())]];
  }

  const Exporter& AnyMaker() {
    const std::vector<Exporter>& makers = ControlledGoodsExporters();
    return makers[random_.Index(makers.size())];
  }

  const GoodsType& MakerGoods(const Exporter& maker) {
    const std::string& entry = maker.licence_entries[random_.Index(maker.licence_entries.size())];
    std::vector<const GoodsType*> goods;
    for (const GoodsType& candidate : ControlledGoods()) {
      if (entry == candidate.licence_entry) goods.push_back(&candidate);
    }
    return *goods[random_.Index(goods.size())];
  }

  int ItemCount() {
    const int draw = static_cast<int>(random_.Between(0, 99));
    if (draw < 45) return 1;
    if (draw < 70) return 2;
    if (draw < 85) return 3;
    if (draw < 95) return 4;
    return 5;
  }

  std::string Consignee(const std::string& country) {
    return ConsigneeName(country, static_cast<int>(random_.Between(0, 24)));
  }

  // An item of `goods` with a usual quantity and the statements a careful exporter adds.
  v1::GoodsItem* AddUsualItem(v1::Declaration* declaration, const GoodsType& goods,
                              bool with_not_listed = true, bool with_clause = true) {
    const int64_t quantity = RandomQuantityMilli(goods, random_);
    v1::GoodsItem* item =
        AddItem(declaration, goods, quantity, ItemValueCents(goods, quantity, random_));
    AddStatements(item, declaration->destination_country(), with_not_listed, with_clause,
                  random_);
    return item;
  }

  const GoodsType& AnyOrdinaryGoods() {
    std::span<const GoodsType> goods = OrdinaryGoods();
    return goods[random_.Index(goods.size())];
  }

  // Trucks to Central Asia go through Belarus and Russia unless they carry CHP items.
  static void SetRoute(v1::Declaration* declaration) {
    static constexpr const char* kLandlocked[] = {"KZ", "KG", "UZ", "MN", "TJ"};
    if (!Contains(kLandlocked, declaration->destination_country())) return;
    bool chp = false;
    for (const v1::GoodsItem& item : declaration->items()) chp = chp || IsChpCode(item.cn_code());
    declaration->clear_route_countries();
    if (chp) {
      for (const char* country : kMiddleCorridor) declaration->add_route_countries(country);
    } else {
      declaration->add_route_countries("BY");
      declaration->add_route_countries("RU");
    }
  }

  v1::Declaration OrdinaryDeclaration() {
    const Exporter& exporter = AnyGeneralExporter();
    const std::string destination = PickCountry(kOrdinaryDestinations, random_);
    v1::Declaration declaration = NewDeclaration(exporter, destination, Consignee(destination));
    const int items = ItemCount();
    std::vector<std::string> unused;
    for (int i = 0; i < items; ++i) {
      // Different goods on each item while the exporter's range lasts.
      if (unused.empty()) unused = exporter.usual_cn_codes;
      const size_t pick = random_.Index(unused.size());
      const std::string cn = unused[pick];
      unused.erase(unused.begin() + static_cast<std::ptrdiff_t>(pick));
      const GoodsType* goods = &GoodsByCn(cn);
      // To Russia and Belarus only goods no sanction names (food, medicines, furniture).
      if (IsRussiaOrBelarus(destination) && (IsChpCode(cn) || IsDualUseCorrelated(cn))) {
        goods = &AnyOrdinaryGoods();
      }
      AddUsualItem(&declaration, *goods);
    }
    SetRoute(&declaration);
    return declaration;
  }

  void PlanOrdinaryFollowUps(const std::vector<int>& ordinary) {
    if (ordinary.empty()) return;
    const int amendments = Count(kOrdinaryAmendmentPer10k, 0);
    for (int i = 0; i < amendments; ++i) {
      const int h = ordinary[random_.Index(ordinary.size())];
      At(Later(handles_[h].planned_time, 30 * 60, 3 * kSecondsPerDay), [this, h](int64_t at) {
        AmendIfLive(h, at, [this](v1::Declaration& d) { ChangeOrdinary(d); }, "ordinary/amended");
      });
    }
    const int invalidations = Count(kOrdinaryInvalidationPer10k, 0);
    for (int i = 0; i < invalidations; ++i) {
      const int h = ordinary[random_.Index(ordinary.size())];
      At(Later(handles_[h].planned_time, 3600, 10 * kSecondsPerDay), [this, h](int64_t) {
        InvalidateIfLive(h, "consignment cancelled by the buyer", false);
      });
    }
  }

  // A corrected declaration: another quantity on the first item, or an item added.
  void ChangeOrdinary(v1::Declaration& declaration) {
    const Exporter* exporter = nullptr;
    for (const Exporter& candidate : general_) {
      if (candidate.eori == declaration.exporter().eori()) exporter = &candidate;
    }
    if (exporter != nullptr && declaration.items_size() < 5 && random_.PerMille(400)) {
      const std::string& cn =
          exporter->usual_cn_codes[random_.Index(exporter->usual_cn_codes.size())];
      const GoodsType* goods = &GoodsByCn(cn);
      if (IsRussiaOrBelarus(declaration.destination_country()) &&
          (IsChpCode(cn) || IsDualUseCorrelated(cn))) {
        goods = &AnyOrdinaryGoods();
      }
      AddUsualItem(&declaration, *goods);
      return;
    }
    v1::GoodsItem* item = declaration.mutable_items(0);
    const GoodsType* goods = FindGoods(item->cn_code(), item->control_code());
    assert(goods != nullptr);
    const int64_t quantity = RandomQuantityMilli(*goods, random_);
    SetItemAmounts(item, *goods, quantity, ItemValueCents(*goods, quantity, random_));
  }

  void PlanResends() {
    const int resends = Count(kResendPer10k, 0);
    const int lodged = static_cast<int>(handles_.size());
    if (lodged == 0) return;
    for (int i = 0; i < resends; ++i) {
      const int h = static_cast<int>(random_.Index(static_cast<size_t>(lodged)));
      At(Later(handles_[h].planned_time, 1, 2 * 3600), [this, h](int64_t) { Resend(h, false); });
    }
    const int stale = Count(kStaleResendPer10k, 0);
    for (int i = 0; i < stale; ++i) {
      const int h = static_cast<int>(random_.Index(static_cast<size_t>(lodged)));
      // Late enough that an amendment, if any, came first.
      At(Later(handles_[h].planned_time, 4 * kSecondsPerDay, 10 * kSecondsPerDay),
         [this, h](int64_t) { Resend(h, true); });
    }
  }

  // The customs system sends a message again: the latest one, or (stale) the first.
  void Resend(int h, bool first_version) {
    Handle& handle = handles_[h];
    if (!handle.lodged) return;
    if (first_version && !handle.amended) return;
    Emit(h, first_version ? handle.first : handle.last,
         first_version ? "stale-resend" : "resend");
  }

  // ---- licensed shipments ----

  int PlanLicensedShipments() {
    int planned = 0;
    for (size_t l = 0; l < licensing_.licences.size(); ++l) {
      const LicencePlan& plan = licensing_.licences[l];
      for (size_t s = 0; s < plan.shipments.size(); ++s) {
        const PlannedShipment& shipment = plan.shipments[s];
        const int64_t time = WorkingTime(shipment.earliest, shipment.latest, random_);
        const bool forgets =
            plan.role == LicenceRole::kOrdinary && shipment.kind == ShipmentKind::kFits &&
            random_.PerMille(kForgottenClausePerMille);
        const int h = NewHandle(ShipmentScenario(plan.role, shipment.kind));
        handles_[h].planned_time = time;
        At(time, [this, l, s, h, forgets](int64_t at) {
          Lodge(h, LicensedDeclaration(licensing_.licences[l], licensing_.licences[l].shipments[s],
                                       forgets),
                at);
        });
        ++planned;
        PlanShipmentFollowUp(h, time, plan, shipment, forgets);
      }
    }
    return planned;
  }

  static std::string ShipmentScenario(LicenceRole role, ShipmentKind kind) {
    switch (kind) {
      case ShipmentKind::kTakesTheRest:
        return "licence-exhausted-by-this";
      case ShipmentKind::kExceeds:
        return "licence-exhausted";
      case ShipmentKind::kAfterExpiry:
        return "licence-expired";
      case ShipmentKind::kOtherDestination:
        return "licence-wrong-destination";
      case ShipmentKind::kOtherEndUser:
        return "licence-wrong-end-user";
      case ShipmentKind::kFits:
        break;
    }
    switch (role) {
      case LicenceRole::kSuspended:
        return "licence-suspended";
      case LicenceRole::kRevoked:
        return "licence-revoked";
      case LicenceRole::kCatchAllRelief:
        return "catch-all-licensed";
      case LicenceRole::kGlobal:
      case LicenceRole::kGlobalExhausting:
        return "global-licence";
      case LicenceRole::kTransit:
        return "transit-licence";
      default:
        return "individual-licence";
    }
  }

  void PlanShipmentFollowUp(int h, int64_t time, const LicencePlan& plan,
                            const PlannedShipment& shipment, bool forgets) {
    if (forgets) {
      PlanHoldFollowUp(h, time, {.fix_per_mille = 250, .release_per_mille = 500, .refuse_per_mille = 150},
                       [this](v1::Declaration& d) { AddClause(d); });
      return;
    }
    const bool designed_hold = shipment.kind == ShipmentKind::kExceeds ||
                               shipment.kind == ShipmentKind::kAfterExpiry ||
                               shipment.kind == ShipmentKind::kOtherDestination ||
                               shipment.kind == ShipmentKind::kOtherEndUser ||
                               plan.role == LicenceRole::kSuspended ||
                               plan.role == LicenceRole::kRevoked;
    if (designed_hold) {
      PlanHoldFollowUp(h, time, {.refuse_per_mille = 600, .invalidate_per_mille = 100}, nullptr);
      return;
    }
    // Exhausting licences must see exactly their planned shipments.
    const bool adjustable = shipment.kind == ShipmentKind::kFits &&
                            (plan.role == LicenceRole::kOrdinary || plan.role == LicenceRole::kGlobal);
    if (!adjustable) return;
    const int draw = static_cast<int>(random_.Between(0, 999));
    if (draw < kLicensedAmendmentPerMille) {
      At(Later(time, 30 * 60, 3 * kSecondsPerDay), [this, h](int64_t at) {
        AmendIfLive(h, at, [this](v1::Declaration& d) { ChangeLicensedQuantity(d); },
                    handles_[h].scenario + "/amended");
      });
    } else if (draw < kLicensedAmendmentPerMille + kLicensedInvalidationPerMille) {
      At(Later(time, 3600, 10 * kSecondsPerDay), [this, h](int64_t) {
        InvalidateIfLive(h, "shipment cancelled; the licence quantity goes back", false);
      });
    }
  }

  v1::Declaration LicensedDeclaration(const LicencePlan& plan, const PlannedShipment& shipment,
                                      bool forgets_clause) {
    const v1::Licence& licence = plan.licence;
    std::string destination = licence.destinations(static_cast<int>(random_.Index(
        static_cast<size_t>(licence.destinations_size()))));
    std::string consignee = licence.end_users().empty() ? Consignee(destination)
                                                        : licence.end_users(0).name();
    if (shipment.kind == ShipmentKind::kOtherDestination) {
      do {
        destination = kMistakenDestinations[random_.Index(std::size(kMistakenDestinations))];
      } while (destination == licence.destinations(0));
      consignee = Consignee(destination);
    } else if (shipment.kind == ShipmentKind::kOtherEndUser) {
      do {
        consignee = Consignee(destination);
      } while (consignee == licence.end_users(0).name());
    }
    v1::Declaration declaration = NewDeclaration(*plan.holder, destination, consignee);
    if (plan.role == LicenceRole::kTransit) declaration.set_procedure("3100");
    const GoodsType& goods = *plan.line_goods[shipment.line_index];
    const int32_t line_no = static_cast<int32_t>(shipment.line_index + 1);
    int64_t quantity = shipment.quantity_milli;
    std::optional<int64_t> value;
    const std::optional<int64_t> quantity_room =
        model_.QuantityRoomMilli(licence.licence_id(), line_no);
    const std::optional<int64_t> value_room = model_.ValueRoomCents(licence.licence_id(), line_no);
    switch (shipment.kind) {
      case ShipmentKind::kFits:
        // Stay within what is left, as a careful exporter does.
        if (quantity_room.has_value() && *quantity_room >= 1000) {
          quantity = std::min(quantity, *quantity_room / 1000 * 1000);
        }
        if (value_room.has_value() && *value_room > 0) {
          value = std::min(ItemValueCents(goods, quantity, random_), *value_room);
        }
        break;
      // The line that runs out is capped in quantity (individual, transit) or only in
      // value (global).
      case ShipmentKind::kTakesTheRest:
        if (quantity_room.has_value()) {
          if (*quantity_room > 0) quantity = *quantity_room;
        } else if (value_room.has_value() && *value_room > 0) {
          value = *value_room;
        }
        break;
      case ShipmentKind::kExceeds:
        if (quantity_room.has_value()) {
          quantity = std::max<int64_t>(*quantity_room, 0) +
                     random_.Between(1, std::max<int64_t>(1, shipment.quantity_milli / 1000)) * 1000;
        } else if (value_room.has_value()) {
          value = std::max<int64_t>(*value_room, 0) + ItemValueCents(goods, quantity, random_);
        }
        break;
      default:
        break;
    }
    if (!value.has_value()) value = ItemValueCents(goods, quantity, random_);
    v1::GoodsItem* item = AddItem(&declaration, goods, quantity, *value);
    const bool general_licence = plan.role == LicenceRole::kGlobal ||
                                 plan.role == LicenceRole::kGlobalExhausting;
    const char* code = licence.type() == v1::GLOBAL    ? "X070"
                       : licence.type() == v1::TRANSIT ? "X072"
                                                       : "X060";
    if (general_licence) {
      AddLicenceDocument(item, code, licence.licence_id(), 0, std::nullopt, std::nullopt);
    } else {
      const bool state_value = shipment.kind == ShipmentKind::kFits && random_.PerMille(300);
      AddLicenceDocument(item, code, licence.licence_id(), line_no, quantity,
                         state_value ? std::optional<int64_t>(*value) : std::nullopt);
    }
    AddStatements(item, destination, true, !forgets_clause, random_);
    if (random_.PerMille(300)) {
      AddUsualItem(&declaration,
                   GoodsByCn(kAccessoryCnCodes[random_.Index(std::size(kAccessoryCnCodes))]));
    }
    return declaration;
  }

  // The licensed item is the first; its quantity (and write-off) changes by up to 20%.
  void ChangeLicensedQuantity(v1::Declaration& declaration) {
    v1::GoodsItem* item = declaration.mutable_items(0);
    const GoodsType* goods = FindGoods(item->cn_code(), item->control_code());
    assert(goods != nullptr);
    const int64_t old_units = ParseMilli(item->quantity().amount()) / 1000;
    const int64_t delta = std::max<int64_t>(1, old_units / 5);
    const int64_t units = std::max<int64_t>(1, old_units + random_.Between(-delta, delta));
    const int64_t value = ItemValueCents(*goods, units * 1000, random_);
    SetItemAmounts(item, *goods, units * 1000, value);
    for (v1::Document& document : *item->mutable_documents()) {
      if (!IsLicenceDocumentCode(document.code())) continue;
      if (document.has_write_off()) document.mutable_write_off()->set_amount(MilliText(units * 1000));
      if (!document.write_off_value_eur().empty()) document.set_write_off_value_eur(CentsText(value));
    }
  }

  static void AddClause(v1::Declaration& declaration) {
    for (v1::GoodsItem& item : *declaration.mutable_items()) {
      if (!NeedsClause(item.cn_code(), declaration.destination_country())) continue;
      bool has_clause = false;
      for (const v1::Document& document : item.documents()) {
        has_clause = has_clause || document.code() == kNoRussiaClauseCode;
      }
      if (has_clause) continue;
      v1::Document* clause = item.add_documents();
      clause->set_code(kNoRussiaClauseCode);
      clause->set_reference("sales contract amended: art. 12g clause added");
    }
  }

  static void AddNotListed(v1::Declaration& declaration) {
    for (v1::GoodsItem& item : *declaration.mutable_items()) {
      if (!item.control_code().empty() || !IsDualUseCorrelated(item.cn_code())) continue;
      bool stated = false;
      for (const v1::Document& document : item.documents()) {
        stated = stated || document.code() == kNotListedCode;
      }
      if (!stated) item.add_documents()->set_code(kNotListedCode);
    }
  }

  // ---- designed holds and general authorisations ----

  const GoodsType& ChpGoodsOf(const Exporter& exporter) {
    std::vector<const GoodsType*> chp;
    for (const std::string& cn : exporter.usual_cn_codes) {
      if (IsChpCode(cn)) chp.push_back(&GoodsByCn(cn));
    }
    if (chp.empty()) {
      for (const GoodsType& goods : SensitiveGoods()) {
        if (IsChpCode(goods.cn_code)) chp.push_back(&goods);
      }
    }
    return *chp[random_.Index(chp.size())];
  }

  void Embargo(int) {
    const bool dual_use = random_.PerMille(150);
    Plan("embargo", AnyTime(),
         [this, dual_use] {
           const std::string destination = random_.PerMille(750) ? "RU" : "BY";
           if (dual_use) {
             const Exporter& maker = AnyMaker();
             v1::Declaration d = NewDeclaration(maker, destination, Consignee(destination));
             AddUsualItem(&d, MakerGoods(maker));
             return d;
           }
           const Exporter& exporter = GeneralExporterWith(chp_traders_);
           v1::Declaration d = NewDeclaration(exporter, destination, Consignee(destination));
           AddUsualItem(&d, ChpGoodsOf(exporter));
           for (int i = static_cast<int>(random_.Between(0, 2)); i > 0; --i) {
             AddUsualItem(&d, AnyOrdinaryGoods());
           }
           return d;
         },
         {.refuse_per_mille = 550, .invalidate_per_mille = 200});
  }

  void EmbargoExempted(int) {
    Plan("embargo-exempted", AnyTime(),
         [this] {
           const Exporter& exporter = GeneralExporterWith(chp_traders_);
           v1::Declaration d = NewDeclaration(exporter, "RU", Consignee("RU"));
           v1::GoodsItem* item = AddUsualItem(&d, ChpGoodsOf(exporter));
           v1::Document* exemption = item->add_documents();
           if (random_.PerMille(500)) {
             exemption->set_code("Y987");
             exemption->set_reference("Art. 2a(3): for medical use");
           } else {
             exemption->set_code("Y990");
             exemption->set_reference(
                 absl::StrFormat("NL-833-2025-%04d", random_.Between(1, 400)));
           }
           return d;
         },
         {});
  }

  void TransitBan(int) {
    Plan("transit-ban", AnyTime(),
         [this] {
           const std::string destination = PickCountry(kCentralAsia, random_);
           const Exporter& exporter = GeneralExporterWith(chp_traders_);
           v1::Declaration d = NewDeclaration(exporter, destination, Consignee(destination));
           AddUsualItem(&d, ChpGoodsOf(exporter));
           if (random_.PerMille(400)) AddUsualItem(&d, AnyOrdinaryGoods());
           if (random_.PerMille(700)) d.add_route_countries("BY");
           d.add_route_countries("RU");
           return d;
         },
         {.fix_per_mille = 300, .refuse_per_mille = 400},
         [](v1::Declaration& d) {
           d.clear_route_countries();
           for (const char* country : kMiddleCorridor) d.add_route_countries(country);
         });
  }

  void Diversion(int) {
    Plan("diversion", AnyTime(),
         [this] {
           const std::string destination = PickCountry(kDiversionDestinations, random_);
           const Exporter& exporter = GeneralExporterWith(chp_traders_);
           v1::Declaration d = NewDeclaration(exporter, destination, Consignee(destination));
           for (int i = static_cast<int>(random_.Between(1, 2)); i > 0; --i) {
             AddUsualItem(&d, ChpGoodsOf(exporter), true, false);
           }
           if (random_.PerMille(300)) AddUsualItem(&d, AnyOrdinaryGoods());
           SetRoute(&d);
           return d;
         },
         {.fix_per_mille = 300, .release_per_mille = 350, .refuse_per_mille = 100,
          .invalidate_per_mille = 50},
         [](v1::Declaration& d) { AddClause(d); });
  }

  void MissingLicence(int) {
    Plan("missing-licence", AnyTime(),
         [this] {
           const Exporter& maker = AnyMaker();
           const std::string& destination = RandomLicenceDestination(random_);
           v1::Declaration d = NewDeclaration(maker, destination, Consignee(destination));
           AddUsualItem(&d, MakerGoods(maker));
           return d;
         },
         {.refuse_per_mille = 500, .invalidate_per_mille = 200});
  }

  void MissingNotListed(int) {
    Plan("missing-not-listed", AnyTime(),
         [this] {
           const Exporter& exporter = GeneralExporterWith(correlated_traders_);
           std::string destination;
           do {
             destination = PickCountry(kOrdinaryDestinations, random_);
           } while (IsRussiaOrBelarus(destination));
           v1::Declaration d = NewDeclaration(exporter, destination, Consignee(destination));
           std::vector<const GoodsType*> correlated;
           for (const std::string& cn : exporter.usual_cn_codes) {
             if (IsDualUseCorrelated(cn)) correlated.push_back(&GoodsByCn(cn));
           }
           if (correlated.empty()) correlated.push_back(&GoodsByCn("85423190"));
           AddUsualItem(&d, *correlated[random_.Index(correlated.size())], false, true);
           if (random_.PerMille(300)) AddUsualItem(&d, AnyOrdinaryGoods());
           SetRoute(&d);
           return d;
         },
         {.fix_per_mille = 500, .release_per_mille = 200},
         [](v1::Declaration& d) { AddNotListed(d); });
  }

  void ListedPartyConsignee(int) {
    std::vector<const ListedPartySeed*> parties;
    for (const ListedPartySeed& party : ListedParties()) {
      if (Contains(kPartyCountriesShippedTo, party.country)) parties.push_back(&party);
    }
    const ListedPartySeed* party = parties[random_.Index(parties.size())];
    Plan("listed-party", AnyTime(),
         [this, party] {
           const std::string destination = party->country;
           const Exporter& exporter = AnyGeneralExporter();
           const std::string listed_name = NoisyPartyName(*party, random_);
           const bool as_end_user = random_.PerMille(300);
           v1::Declaration d = NewDeclaration(
               exporter, destination, as_end_user ? Consignee(destination) : listed_name);
           if (as_end_user) {
             d.mutable_end_user()->set_name(listed_name);
             d.mutable_end_user()->set_country(destination);
           } else if (!party->ids.empty() && random_.PerMille(500)) {
             d.mutable_consignee()->set_id(party->ids.front());
           }
           const int items = ItemCount();
           for (int i = 0; i < items; ++i) {
             const std::string& cn =
                 exporter.usual_cn_codes[random_.Index(exporter.usual_cn_codes.size())];
             const GoodsType* goods = &GoodsByCn(cn);
             if (IsRussiaOrBelarus(destination) && (IsChpCode(cn) || IsDualUseCorrelated(cn))) {
               goods = &AnyOrdinaryGoods();
             }
             AddUsualItem(&d, *goods);
           }
           SetRoute(&d);
           return d;
         },
         {.refuse_per_mille = 700}, nullptr, /*listed_party_hits=*/1);
  }

  int PlanCatchAll() {
    const int count = Count(kCatchAllPer10k, HoldMinimum());
    const CatchAllCase& ca = licensing_.catch_all;
    const int64_t from = std::max(FirstInstant(), DayStart(ca.decided_on));
    const int64_t until = DayStart(ca.licence_granted);
    for (int i = 0; i < count; ++i) {
      Plan("catch-all", WorkingTime(from, until, random_),
           [this, &ca] {
             v1::Declaration d = NewDeclaration(*ca.exporter, ca.country, ca.party_name);
             AddUsualItem(&d, *ca.goods);
             return d;
           },
           {.refuse_per_mille = 600});
    }
    return count;
  }

  void DeniedBefore(int) {
    const DenialCase& denial =
        licensing_.denials[random_.Index(licensing_.denials.size())];
    Plan("denial", AnyTime(),
         [this, &denial] {
           const auto found = by_cn_.find(denial.goods->cn_code);
           const Exporter& exporter =
               found == by_cn_.end() ? AnyGeneralExporter() : GeneralExporterWith(found->second);
           v1::Declaration d = NewDeclaration(exporter, denial.country, denial.party_name);
           AddUsualItem(&d, *denial.goods);
           return d;
         },
         {.release_per_mille = 300, .refuse_per_mille = 400});
  }

  void UnionGeneral(int) {
    const int h = NewHandle("union-general");
    const int64_t time = AnyTime();
    handles_[h].planned_time = time;
    At(time, [this, h](int64_t at) {
      const Exporter& maker = AnyMaker();
      const std::string destination = PickCountry(kEu001Destinations, random_);
      v1::Declaration d = NewDeclaration(maker, destination, Consignee(destination));
      v1::GoodsItem* item = AddUsualItem(&d, MakerGoods(maker));
      AddLicenceDocument(item, "X061", licensing_.union_general_id, 0, std::nullopt,
                         std::nullopt);
      Lodge(h, std::move(d), at);
    });
  }

  void UnionGeneralOutsideItsCountries(int) {
    Plan("eu001-wrong-destination", AnyTime(),
         [this] {
           const Exporter& maker = AnyMaker();
           const std::string& destination = RandomLicenceDestination(random_);
           v1::Declaration d = NewDeclaration(maker, destination, Consignee(destination));
           v1::GoodsItem* item = AddUsualItem(&d, MakerGoods(maker));
           AddLicenceDocument(item, "X061", licensing_.union_general_id, 0, std::nullopt,
                              std::nullopt);
           return d;
         },
         {.refuse_per_mille = 600, .invalidate_per_mille = 100});
  }

  void NationalGeneral(int, bool outsider) {
    auto build = [this, outsider] {
      const Exporter& maker =
          outsider ? *licensing_.national_general_outsider
                   : *licensing_.national_general_users[random_.Index(
                         licensing_.national_general_users.size())];
      const std::vector<std::string>& countries = licensing_.national_general_destinations;
      const std::string& destination = countries[random_.Index(countries.size())];
      v1::Declaration d = NewDeclaration(maker, destination, Consignee(destination));
      std::vector<const GoodsType*> covered;
      for (const GoodsType& goods : ControlledGoods()) {
        const std::string entry = goods.licence_entry;
        const bool made = std::find(maker.licence_entries.begin(), maker.licence_entries.end(),
                                    entry) != maker.licence_entries.end();
        if (made && (entry == "5A002" || entry == "3A001")) covered.push_back(&goods);
      }
      v1::GoodsItem* item = AddUsualItem(&d, *covered[random_.Index(covered.size())]);
      AddLicenceDocument(item, "X071", licensing_.national_general_id, 0, std::nullopt,
                         std::nullopt);
      return d;
    };
    if (outsider) {
      Plan("national-general-not-registered", AnyTime(), build, {.refuse_per_mille = 500});
      return;
    }
    const int h = NewHandle("national-general");
    const int64_t time = AnyTime();
    handles_[h].planned_time = time;
    At(time, [this, h, build](int64_t at) { Lodge(h, build(), at); });
  }

  void Malformed(int) {
    const int h = NewHandle("malformed");
    handles_[h].malformed = true;
    const int64_t time = AnyTime();
    handles_[h].planned_time = time;
    At(time, [this, h](int64_t at) {
      v1::Declaration d = OrdinaryDeclaration();
      if (random_.PerMille(500)) {
        // A digit lost in the CN code.
        d.mutable_items(0)->set_cn_code(d.items(0).cn_code().substr(0, 7));
      } else {
        // "UK" is not an ISO 3166 code (the United Kingdom is GB).
        d.set_destination_country("UK");
        d.mutable_consignee()->set_country("UK");
        d.clear_route_countries();
      }
      Lodge(h, std::move(d), at);
    });
  }

  // ---- putting it in time order ----

  void Materialize() {
    std::sort(slots_.begin(), slots_.end(), [](const Slot& a, const Slot& b) {
      return a.time != b.time ? a.time < b.time : a.order < b.order;
    });
    int64_t previous = 0;
    for (Slot& slot : slots_) {
      // Every event one second after the one before at the least: declarations lodged in
      // strictly increasing order.
      const int64_t at = std::max(slot.time, previous + 1);
      const size_t before = sample_.customs.size();
      slot.build(at);
      if (sample_.customs.size() > before) previous = at;
    }
  }

  const SampleOptions options_;
  const LicensingPlan& licensing_;
  ExpectationModel& model_;
  SampleRandom& random_;
  Sample& sample_;
  const std::vector<Exporter> general_;
  std::map<std::string, std::vector<size_t>> by_cn_;
  std::vector<size_t> chp_traders_;
  std::vector<size_t> correlated_traders_;
  std::vector<Handle> handles_;
  std::vector<Slot> slots_;
  uint64_t mrn_number_ = 0;
};

}  // namespace

absl::StatusOr<Sample> GenerateSample(const SampleOptions& options) {
  if (options.declarations < 0 || options.declarations > kMaxDeclarations) {
    return absl::InvalidArgumentError(absl::StrCat("--declarations must be in 0..",
                                                   kMaxDeclarations, ", not ",
                                                   options.declarations));
  }
  if (options.licences < kMinLicences || options.licences > kMaxLicences) {
    return absl::InvalidArgumentError(absl::StrCat("--licences must be in ", kMinLicences, "..",
                                                   kMaxLicences, ", not ", options.licences));
  }
  SampleRandom random(options.seed);
  auto scaled = [&](int per_10k) {
    return static_cast<int>((int64_t{options.declarations} * per_10k + 5000) / 10000);
  };
  LicensingSize size{.licences = options.licences,
                     .individual_shipments = scaled(kIndividualShipmentsPer10k),
                     .global_shipments = std::max(4, scaled(kGlobalShipmentsPer10k)),
                     .transit_shipments = std::max(4, scaled(kTransitShipmentsPer10k)),
                     .catch_all_relief_shipments = std::max(2, scaled(kCatchAllReliefPer10k))};
  LicensingPlan licensing = PlanLicensing(size, random);

  Sample sample;
  ExpectationModel model;
  for (const v1::Event& event : licensing.events) {
    if (event.has_licence()) model.ApplyLicence(event.licence());
    if (event.has_licence_status()) model.ApplyLicenceStatus(event.licence_status());
    if (event.has_rule()) model.ApplyRule(event.rule());
  }
  sample.licensing = licensing.events;
  CustomsPlanner(options, licensing, model, random, sample).Run();
  sample.exhausted_licences = model.ExhaustedLicences();
  return sample;
}

std::string EventJson(const v1::Event& event) {
  std::string json;
  // Cannot fail: every message the sample builds is valid UTF-8 and has no Any fields.
  const auto printed = google::protobuf::util::MessageToJsonString(event, &json);
  assert(printed.ok());
  (void)printed;
  return json;
}

}  // namespace gatekeeper::samplegen
