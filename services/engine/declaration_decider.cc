#include "services/engine/declaration_decider.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/check.h"
#include "services/engine/calendar.h"
#include "services/engine/event_validation.h"
#include "services/engine/fixed_point.h"
#include "services/engine/licence_check.h"
#include "services/engine/reason_limit.h"

namespace gatekeeper {
namespace {

// A denial must be consulted on for this many years after it was notified (Reg. 2021/821
// Art. 9(2) and 16(5)).
constexpr int kDenialConsultationYears = 3;

// Parses an amount the validator has already accepted; empty means zero.
int64_t QuantityOrZero(const std::string& text) {
  if (text.empty()) return 0;
  absl::StatusOr<int64_t> milli = ParseQuantityMilli(text);
  GK_CHECK(milli.ok());
  return milli.value_or(0);
}

int64_t MoneyOrZero(const std::string& text) {
  if (text.empty()) return 0;
  absl::StatusOr<int64_t> cents = ParseMoneyCents(text);
  GK_CHECK(cents.ok());
  return cents.value_or(0);
}

std::string Quantity(int64_t milli, const std::string& unit) {
  return unit.empty() ? FormatMilli(milli) : absl::StrCat(FormatMilli(milli), " ", unit);
}

std::string Euros(int64_t cents) { return absl::StrCat(FormatCents(cents), " EUR"); }

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list,
              const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool ItemHasCode(const v1::GoodsItem& item,
                 const google::protobuf::RepeatedPtrField<std::string>& codes) {
  for (const v1::Document& document : item.documents()) {
    if (Contains(codes, document.code())) return true;
  }
  return false;
}

std::string CodeList(const google::protobuf::RepeatedPtrField<std::string>& codes) {
  return absl::StrJoin(codes, ", ");
}

std::string GoodsPhrase(const v1::GoodsItem& item) {
  if (item.control_code().empty()) return absl::StrCat("CN ", item.cn_code());
  return absl::StrCat("CN ", item.cn_code(), " (", item.control_code(), ")");
}

std::string RulePhrase(const v1::Rule& rule) {
  if (rule.legal_basis().empty()) return absl::StrCat("rule ", rule.rule_id());
  return absl::StrCat("rule ", rule.rule_id(), " (", rule.legal_basis(), ")");
}

bool GoodsMatch(const v1::Rule& rule, const v1::GoodsItem& item) {
  if (rule.cn_prefixes().empty() && rule.control_code_prefixes().empty()) return true;
  for (const std::string& prefix : rule.cn_prefixes()) {
    if (absl::StartsWith(item.cn_code(), prefix)) return true;
  }
  if (item.control_code().empty()) return false;
  for (const std::string& prefix : rule.control_code_prefixes()) {
    if (prefix == "*" || absl::StartsWith(item.control_code(), prefix)) return true;
  }
  return false;
}

bool InForce(const v1::Rule& rule, const std::string& lodged_date) {
  if (!rule.valid_from().empty() && lodged_date < rule.valid_from()) return false;
  if (!rule.valid_until().empty() && lodged_date > rule.valid_until()) return false;
  return true;
}

// Whether a rule's named party is the consignee or the end user.
bool PartyMatches(const v1::Trader& named, const v1::Declaration& declaration,
                  const v1::Trader& end_user, double threshold) {
  for (const v1::Trader* declared : {&declaration.consignee(), &end_user}) {
    if (!named.id().empty() && named.id() == declared->id()) return true;
    if (!named.name().empty() && !declared->name().empty() &&
        NameSimilarity(declared->name(), named.name()) >= threshold) {
      return true;
    }
  }
  return false;
}

v1::Reason RuleReason(v1::ReasonCode code, const v1::Rule& rule, std::string detail) {
  v1::Reason reason;
  reason.set_code(code);
  reason.set_rule_id(rule.rule_id());
  reason.set_detail(std::move(detail));
  return reason;
}

// One write-off the item asks of one licence line.
struct Take {
  std::string licence_id;
  int32_t line_no = 0;
  std::string unit;  // of the quantity written off
  int64_t quantity_milli = 0;
  int64_t value_cents = 0;
};

// How much an item still has to write off from documents that state no amount (contract §3
// step 4: they share the item's amount in the order listed). Quantities are kept per unit.
struct SharedPools {
  std::map<std::string, int64_t> quantity_milli_by_unit;
  int64_t value_cents = 0;
  // The last document that drew on each pool, for reporting a shortfall on it.
  std::map<std::string, size_t> last_quantity_document;
  std::optional<size_t> last_value_document;
};

// The room left on a line: remaining plus the tolerance allowance. Negative means nothing can
// be written off (a replacement lowered the total below what is already used).
int64_t QuantityRoom(const internal::LineLedger& ledger) {
  const int64_t allowance =
      CheckedPercentOf(ledger.authorised_milli(), ledger.tolerance_percent()).value_or(0);
  return CheckedAdd(ledger.remaining_milli(), allowance).value_or(ledger.remaining_milli());
}

int64_t ValueRoom(const internal::LineLedger& ledger) {
  const int64_t allowance =
      CheckedPercentOf(ledger.authorised_cents(), ledger.tolerance_percent()).value_or(0);
  return CheckedAdd(ledger.remaining_cents(), allowance).value_or(ledger.remaining_cents());
}

class ItemDecider {
 public:
  ItemDecider(const v1::Declaration& declaration, const ShipmentFacts& facts,
              const LedgerState& state, LineWorkspace* lines)
      : declaration_(declaration), facts_(facts), state_(state), lines_(lines) {}

