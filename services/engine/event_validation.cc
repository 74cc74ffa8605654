#include "services/engine/event_validation.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/codec/number_text.h"
#include "services/engine/calendar.h"
#include "services/engine/country_codes.h"
#include "services/engine/declaration_limits.h"
#include "services/engine/fixed_point.h"

namespace gatekeeper {
namespace {

constexpr size_t kShownBytesMax = 40;

bool IsUpperOrDigit(char c) { return absl::ascii_isupper(c) || absl::ascii_isdigit(c); }

std::string Quote(std::string_view text) {
  return absl::StrCat("\"", std::string(text.substr(0, kShownBytesMax)),
                      text.size() > kShownBytesMax ? "...\"" : "\"");
}

absl::Status FieldError(const std::string& field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

// An optional country: empty, or an ISO 3166 alpha-2 code.
absl::Status CheckOptionalCountry(const std::string& field, const std::string& code) {
  if (code.empty() || IsIsoCountry(code)) return absl::OkStatus();
  return FieldError(field, absl::StrCat(Quote(code), " is not an ISO 3166 alpha-2 country code"));
}

absl::Status CheckCountry(const std::string& field, const std::string& code) {
  if (code.empty()) return FieldError(field, "is missing");
  return CheckOptionalCountry(field, code);
}

absl::Status CheckOptionalQuantityText(const std::string& field, const std::string& text) {
  if (text.empty()) return absl::OkStatus();
  absl::StatusOr<int64_t> parsed = ParseQuantityMilli(text);
  if (!parsed.ok()) return FieldError(field, parsed.status().message());
  return absl::OkStatus();
}

absl::Status CheckOptionalMoneyText(const std::string& field, const std::string& text) {
  if (text.empty()) return absl::OkStatus();
  absl::StatusOr<int64_t> parsed = ParseMoneyCents(text);
  if (!parsed.ok()) return FieldError(field, parsed.status().message());
  return absl::OkStatus();
}

// A quantity is optional as a whole; when present its amount must parse and its unit be a
// Rec. 20 code.
absl::Status CheckQuantity(const std::string& field, const v1::Quantity& quantity) {
  if (quantity.amount().empty() && quantity.unit().empty()) return absl::OkStatus();
  if (quantity.amount().empty()) return FieldError(absl::StrCat(field, ".amount"), "is missing");
  if (absl::Status s = CheckOptionalQuantityText(absl::StrCat(field, ".amount"), quantity.amount());
      !s.ok()) {
    return s;
  }
  if (!IsUnitCode(quantity.unit())) {
    return FieldError(
        absl::StrCat(field, ".unit"),
        absl::StrCat(Quote(quantity.unit()), " is not a UN/ECE Rec. 20 unit code such as \"NAR\""));
  }
  return absl::OkStatus();
}

absl::Status CheckDocumentCodes(const std::string& field,
                                const google::protobuf::RepeatedPtrField<std::string>& codes) {
  for (int i = 0; i < codes.size(); ++i) {
    if (!IsDocumentCode(codes[i])) {
      return FieldError(absl::StrCat(field, "[", i, "]"),
                        absl::StrCat(Quote(codes[i]), " is not a document code such as \"Y901\""));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckCountries(const std::string& field,
                            const google::protobuf::RepeatedPtrField<std::string>& codes) {
  for (int i = 0; i < codes.size(); ++i) {
    if (absl::Status s = CheckCountry(absl::StrCat(field, "[", i, "]"), codes[i]); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckValidity(const std::string& valid_from, const std::string& valid_until) {
  if (!valid_from.empty() && !IsDate(valid_from)) {
    return FieldError("validFrom", absl::StrCat(Quote(valid_from), " is not a date YYYY-MM-DD"));
  }
  if (!valid_until.empty() && !IsDate(valid_until)) {
    return FieldError("validUntil", absl::StrCat(Quote(valid_until), " is not a date YYYY-MM-DD"));
  }
  if (!valid_from.empty() && !valid_until.empty() && valid_until < valid_from) {
    return FieldError("validUntil", absl::StrCat(valid_until, " is before validFrom ", valid_from));
  }
  return absl::OkStatus();
}

absl::Status CheckId(const std::string& field, const std::string& id) {
  if (id.empty()) return FieldError(field, "is missing");
  if (id.size() > kIdBytesMax) {
    return FieldError(field, absl::StrCat("is longer than ", kIdBytesMax, " characters"));
  }
  for (char c : id) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return FieldError(field, absl::StrCat(Quote(id), " contains a space or a control character"));
    }
  }
  return absl::OkStatus();
}

// The counts of declaration_limits.h: items, documents per item and in total. Checked before
// the items are, so that an oversized declaration is named as such rather than by its first
// malformed field.
absl::Status CheckDeclarationCounts(const v1::Declaration& d) {
  const size_t items = static_cast<size_t>(d.items_size());
  if (items > kItemsPerDeclarationMax) {
    return FieldError("items", absl::StrCat(WithThousands(items), " items, the limit is ",
                                            kItemsPerDeclarationMax, ": split the declaration"));
  }
  size_t documents = 0;
  for (int i = 0; i < d.items_size(); ++i) {
    const size_t on_item = static_cast<size_t>(d.items(i).documents_size());
    if (on_item > kDocumentsPerItemMax) {
      return FieldError(absl::StrCat("items[", i, "].documents"),
                        absl::StrCat(WithThousands(on_item), " documents, the limit is ",
                                     kDocumentsPerItemMax, " per item"));
    }
    documents += on_item;
  }
  if (documents > kDocumentsPerDeclarationMax) {
    return FieldError("items",
                      absl::StrCat(WithThousands(documents), " documents in all, the limit is ",
                                   WithThousands(kDocumentsPerDeclarationMax),
                                   " per declaration: split the declaration"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsMrn(std::string_view mrn) {
  if (mrn.size() != 18) return false;
  for (size_t i = 0; i < 2; ++i) {
    if (!absl::ascii_isdigit(mrn[i])) return false;
  }
  for (size_t i = 2; i < 4; ++i) {
    if (!absl::ascii_isupper(mrn[i])) return false;
  }
  for (size_t i = 4; i < 18; ++i) {
    if (!IsUpperOrDigit(mrn[i])) return false;
  }
  return true;
}

bool IsEori(std::string_view eori) {
  if (eori.size() < 3 || eori.size() > 17) return false;
  if (!absl::ascii_isupper(eori[0]) || !absl::ascii_isupper(eori[1])) return false;
  for (size_t i = 2; i < eori.size(); ++i) {
    if (!IsUpperOrDigit(eori[i])) return false;
  }
  return true;
}

bool IsDocumentCode(std::string_view code) {
  return code.size() == 4 && absl::ascii_isupper(code[0]) && absl::ascii_isdigit(code[1]) &&
         absl::ascii_isdigit(code[2]) && absl::ascii_isdigit(code[3]);
}

bool IsUnitCode(std::string_view unit) {
  return unit.size() == 3 && IsUpperOrDigit(unit[0]) && IsUpperOrDigit(unit[1]) &&
         IsUpperOrDigit(unit[2]);
}

bool IsLicenceDocumentCode(std::string_view code) {
  if (code == "X002") return true;
  if (code.size() != 4 || code[0] != 'X' || code[1] != '0') return false;
  if (code[2] == '6') return code[3] >= '0' && code[3] <= '8';
  if (code[2] == '7') return code[3] >= '0' && code[3] <= '2';
  return false;
}

absl::Status ValidateDeclaration(const v1::Declaration& d) {
  if (!IsMrn(d.mrn())) {
    return FieldError("mrn", absl::StrCat(Quote(d.mrn()),
                                          " is not an MRN of 18 characters such as "
                                          "\"25NL4A7B9C2D1E3F5G\""));
  }
  if (d.version() < 1) return FieldError("version", "must be 1 or higher");
  if (d.lodged_at().empty()) return FieldError("lodgedAt", "is missing");
  if (absl::StatusOr<std::string> date = UtcDateOf(d.lodged_at()); !date.ok()) {
    return FieldError("lodgedAt", date.status().message());
  }
  if (!IsEori(d.exporter().eori())) {
    return FieldError("exporter.eori",
                      d.exporter().eori().empty()
                          ? "is missing"
                          : absl::StrCat(Quote(d.exporter().eori()),
                                         " is not an EORI number such as \"NL123456789\""));
  }
  if (absl::Status s = CheckCountry("destinationCountry", d.destination_country()); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckOptionalCountry("exporter.country", d.exporter().country()); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckOptionalCountry("consignee.country", d.consignee().country());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckOptionalCountry("endUser.country", d.end_user().country()); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckCountries("routeCountries", d.route_countries()); !s.ok()) return s;
  if (d.items().empty()) return FieldError("items", "the declaration has no goods items");
  if (absl::Status s = CheckDeclarationCounts(d); !s.ok()) return s;
  absl::flat_hash_set<int32_t> item_numbers;
  for (int i = 0; i < d.items_size(); ++i) {
    const v1::GoodsItem& item = d.items(i);
    const std::string field = absl::StrCat("items[", i, "]");
    if (item.item_no() < 1 || item.item_no() > 999) {
      return FieldError(absl::StrCat(field, ".itemNo"),
                        absl::StrCat(item.item_no(), " is outside 1..999"));
    }
    if (!item_numbers.insert(item.item_no()).second) {
      return FieldError(absl::StrCat(field, ".itemNo"),
                        absl::StrCat("item number ", item.item_no(), " is repeated"));
    }
    bool cn_ok = item.cn_code().size() == 8;
    for (char c : item.cn_code()) cn_ok = cn_ok && absl::ascii_isdigit(c);
    if (!cn_ok) {
      return FieldError(absl::StrCat(field, ".cnCode"),
                        absl::StrCat(Quote(item.cn_code()), " is not a CN code of 8 digits"));
    }
    if (absl::Status s =
            CheckOptionalQuantityText(absl::StrCat(field, ".netMassKg"), item.net_mass_kg());
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckQuantity(absl::StrCat(field, ".quantity"), item.quantity());
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckOptionalMoneyText(absl::StrCat(field, ".valueEur"), item.value_eur());
        !s.ok()) {
      return s;
    }
    for (int j = 0; j < item.documents_size(); ++j) {
      const v1::Document& document = item.documents(j);
      const std::string doc_field = absl::StrCat(field, ".documents[", j, "]");
      if (!IsDocumentCode(document.code())) {
        return FieldError(
            absl::StrCat(doc_field, ".code"),
            absl::StrCat(Quote(document.code()), " is not a document code such as \"X060\""));
      }
      if (document.line_no() < 0) {
        return FieldError(absl::StrCat(doc_field, ".lineNo"), "is negative");
      }
      if (absl::Status s =
              CheckQuantity(absl::StrCat(doc_field, ".writeOff"), document.write_off());
          !s.ok()) {
        return s;
      }
      if (absl::Status s = CheckOptionalMoneyText(absl::StrCat(doc_field, ".writeOffValueEur"),
                                                  document.write_off_value_eur());
          !s.ok()) {
        return s;
      }
      if (IsLicenceDocumentCode(document.code()) && document.reference().empty()) {
        return FieldError(
            absl::StrCat(doc_field, ".reference"),
            absl::StrCat("licence document ", document.code(), " needs the licence number"));
      }
      if (IsLicenceDocumentCode(document.code()) && document.reference().size() > kIdBytesMax) {
        return FieldError(absl::StrCat(doc_field, ".reference"),
                          absl::StrCat("is ", WithThousands(document.reference().size()),
                                       " bytes; a licence number is at most ", kIdBytesMax));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateLicence(const v1::Licence& licence) {
  if (absl::Status s = CheckId("licenceId", licence.licence_id()); !s.ok()) return s;
  if (licence.type() == v1::LICENCE_TYPE_UNSPECIFIED) {
    return FieldError("type",
                      "is missing (INDIVIDUAL, GLOBAL, NATIONAL_GENERAL, UNION_GENERAL or "
                      "TRANSIT)");
  }
  if (licence.type() == v1::UNION_GENERAL) {
    const std::string& id = licence.licence_id();
    if (id.size() != 5 || id.substr(0, 4) != "EU00" || id[4] < '1' || id[4] > '8') {
      return FieldError("licenceId", absl::StrCat(Quote(id),
                                                  " is not a Union general authorisation "
                                                  "EU001 ... EU008"));
    }
  }
  if (!licence.holder_eori().empty() && !IsEori(licence.holder_eori())) {
    return FieldError("holderEori",
                      absl::StrCat(Quote(licence.holder_eori()), " is not an EORI number"));
  }
  for (int i = 0; i < licence.registered_exporters_size(); ++i) {
    if (!IsEori(licence.registered_exporters(i))) {
      return FieldError(
          absl::StrCat("registeredExporters[", i, "]"),
          absl::StrCat(Quote(licence.registered_exporters(i)), " is not an EORI number"));
    }
  }
  if (absl::Status s = CheckValidity(licence.valid_from(), licence.valid_until()); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckCountries("destinations", licence.destinations()); !s.ok()) return s;
  for (int i = 0; i < licence.end_users_size(); ++i) {
    if (absl::Status s = CheckOptionalCountry(absl::StrCat("endUsers[", i, "].country"),
                                              licence.end_users(i).country());
        !s.ok()) {
      return s;
    }
  }
  absl::flat_hash_set<int32_t> line_numbers;
  for (int i = 0; i < licence.lines_size(); ++i) {
    const v1::LicenceLine& line = licence.lines(i);
    const std::string field = absl::StrCat("lines[", i, "]");
    if (line.line_no() < 1) {
      return FieldError(absl::StrCat(field, ".lineNo"), "must be 1 or higher");
    }
    if (!line_numbers.insert(line.line_no()).second) {
      return FieldError(absl::StrCat(field, ".lineNo"),
                        absl::StrCat("line number ", line.line_no(), " is repeated"));
    }
    if (absl::Status s = CheckQuantity(absl::StrCat(field, ".quantity"), line.quantity());
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckOptionalMoneyText(absl::StrCat(field, ".valueEur"), line.value_eur());
        !s.ok()) {
      return s;
    }
    if (line.tolerance_percent() > 100) {
      return FieldError(absl::StrCat(field, ".tolerancePercent"),
                        absl::StrCat(line.tolerance_percent(), " is above 100"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateLicenceStatusChange(const v1::LicenceStatusChange& change) {
  switch (change.target_case()) {
    case v1::LicenceStatusChange::kLicenceId:
      if (absl::Status s = CheckId("licenceId", change.licence_id()); !s.ok()) return s;
      break;
    case v1::LicenceStatusChange::kDestination:
      if (absl::Status s = CheckCountry("destination", change.destination()); !s.ok()) return s;
      break;
    case v1::LicenceStatusChange::TARGET_NOT_SET:
      return FieldError("licenceId", "one of licenceId or destination is required");
  }
  if (change.status() == v1::LICENCE_STATUS_UNSPECIFIED) {
    return FieldError("status", "is missing (ACTIVE, SUSPENDED or REVOKED)");
  }
  return absl::OkStatus();
}

absl::Status ValidateRule(const v1::Rule& rule) {
  if (absl::Status s = CheckId("ruleId", rule.rule_id()); !s.ok()) return s;
  if (rule.kind() == v1::Rule::KIND_UNSPECIFIED) {
    return FieldError("kind",
                      "is missing (EMBARGO, TRANSIT, DIVERSION, LICENCE_REQUIREMENT, "
                      "CATCH_ALL or DENIAL)");
  }
  if (absl::Status s = CheckCountries("destinations", rule.destinations()); !s.ok()) return s;
  if (absl::Status s = CheckCountries("exceptDestinations", rule.except_destinations()); !s.ok()) {
    return s;
  }
  for (int i = 0; i < rule.cn_prefixes_size(); ++i) {
    const std::string& prefix = rule.cn_prefixes(i);
    bool digits = !prefix.empty() && prefix.size() <= 8;
    for (char c : prefix) digits = digits && absl::ascii_isdigit(c);
    if (!digits) {
      return FieldError(absl::StrCat("cnPrefixes[", i, "]"),
                        absl::StrCat(Quote(prefix), " is not 1 to 8 digits of a CN code"));
    }
  }
  for (int i = 0; i < rule.control_code_prefixes_size(); ++i) {
    if (rule.control_code_prefixes(i).empty()) {
      return FieldError(absl::StrCat("controlCodePrefixes[", i, "]"), "is empty");
    }
  }
  if (absl::Status s = CheckDocumentCodes("exemptionCodes", rule.exemption_codes()); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckDocumentCodes("waiverCodes", rule.waiver_codes()); !s.ok()) {
    return s;
  }
  if (!rule.exporter_eori().empty() && !IsEori(rule.exporter_eori())) {
    return FieldError("exporterEori",
                      absl::StrCat(Quote(rule.exporter_eori()), " is not an EORI number"));
  }
  if (absl::Status s = CheckOptionalCountry("party.country", rule.party().country()); !s.ok()) {
    return s;
  }
  if (!rule.denied_on().empty() && !IsDate(rule.denied_on())) {
    return FieldError("deniedOn",
                      absl::StrCat(Quote(rule.denied_on()), " is not a date YYYY-MM-DD"));
  }
  if (rule.kind() == v1::Rule::DENIAL) {
    if (rule.denied_on().empty()) return FieldError("deniedOn", "a DENIAL needs its date");
    if (rule.party().name().empty() && rule.party().id().empty()) {
      return FieldError("party", "a DENIAL needs the denied party (name or id)");
    }
  }
  return CheckValidity(rule.valid_from(), rule.valid_until());
}

absl::Status ValidateParty(const v1::ListedParty& party) {
  if (absl::Status s = CheckId("partyId", party.party_id()); !s.ok()) return s;
  bool has_name = false;
  for (const std::string& name : party.names()) has_name = has_name || !name.empty();
  bool has_id = false;
  for (const std::string& id : party.ids()) has_id = has_id || !id.empty();
  if (!has_name && !has_id) return FieldError("names", "a listed party needs a name or an id");
  return CheckOptionalCountry("country", party.country());
}

}  // namespace gatekeeper
