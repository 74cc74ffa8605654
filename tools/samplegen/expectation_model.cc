#include "tools/samplegen/expectation_model.h"

#include <algorithm>
#include <cassert>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tools/samplegen/sample_amounts.h"

namespace gatekeeper::samplegen {
namespace {

template <typename List>
bool ListHas(const List& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool IsLicenceDocument(const std::string& code) {
  if (code == "X002") return true;
  if (code.size() != 4 || code[0] != 'X' || code[1] != '0') return false;
  return (code[2] == '6' && code[3] >= '0' && code[3] <= '8') ||
         (code[2] == '7' && code[3] >= '0' && code[3] <= '2');
}

bool CodeFits(const std::string& code, const v1::Licence& licence) {
  if (code == "X002") return true;
  switch (licence.type()) {
    case v1::INDIVIDUAL:
      return code == "X060";
    case v1::GLOBAL:
      return code == "X070";
    case v1::NATIONAL_GENERAL:
      return code == "X071";
    case v1::TRANSIT:
      return code == "X072";
    case v1::UNION_GENERAL:
      return code.size() == 4 && code.compare(0, 3, "X06") == 0 && code[3] >= '1' &&
             code[3] <= '8' && licence.licence_id().size() == 5 &&
             licence.licence_id()[4] == code[3];
    default:
      return false;
  }
}

bool SameName(const std::string& a, const std::string& b) {
  return !a.empty() && absl::AsciiStrToLower(a) == absl::AsciiStrToLower(b);
}

bool LineCovers(const v1::LicenceLine& line, const v1::GoodsItem& item) {
  if (line.control_code().empty() && line.cn_code().empty()) return true;
  if (!line.control_code().empty() && !item.control_code().empty() &&
      absl::StartsWith(item.control_code(), line.control_code())) {
    return true;
  }
  return !line.cn_code().empty() && absl::StartsWith(item.cn_code(), line.cn_code());
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

bool ItemHasCode(const v1::GoodsItem& item,
                 const google::protobuf::RepeatedPtrField<std::string>& codes) {
  for (const v1::Document& document : item.documents()) {
    if (ListHas(codes, document.code())) return true;
  }
  return false;
}

bool InForce(const v1::Rule& rule, const std::string& date) {
  if (!rule.valid_from().empty() && date < rule.valid_from()) return false;
  if (!rule.valid_until().empty() && date > rule.valid_until()) return false;
  return true;
}

// "2022-05-10" + 3 years -> "2025-05-10" (the sample has no 29 February denial).
std::string AddYears(const std::string& date, int years) {
  const int year = std::stoi(date.substr(0, 4)) + years;
  return absl::StrCat(year, date.substr(4));
}

bool PartyNamed(const v1::Trader& named, const v1::Trader& consignee,
                const v1::Trader& end_user) {
  for (const v1::Trader* declared : {&consignee, &end_user}) {
    if (!named.id().empty() && named.id() == declared->id()) return true;
    if (SameName(named.name(), declared->name())) return true;
  }
  return false;
}

int64_t Allowance(int64_t authorised, uint32_t percent) {
  return authorised * static_cast<int64_t>(percent) / 100;
}

}  // namespace

void ExpectationModel::ApplyLicence(const v1::Licence& licence) {
  for (const v1::LicenceLine& line : licence.lines()) {
    Line fresh;
    fresh.unit = line.quantity().unit();
    fresh.quantity_capped = !line.quantity().amount().empty();
    fresh.value_capped = !line.value_eur().empty();
    fresh.authorised_milli = fresh.quantity_capped ? ParseMilli(line.quantity().amount()) : 0;
    fresh.authorised_cents = fresh.value_capped ? ParseCents(line.value_eur()) : 0;
    fresh.tolerance_percent = line.tolerance_percent();
    fresh.remaining_milli = fresh.authorised_milli;
    fresh.remaining_cents = fresh.authorised_cents;
    auto key = std::make_pair(licence.licence_id(), line.line_no());
    if (auto old = lines_.find(key); old != lines_.end()) {
      // A replacement keeps what was used against the line number.
      fresh.remaining_milli -= old->second.authorised_milli - old->second.remaining_milli;
      fresh.remaining_cents -= old->second.authorised_cents - old->second.remaining_cents;
    }
    lines_[key] = fresh;
  }
  licences_[licence.licence_id()] = licence;
}

void ExpectationModel::ApplyLicenceStatus(const v1::LicenceStatusChange& change) {
  for (auto& [id, licence] : licences_) {
    const bool targeted = change.has_licence_id()
                              ? id == change.licence_id()
                              : ListHas(licence.destinations(), change.destination());
    if (targeted) licence.set_status(change.status());
  }
}

void ExpectationModel::ApplyRule(const v1::Rule& rule) { rules_[rule.rule_id()] = rule; }

void ExpectationModel::CheckDocuments(const v1::Declaration& declaration,
                                      const v1::GoodsItem& item, const std::string& date,
                                      std::vector<std::string>* reasons,
                                      std::vector<Take>* takes) const {
  const bool has_end_user =
      !declaration.end_user().name().empty() || !declaration.end_user().id().empty();
  const v1::Trader& end_user = has_end_user ? declaration.end_user() : declaration.consignee();
  int licence_documents = 0;
  for (const v1::Document& document : item.documents()) {
    if (!IsLicenceDocument(document.code())) continue;
    ++licence_documents;
    assert(licence_documents == 1);  // the model covers one licence document per item
    (void)licence_documents;
    auto found = licences_.find(document.reference());
    if (found == licences_.end()) {
      reasons->push_back("LICENCE_NOT_FOUND");
      continue;
    }
    const v1::Licence& licence = found->second;
    if (!CodeFits(document.code(), licence)) reasons->push_back("DOCUMENT_TYPE_MISMATCH");
    if (licence.status() == v1::SUSPENDED) reasons->push_back("LICENCE_SUSPENDED");
    if (licence.status() == v1::REVOKED) reasons->push_back("LICENCE_REVOKED");
    if (!licence.valid_from().empty() && date < licence.valid_from()) {
      reasons->push_back("LICENCE_NOT_YET_VALID");
    }
    if (!licence.valid_until().empty() && date > licence.valid_until()) {
      reasons->push_back("LICENCE_EXPIRED");
    }
    const std::string& exporter = declaration.exporter().eori();
    if (!licence.holder_eori().empty() && licence.holder_eori() != exporter) {
      reasons->push_back("HOLDER_MISMATCH");
    }
    if (!licence.registered_exporters().empty() &&
        !ListHas(licence.registered_exporters(), exporter)) {
      reasons->push_back("EXPORTER_NOT_REGISTERED");
    }
    if (!licence.destinations().empty() &&
        !ListHas(licence.destinations(), declaration.destination_country())) {
      reasons->push_back("DESTINATION_NOT_COVERED");
    }
    bool end_user_covered = licence.end_users().empty();
    for (const v1::Trader& listed : licence.end_users()) {
      const bool countries_agree = listed.country().empty() || end_user.country().empty() ||
                                   listed.country() == end_user.country();
      if (countries_agree && ((!listed.id().empty() && listed.id() == end_user.id()) ||
                              SameName(listed.name(), end_user.name()))) {
        end_user_covered = true;
      }
    }
    if (!end_user_covered) reasons->push_back("END_USER_NOT_COVERED");

    // Amounts (contract §3 steps 3-4) for a single document on the item.
    const bool quantity_stated = !document.write_off().amount().empty();
    const bool value_stated = !document.write_off_value_eur().empty();
    auto requested_quantity = [&](const std::string& line_unit) {
      if (quantity_stated) {
        return std::make_pair(document.write_off().unit(),
                              ParseMilli(document.write_off().amount()));
      }
      if (line_unit == "KGM" && !item.net_mass_kg().empty()) {
        return std::make_pair(std::string("KGM"), ParseMilli(item.net_mass_kg()));
      }
      return std::make_pair(item.quantity().unit(), ParseMilli(item.quantity().amount()));
    };
    const int64_t requested_value =
        value_stated ? ParseCents(document.write_off_value_eur()) : ParseCents(item.value_eur());
    auto line_of = [&](const v1::LicenceLine& line) -> const Line& {
      return lines_.at({licence.licence_id(), line.line_no()});
    };
    auto quantity_room = [](const Line& l) {
      return l.remaining_milli + Allowance(l.authorised_milli, l.tolerance_percent);
    };
    auto value_room = [](const Line& l) {
      return l.remaining_cents + Allowance(l.authorised_cents, l.tolerance_percent);
    };

    const v1::LicenceLine* chosen = nullptr;
    if (document.line_no() > 0) {
      for (const v1::LicenceLine& line : licence.lines()) {
        if (line.line_no() == document.line_no()) chosen = &line;
      }
      if (chosen == nullptr || !LineCovers(*chosen, item)) {
        reasons->push_back("GOODS_NOT_COVERED");
        continue;
      }
    } else {
      const v1::LicenceLine* first_covering = nullptr;
      for (const v1::LicenceLine& line : licence.lines()) {
        if (!LineCovers(line, item)) continue;
        if (first_covering == nullptr) first_covering = &line;
        const Line& ledger = line_of(line);
        auto [unit, quantity] = requested_quantity(ledger.unit);
        const bool quantity_fits = !ledger.quantity_capped ||
                                   (unit == ledger.unit && quantity <= quantity_room(ledger));
        const bool value_fits = !ledger.value_capped || requested_value <= value_room(ledger);
        if (quantity_fits && value_fits) {
          chosen = &line;
          break;
        }
      }
      if (chosen == nullptr) chosen = first_covering;
      if (chosen == nullptr) {
        reasons->push_back("GOODS_NOT_COVERED");
        continue;
      }
    }
    const Line& ledger = line_of(*chosen);
    auto [unit, quantity] = requested_quantity(ledger.unit);
    bool fits = true;
    if (ledger.quantity_capped) {
      if (unit != ledger.unit) {
        reasons->push_back("UNIT_MISMATCH");
        fits = false;
      } else if (quantity > std::max<int64_t>(quantity_room(ledger), 0)) {
        reasons->push_back("QUANTITY_EXCEEDED");
        // A stated amount that does not fit stops the document; an unstated one is a
        // shortfall, reported the same way, and the value is still checked.
        if (quantity_stated) fits = false;
      }
    }
    if (ledger.value_capped) {
      const int64_t room = std::max<int64_t>(value_room(ledger), 0);
      if (requested_value > room && (value_stated || fits)) {
        reasons->push_back("VALUE_EXCEEDED");
      }
    }
    takes->push_back(Take{.licence_id = licence.licence_id(),
                          .line_no = chosen->line_no(),
                          .quantity_milli = ledger.quantity_capped ? quantity : 0,
                          .value_cents = ledger.value_capped ? requested_value : 0});
  }
}

ExpectedDecision ExpectationModel::Declare(const v1::Declaration& declaration,
                                           int listed_party_hits, bool malformed) {
  ExpectedDecision expected;
  auto existing = declarations_.find(declaration.mrn());
  if (existing != declarations_.end() && declaration.version() <= existing->second.version) {
    expected.duplicate = true;
    expected.status = existing->second.status;
    return expected;
  }
  if (malformed) {
    assert(existing == declarations_.end());
    declarations_[declaration.mrn()] =
        Record{.version = declaration.version(), .status = v1::REJECTED, .takes = {}};
    expected.status = v1::REJECTED;
    return expected;
  }
  if (existing != declarations_.end()) {
    Return(existing->second.takes);
    existing->second.takes.clear();
  }
  const std::string date = declaration.lodged_at().substr(0, 10);
  const std::string& destination = declaration.destination_country();
  const bool has_end_user =
      !declaration.end_user().name().empty() || !declaration.end_user().id().empty();
  const v1::Trader& end_user = has_end_user ? declaration.end_user() : declaration.consignee();

  std::vector<const v1::Rule*> applicable;
  for (const auto& [id, rule] : rules_) {
    if (!InForce(rule, date)) continue;
    const bool to_listed_destination =
        rule.destinations().empty() || ListHas(rule.destinations(), destination);
    bool applies = false;
    switch (rule.kind()) {
      case v1::Rule::EMBARGO:
      case v1::Rule::DIVERSION:
        applies = to_listed_destination;
        break;
      case v1::Rule::TRANSIT:
        for (const std::string& country : declaration.route_countries()) {
          applies = applies || rule.destinations().empty() || ListHas(rule.destinations(), country);
        }
        break;
      case v1::Rule::LICENCE_REQUIREMENT:
        applies = !ListHas(rule.except_destinations(), destination) && to_listed_destination;
        break;
      case v1::Rule::CATCH_ALL:
        applies = to_listed_destination &&
                  (rule.exporter_eori().empty() ||
                   rule.exporter_eori() == declaration.exporter().eori()) &&
                  ((rule.party().name().empty() && rule.party().id().empty()) ||
                   PartyNamed(rule.party(), declaration.consignee(), end_user));
        break;
      case v1::Rule::DENIAL:
        applies = !rule.denied_on().empty() && rule.denied_on() <= date &&
                  date < AddYears(rule.denied_on(), 3) && to_listed_destination &&
                  PartyNamed(rule.party(), declaration.consignee(), end_user);
        break;
      default:
        break;
    }
    if (applies) applicable.push_back(&rule);
  }

  Record record{.version = declaration.version(), .status = v1::CLEARED, .takes = {}};
  for (const v1::GoodsItem& item : declaration.items()) {
    std::vector<std::string> reasons(static_cast<size_t>(listed_party_hits), "DENIED_PARTY");
    bool has_licence_document = false;
    bool has_individual_document = false;
    for (const v1::Document& document : item.documents()) {
      if (!IsLicenceDocument(document.code())) continue;
      has_licence_document = true;
      auto licence = licences_.find(document.reference());
      has_individual_document =
          has_individual_document || document.code() == "X060" ||
          (licence != licences_.end() && licence->second.type() == v1::INDIVIDUAL);
    }
    for (const v1::Rule* rule : applicable) {
      if (!GoodsMatch(*rule, item)) continue;
      switch (rule->kind()) {
        case v1::Rule::EMBARGO:
          if (!ItemHasCode(item, rule->exemption_codes())) reasons.push_back("EMBARGO_PROHIBITED");
          break;
        case v1::Rule::TRANSIT:
          if (!ItemHasCode(item, rule->exemption_codes())) reasons.push_back("TRANSIT_PROHIBITED");
          break;
        case v1::Rule::DIVERSION:
          if (!ItemHasCode(item, rule->exemption_codes())) reasons.push_back("DIVERSION_RISK");
          break;
        case v1::Rule::LICENCE_REQUIREMENT:
          if (!ItemHasCode(item, rule->waiver_codes()) && !has_licence_document) {
            reasons.push_back("LICENCE_REQUIRED");
          }
          break;
        case v1::Rule::CATCH_ALL:
          if (!has_individual_document) reasons.push_back("CATCH_ALL");
          break;
        case v1::Rule::DENIAL:
          reasons.push_back("DENIAL_MATCH");
          break;
        default:
          break;
      }
    }
    std::vector<std::string> document_reasons;
    std::vector<Take> takes;
    CheckDocuments(declaration, item, date, &document_reasons, &takes);
    if (document_reasons.empty()) {
      // Reserved at once, so later items and declarations see the smaller balance.
      for (const Take& take : takes) {
        Line& line = lines_.at({take.licence_id, take.line_no});
        line.remaining_milli -= take.quantity_milli;
        line.remaining_cents -= take.value_cents;
        record.takes.push_back(take);
      }
    }
    reasons.insert(reasons.end(), document_reasons.begin(), document_reasons.end());
    std::sort(reasons.begin(), reasons.end());
    if (!reasons.empty()) record.status = v1::HELD;
    expected.item_reason_codes.push_back(std::move(reasons));
  }
  expected.status = record.status;
  declarations_[declaration.mrn()] = std::move(record);
  return expected;
}

void ExpectationModel::Return(const std::vector<Take>& takes) {
  for (const Take& take : takes) {
    Line& line = lines_.at({take.licence_id, take.line_no});
    line.remaining_milli += take.quantity_milli;
    line.remaining_cents += take.value_cents;
  }
}

void ExpectationModel::Invalidate(const std::string& mrn) {
  Record& record = declarations_.at(mrn);
  assert(record.status != v1::INVALIDATED);
  Return(record.takes);
  record.takes.clear();
  record.status = v1::INVALIDATED;
}

void ExpectationModel::Dispose(const std::string& mrn, v1::DispositionAction action) {
  Record& record = declarations_.at(mrn);
  assert(record.status == v1::HELD);
  if (action == v1::RELEASE) {
    record.status = v1::RELEASED;
    return;
  }
  Return(record.takes);
  record.takes.clear();
  record.status = v1::REFUSED;
}

std::optional<ExpectationModel::DeclarationState> ExpectationModel::Find(
    const std::string& mrn) const {
  auto found = declarations_.find(mrn);
  if (found == declarations_.end()) return std::nullopt;
  return DeclarationState{.version = found->second.version, .status = found->second.status};
}

std::optional<int64_t> ExpectationModel::QuantityRoomMilli(const std::string& licence_id,
                                                           int32_t line_no) const {
  auto found = lines_.find({licence_id, line_no});
  if (found == lines_.end() || !found->second.quantity_capped) return std::nullopt;
  const Line& line = found->second;
  return line.remaining_milli + Allowance(line.authorised_milli, line.tolerance_percent);
}

std::optional<int64_t> ExpectationModel::ValueRoomCents(const std::string& licence_id,
                                                        int32_t line_no) const {
  auto found = lines_.find({licence_id, line_no});
  if (found == lines_.end() || !found->second.value_capped) return std::nullopt;
  const Line& line = found->second;
  return line.remaining_cents + Allowance(line.authorised_cents, line.tolerance_percent);
}

std::vector<std::string> ExpectationModel::ExhaustedLicences() const {
  std::vector<std::string> exhausted;
  for (const auto& [key, line] : lines_) {
    const bool out = (line.quantity_capped && line.remaining_milli <= 0) ||
                     (line.value_capped && line.remaining_cents <= 0);
    if (out && (exhausted.empty() || exhausted.back() != key.first)) {
      exhausted.push_back(key.first);
    }
  }
  return exhausted;
}

}  // namespace gatekeeper::samplegen