  // Reasons for the item's licence documents (step 3 and 4); fills `takes` with what they
  // would write off. `passing_licence` / `passing_individual` say whether some document
  // passed every check (for LICENCE_REQUIREMENT and CATCH_ALL).
  void CheckDocuments(const v1::GoodsItem& item, std::vector<v1::Reason>* reasons,
                      std::vector<Take>* takes, bool* passing_licence, bool* passing_individual) {
    std::vector<std::vector<v1::Reason>> per_document;
    std::vector<const v1::Licence*> licences;
    SharedPools pools;
    const std::string item_unit = item.quantity().unit();
    pools.quantity_milli_by_unit[item_unit] = QuantityOrZero(item.quantity().amount());
    pools.quantity_milli_by_unit["KGM"] = item.net_mass_kg().empty() && item_unit == "KGM"
                                              ? pools.quantity_milli_by_unit[item_unit]
                                              : QuantityOrZero(item.net_mass_kg());
    pools.value_cents = MoneyOrZero(item.value_eur());
    // What this item has already asked of each line, so that two documents naming the same
    // line cannot both count its room.
    std::map<std::pair<std::string, int32_t>, std::pair<int64_t, int64_t>> asked;

    for (const v1::Document& document : item.documents()) {
      if (!IsLicenceDocumentCode(document.code())) continue;
      const size_t index = per_document.size();
      per_document.emplace_back();
      std::vector<v1::Reason>& doc_reasons = per_document.back();
      const v1::Licence* licence = state_.FindLicence(document.reference());
      licences.push_back(licence);
      CheckLicenceDocument(document, licence, facts_, &doc_reasons);
      if (licence == nullptr) continue;
      CheckAmounts(item, document, *licence, index, &pools, &asked, &doc_reasons, takes);
    }
    // Shortfalls of shared amounts are reported on the last document that drew on them.
    for (const auto& [unit, left_milli] : pools.quantity_milli_by_unit) {
      auto last = pools.last_quantity_document.find(unit);
      if (left_milli <= 0 || last == pools.last_quantity_document.end()) continue;
      per_document[last->second].push_back(shortfall_reasons_.at({last->second, true}));
    }
    if (pools.value_cents > 0 && pools.last_value_document.has_value()) {
      per_document[*pools.last_value_document].push_back(
          shortfall_reasons_.at({*pools.last_value_document, false}));
    }
    for (size_t i = 0; i < per_document.size(); ++i) {
      if (per_document[i].empty()) {
        *passing_licence = true;
        if (licences[i] != nullptr && licences[i]->type() == v1::INDIVIDUAL) {
          *passing_individual = true;
        }
      }
      for (v1::Reason& reason : per_document[i]) reasons->push_back(std::move(reason));
    }
  }

 private:
  // Chooses the line and checks unit, quantity and value for one document.
  void CheckAmounts(const v1::GoodsItem& item, const v1::Document& document,
                    const v1::Licence& licence, size_t index, SharedPools* pools,
                    std::map<std::pair<std::string, int32_t>, std::pair<int64_t, int64_t>>* asked,
                    std::vector<v1::Reason>* reasons, std::vector<Take>* takes) {
    const std::string& id = licence.licence_id();
    const bool quantity_stated = !document.write_off().amount().empty();
    const bool value_stated = !document.write_off_value_eur().empty();

    // The write-off this document asks for on a line of `unit` (before sharing limits).
    auto requested_quantity = [&](const std::string& line_unit) -> std::pair<std::string, int64_t> {
      if (quantity_stated) {
        return {document.write_off().unit(), QuantityOrZero(document.write_off().amount())};
      }
      if (line_unit == "KGM" && !item.net_mass_kg().empty()) {
        return {"KGM", pools->quantity_milli_by_unit["KGM"]};
      }
      return {item.quantity().unit(), pools->quantity_milli_by_unit[item.quantity().unit()]};
    };
    const int64_t requested_value =
        value_stated ? MoneyOrZero(document.write_off_value_eur()) : pools->value_cents;

    auto room_of = [&](const internal::LineLedger& ledger, bool quantity) {
      const auto key = std::make_pair(ledger.licence_id(), ledger.line_no());
      auto it = asked->find(key);
      const int64_t already =
          it == asked->end() ? 0 : (quantity ? it->second.first : it->second.second);
      return (quantity ? QuantityRoom(ledger) : ValueRoom(ledger)) - already;
    };

    // Line choice: the stated line; else the first covering line with enough room; else the
    // first covering line.
    const v1::LicenceLine* chosen = nullptr;
    if (document.line_no() > 0) {
      for (const v1::LicenceLine& line : licence.lines()) {
        if (line.line_no() == document.line_no()) chosen = &line;
      }
      if (chosen == nullptr) {
        reasons->push_back(
            Reason(v1::GOODS_NOT_COVERED, id,
                   absl::StrCat("licence ", id, " has no line ", document.line_no())));
        return;
      }
      if (!LineCovers(*chosen, item)) {
        reasons->push_back(Reason(v1::GOODS_NOT_COVERED, id,
                                  absl::StrCat("line ", chosen->line_no(), " of licence ", id,
                                               " does not cover ", GoodsPhrase(item))));
        return;
      }
    } else {
      const v1::LicenceLine* first_covering = nullptr;
      for (const v1::LicenceLine& line : licence.lines()) {
        if (!LineCovers(line, item)) continue;
        if (first_covering == nullptr) first_covering = &line;
        const internal::LineLedger* ledger = lines_->Peek(id, line.line_no());
        if (ledger == nullptr) continue;
        auto [unit, quantity] = requested_quantity(ledger->unit());
        const bool quantity_fits = !ledger->quantity_capped() ||
                                   (unit == ledger->unit() && quantity <= room_of(*ledger, true));
        const bool value_fits =
            !ledger->value_capped() || requested_value <= room_of(*ledger, false);
        if (quantity_fits && value_fits) {
          chosen = &line;
          break;
        }
      }
      if (chosen == nullptr) chosen = first_covering;
      if (chosen == nullptr) {
        reasons->push_back(
            Reason(v1::GOODS_NOT_COVERED, id,
                   absl::StrCat("no line of licence ", id, " covers ", GoodsPhrase(item))));
        return;
      }
    }
    const internal::LineLedger* ledger = lines_->Peek(id, chosen->line_no());
    GK_CHECK(ledger != nullptr);  // the engine creates a ledger for every licence line
    if (ledger == nullptr) return;
    const int32_t line_no = chosen->line_no();
    auto [unit, quantity] = requested_quantity(ledger->unit());
    const std::string line_phrase = absl::StrCat("line ", line_no, " of licence ", id);

    bool fits = true;
    int64_t take_quantity = quantity;
    if (ledger->quantity_capped()) {
      if (unit != ledger->unit()) {
        reasons->push_back(
            Reason(v1::UNIT_MISMATCH, id,
                   unit.empty() ? absl::StrCat("the item states no quantity in ", ledger->unit(),
                                               " for ", line_phrase)
                                : absl::StrCat("write-off in ", unit, " against ", line_phrase,
                                               ", which is kept in ", ledger->unit())));
        fits = false;
      } else {
        const int64_t room = std::max<int64_t>(room_of(*ledger, true), 0);
        if (quantity_stated) {
          if (quantity > room) {
            reasons->push_back(
                Reason(v1::QUANTITY_EXCEEDED, id,
                       absl::StrCat("requested ", Quantity(quantity, unit), ", remaining ",
                                    RoomPhrase(*ledger, true), " on ", line_phrase)));
            fits = false;
          }
        } else {
          take_quantity = std::min(quantity, room);
          shortfall_reasons_[{index, true}] =
              Reason(v1::QUANTITY_EXCEEDED, id,
                     absl::StrCat("requested ", Quantity(quantity, unit), ", remaining ",
                                  RoomPhrase(*ledger, true), " on ", line_phrase));
        }
      }
    }
    if (!quantity_stated && fits) {
      pools->quantity_milli_by_unit[unit] -= take_quantity;
      if (ledger->quantity_capped()) pools->last_quantity_document[unit] = index;
    }

    int64_t take_value = requested_value;
    if (ledger->value_capped()) {
      const int64_t room = std::max<int64_t>(room_of(*ledger, false), 0);
      if (value_stated) {
        if (requested_value > room) {
          reasons->push_back(
              Reason(v1::VALUE_EXCEEDED, id,
                     absl::StrCat("requested ", Euros(requested_value), ", remaining ",
                                  RoomPhrase(*ledger, false), " on ", line_phrase)));
          fits = false;
        }
      } else {
        take_value = std::min(requested_value, room);
        shortfall_reasons_[{index, false}] =
            Reason(v1::VALUE_EXCEEDED, id,
                   absl::StrCat("requested ", Euros(requested_value), ", remaining ",
                                RoomPhrase(*ledger, false), " on ", line_phrase));
      }
    }
    if (!value_stated && fits) {
      pools->value_cents -= take_value;
      if (ledger->value_capped()) pools->last_value_document = index;
    }
    if (!fits) return;
    auto& line_asked = (*asked)[{id, line_no}];
    line_asked.first += take_quantity;
    line_asked.second += take_value;
    if (take_quantity == 0 && take_value == 0 && !quantity_stated && !value_stated &&
        (quantity != 0 || requested_value != 0)) {
      return;  // earlier documents already cover the whole item
    }
    takes->push_back(Take{.licence_id = id,
                          .line_no = line_no,
                          .unit = unit,
                          .quantity_milli = take_quantity,
                          .value_cents = take_value});
  }

  std::string RoomPhrase(const internal::LineLedger& ledger, bool quantity) const {
    const int64_t remaining = quantity ? ledger.remaining_milli() : ledger.remaining_cents();
    const int64_t allowance =
        CheckedPercentOf(quantity ? ledger.authorised_milli() : ledger.authorised_cents(),
                         ledger.tolerance_percent())
            .value_or(0);
    std::string out = quantity ? Quantity(remaining, ledger.unit()) : Euros(remaining);
    if (allowance > 0) {
      absl::StrAppend(&out, " (+", quantity ? Quantity(allowance, ledger.unit()) : Euros(allowance),
                      " tolerance)");
    }
    return out;
  }

  static v1::Reason Reason(v1::ReasonCode code, const std::string& licence_id, std::string detail) {
    v1::Reason reason;
    reason.set_code(code);
    reason.set_licence_id(licence_id);
    reason.set_detail(std::move(detail));
    return reason;
  }

  const v1::Declaration& declaration_;
  const ShipmentFacts& facts_;
  const LedgerState& state_;
  LineWorkspace* lines_;
  // QUANTITY_EXCEEDED / VALUE_EXCEEDED prepared for each sharing document, keyed by
  // (document index, is quantity), used if the shared amount runs out on it.
  std::map<std::pair<size_t, bool>, v1::Reason> shortfall_reasons_;
};

// DENIED_PARTY reasons for the declaration: consignee and end user against every listed
// party, best hit per party.
std::vector<v1::Reason> ScreenParties(const v1::Declaration& declaration,
                                      const v1::Trader& end_user, const PartyScreener& screener,
                                      double threshold) {
  struct Best {
    ScreeningHit hit;
    std::string role;
  };
  std::map<std::string, Best> best_by_party;
  // The end user defaults to the consignee; the same party is screened once.
  const bool same_party = end_user.name() == declaration.consignee().name() &&
                          end_user.id() == declaration.consignee().id();
  std::vector<std::pair<const v1::Trader*, const char*>> declared = {
      {&declaration.consignee(), same_party ? "consignee and end user" : "consignee"}};
  if (!same_party) declared.emplace_back(&end_user, "end user");
  for (const auto& [trader, role] : declared) {
    if (trader->name().empty() && trader->id().empty()) continue;
    for (ScreeningHit& hit : screener.Screen(trader->name(), trader->id(), threshold)) {
      auto it = best_by_party.find(hit.party_id);
      if (it == best_by_party.end() || hit.score > it->second.hit.score) {
        best_by_party[hit.party_id] = Best{std::move(hit), role};
      }
    }
  }
  std::vector<Best> ordered;
  for (auto& [id, best] : best_by_party) ordered.push_back(std::move(best));
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const Best& a, const Best& b) { return a.hit.score > b.hit.score; });
  std::vector<v1::Reason> reasons;
  for (const Best& best : ordered) {
    v1::Reason reason;
    reason.set_code(v1::DENIED_PARTY);
    reason.set_party_id(best.hit.party_id);
    reason.set_score(best.hit.score);
    reason.set_detail(best.hit.by_identifier
                          ? absl::StrCat(best.role, " identifier \"", best.hit.declared_name,
                                         "\" is listed for party ", best.hit.party_id)
                          : absl::StrFormat("%s \"%s\" matches listed party %s \"%s\" (score %.2f)",
                                            best.role, best.hit.declared_name, best.hit.party_id,
                                            best.hit.listed_name, best.hit.score));
    reasons.push_back(std::move(reason));
  }
  return reasons;
}

}  // namespace

std::vector<v1::ItemDecision> DecideItems(const v1::Declaration& declaration,
                                          const std::string& lodged_date, const LedgerState& state,
                                          double screening_threshold, LineWorkspace* lines) {
  ShipmentFacts facts;
  facts.exporter_eori = declaration.exporter().eori();
  facts.destination = declaration.destination_country();
  facts.lodged_date = lodged_date;
  const bool has_end_user =
      !declaration.end_user().name().empty() || !declaration.end_user().id().empty();
  facts.end_user = has_end_user ? declaration.end_user() : declaration.consignee();
  facts.name_threshold = screening_threshold;

  const std::vector<v1::Reason> party_reasons =
      ScreenParties(declaration, facts.end_user, state.screener(), screening_threshold);

  // Rules that can apply to this declaration at all (in force, destination and parties),
  // in rule-id order; goods are matched per item.
  std::vector<const v1::Rule*> rules;
  for (const auto& [id, rule] : state.rules()) {
    if (!InForce(rule, lodged_date)) continue;
    const std::string& destination = facts.destination;
    bool applies = false;
    switch (rule.kind()) {
      case v1::Rule::EMBARGO:
      case v1::Rule::DIVERSION:
        applies = rule.destinations().empty() || Contains(rule.destinations(), destination);
        break;
      case v1::Rule::TRANSIT:
        for (const std::string& country : declaration.route_countries()) {
          applies =
              applies || rule.destinations().empty() || Contains(rule.destinations(), country);
        }
        break;
      case v1::Rule::LICENCE_REQUIREMENT:
        applies = !Contains(rule.except_destinations(), destination) &&
                  (rule.destinations().empty() || Contains(rule.destinations(), destination));
        break;
      case v1::Rule::CATCH_ALL:
        applies = (rule.destinations().empty() || Contains(rule.destinations(), destination)) &&
                  (rule.exporter_eori().empty() || rule.exporter_eori() == facts.exporter_eori) &&
                  ((rule.party().name().empty() && rule.party().id().empty()) ||
                   PartyMatches(rule.party(), declaration, facts.end_user, screening_threshold));
        break;
      case v1::Rule::DENIAL:
        applies = !rule.denied_on().empty() && rule.denied_on() <= lodged_date &&
                  lodged_date < AddYears(rule.denied_on(), kDenialConsultationYears) &&
                  (rule.destinations().empty() || Contains(rule.destinations(), destination)) &&
                  PartyMatches(rule.party(), declaration, facts.end_user, screening_threshold);
        break;
      default:
        break;
    }
    if (applies) rules.push_back(&rule);
  }

  std::vector<v1::ItemDecision> decisions;
  decisions.reserve(static_cast<size_t>(declaration.items_size()));
  ItemDecider decider(declaration, facts, state, lines);
  for (const v1::GoodsItem& item : declaration.items()) {
    v1::ItemDecision& decision = decisions.emplace_back();
    decision.set_item_no(item.item_no());
    std::vector<v1::Reason> reasons(party_reasons.begin(), party_reasons.end());

    std::vector<v1::Reason> document_reasons;
    std::vector<Take> takes;
    bool passing_licence = false;
    bool passing_individual = false;
    decider.CheckDocuments(item, &document_reasons, &takes, &passing_licence, &passing_individual);
    bool has_licence_document = false;
    bool has_individual_document = false;
    for (const v1::Document& document : item.documents()) {
      if (!IsLicenceDocumentCode(document.code())) continue;
      has_licence_document = true;
      const v1::Licence* licence = state.FindLicence(document.reference());
      has_individual_document = has_individual_document || document.code() == "X060" ||
                                (licence != nullptr && licence->type() == v1::INDIVIDUAL);
    }

    for (const v1::Rule* rule : rules) {
      if (!GoodsMatch(*rule, item)) continue;
      const std::string goods = GoodsPhrase(item);
      switch (rule->kind()) {
        case v1::Rule::EMBARGO:
          if (!ItemHasCode(item, rule->exemption_codes())) {
            reasons.push_back(RuleReason(
                v1::EMBARGO_PROHIBITED, *rule,
                absl::StrCat("export of ", goods, " to ", facts.destination, " is prohibited by ",
                             RulePhrase(*rule),
                             rule->exemption_codes().empty()
                                 ? ""
                                 : absl::StrCat("; no exemption code (",
                                                CodeList(rule->exemption_codes()), ") declared"))));
          }
          break;
        case v1::Rule::TRANSIT: {
          if (ItemHasCode(item, rule->exemption_codes())) break;
          std::vector<std::string> through;
          for (const std::string& country : declaration.route_countries()) {
            if (rule->destinations().empty() || Contains(rule->destinations(), country)) {
              through.push_back(country);
            }
          }
          reasons.push_back(RuleReason(
              v1::TRANSIT_PROHIBITED, *rule,
              absl::StrCat("transit of ", goods, " through ", absl::StrJoin(through, ", "),
                           " is prohibited by ", RulePhrase(*rule))));
          break;
        }
        case v1::Rule::DIVERSION:
          if (!ItemHasCode(item, rule->exemption_codes())) {
            reasons.push_back(RuleReason(
                v1::DIVERSION_RISK, *rule,
                absl::StrCat(
                    "exports of ", goods, " to ", facts.destination,
                    " carry a risk of diversion under ", RulePhrase(*rule),
                    rule->exemption_codes().empty()
                        ? ""
                        : absl::StrCat("; declare one of ", CodeList(rule->exemption_codes())))));
          }
          break;
        case v1::Rule::LICENCE_REQUIREMENT:
          if (!ItemHasCode(item, rule->waiver_codes()) && !passing_licence &&
              !has_licence_document) {
            reasons.push_back(RuleReason(
                v1::LICENCE_REQUIRED, *rule,
                absl::StrCat(
                    "exports of ", goods, " to ", facts.destination, " need a licence under ",
                    RulePhrase(*rule), "; the item carries no licence document",
                    rule->waiver_codes().empty()
                        ? ""
                        : absl::StrCat(" and no waiver (", CodeList(rule->waiver_codes()), ")"))));
          }
          break;
        case v1::Rule::CATCH_ALL:
          if (!passing_individual && !has_individual_document) {
            reasons.push_back(RuleReason(v1::CATCH_ALL, *rule,
                                         absl::StrCat("catch-all decision ", RulePhrase(*rule),
                                                      " requires an individual licence (X060) for ",
                                                      goods, " to ", facts.destination)));
          }
          break;
        case v1::Rule::DENIAL:
          reasons.push_back(RuleReason(
              v1::DENIAL_MATCH, *rule,
              absl::StrCat("an export of ", goods, " to ", facts.destination, " for \"",
                           rule->party().name().empty() ? rule->party().id() : rule->party().name(),
                           "\" was denied on ", rule->denied_on(), " (", RulePhrase(*rule),
                           "); the denying authority must be consulted")));
          break;
        default:
          break;
      }
    }
    const bool documents_pass = document_reasons.empty();
    for (v1::Reason& reason : document_reasons) reasons.push_back(std::move(reason));
    AppendReasonsBounded(std::move(reasons), &decision);
    decision.set_outcome(decision.reasons().empty() ? v1::CLEAR : v1::HOLD);

    // All or nothing per item: only when every licence document passed does the item hold
    // anything; then it is reserved at once so that later items see the smaller balance.
    if (!documents_pass) continue;
    for (const Take& take : takes) {
      internal::LineLedger* ledger = lines->Mutable(take.licence_id, take.line_no);
      GK_CHECK(ledger != nullptr);
      if (ledger->quantity_capped()) {
        ledger->set_remaining_milli(ledger->remaining_milli() - take.quantity_milli);
        ledger->set_reserved_milli(ledger->reserved_milli() + take.quantity_milli);
      }
      if (ledger->value_capped()) {
        ledger->set_remaining_cents(ledger->remaining_cents() - take.value_cents);
        ledger->set_reserved_cents(ledger->reserved_cents() + take.value_cents);
      }
      v1::Attribution* attribution = decision.add_attributions();
      attribution->set_licence_id(take.licence_id);
      attribution->set_line_no(take.line_no);
      attribution->mutable_quantity()->set_amount(FormatMilli(take.quantity_milli));
      attribution->mutable_quantity()->set_unit(take.unit);
      attribution->set_value_eur(FormatCents(take.value_cents));
      attribution->set_state(v1::RESERVED);
    }
  }
  return decisions;
}

}  // namespace gatekeeper
