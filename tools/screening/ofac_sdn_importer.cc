#include "tools/screening/ofac_sdn_importer.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tools/screening/country_names.h"
#include "tools/screening/file_contents.h"
#include "tools/screening/ofac_csv.h"

namespace gatekeeper::screening {
namespace {

// sdn.csv columns.
constexpr size_t kSdnFieldCount = 12;
constexpr size_t kSdnEntNum = 0;
constexpr size_t kSdnName = 1;
constexpr size_t kSdnVesselFlag = 9;
constexpr size_t kSdnRemarks = 11;
// alt.csv columns.
constexpr size_t kAltFieldCount = 5;
constexpr size_t kAltEntNum = 0;
constexpr size_t kAltName = 3;

// Labels in the remarks that introduce an identifier of the party (as opposed to a date, a
// phone number, an aircraft model or a gazette reference). "alt. " before a label is
// ignored.
constexpr absl::string_view kIdentifierLabels[] = {
    "Passport",
    "Diplomatic Passport",
    "Stateless Person Passport",
    "Travel Document Number",
    "National ID No.",
    "National Foreign ID Number",
    "Personal ID Card",
    "Identification Number",
    "Cedula No.",
    "D.N.I.",
    "C.U.R.P.",
    "R.F.C.",
    "RFC",
    "C.U.I.T.",
    "NIT #",
    "RUC #",
    "RIF #",
    "Tax ID No.",
    "V.A.T. Number",
    "Italian Fiscal Code",
    "SSN",
    "Driver's License No.",
    "Residency Number",
    "Birth Certificate Number",
    "Electoral Registry No.",
    "Registration Number",
    "Registration ID",
    "Business Registration Number",
    "Business Registration Document #",
    "Commercial Registry Number",
    "Public Registration Number",
    "Company Number",
    "UK Company Number",
    "Certificate of Incorporation Number",
    "Chamber of Commerce Number",
    "Trade License No.",
    "Registered Charity No.",
    "C.R. No.",
    "Folio Mercantil No.",
    "Matricula Mercantil No",
    "Legal Entity Number",
    "Unified Social Credit Code (USCC)",
    "D-U-N-S Number",
    "SWIFT/BIC",
    "Vessel Registration Identification",
    "MMSI",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Tail Number",
};

constexpr absl::string_view kNationalityLabels[] = {"nationality ", "citizen "};

absl::Status FieldError(absl::string_view file_name, size_t line, absl::string_view field,
                        absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(file_name, ":", line, ": field ", field, ": ", problem));
}

absl::StatusOr<int64_t> ParseEntNum(absl::string_view file_name, const CsvRecord& record,
                                    size_t column) {
  int64_t ent_num = 0;
  const std::string& text = record.fields[column];
  if (!absl::SimpleAtoi(text, &ent_num) || ent_num <= 0 ||
      !std::all_of(text.begin(), text.end(), absl::ascii_isdigit)) {
    return FieldError(file_name, record.line, "ent_num",
                      absl::StrCat("\"", text, "\" is not a positive integer"));
  }
  return ent_num;
}

// The identifier after `label` in one remark ("A1234567 (Iran) expires 2027" ->
// "A1234567"): the words up to the first one with a lower-case letter or a parenthesis,
// provided they hold a digit ("IMO 9187629", "OB 0243318").
std::string IdentifierValue(absl::string_view rest) {
  std::vector<absl::string_view> words;
  for (absl::string_view word : absl::StrSplit(rest, ' ', absl::SkipEmpty())) {
    const bool is_value_word = std::none_of(word.begin(), word.end(), [](char c) {
      return absl::ascii_islower(c) || c == '(' || c == ')';
    });
    if (!is_value_word) break;
    words.push_back(word);
  }
  std::string value = absl::StrJoin(words, " ");
  while (!value.empty() && (value.back() == ',' || value.back() == '.')) value.pop_back();
  const bool has_digit = std::any_of(value.begin(), value.end(), absl::ascii_isdigit);
  return has_digit ? value : std::string();
}

void ParseRemarks(absl::string_view remarks, v1::ListedParty* party) {
  for (absl::string_view remark : absl::StrSplit(remarks, ';', absl::SkipWhitespace())) {
    remark = absl::StripAsciiWhitespace(remark);
    if (absl::ConsumePrefix(&remark, "alt. ")) remark = absl::StripLeadingAsciiWhitespace(remark);
    for (absl::string_view label : kNationalityLabels) {
      absl::string_view country = remark;
      if (party->country().empty() && absl::ConsumePrefix(&country, label)) {
        country = absl::StripSuffix(absl::StripAsciiWhitespace(country), ".");
        party->set_country(CountryCodeForName(country));
      }
    }
    // The longest label that fits wins: "Passport" must not take "Passport" out of
    // "Diplomatic Passport"'s remark, nor "Registration Number" "Business Registration...".
    absl::string_view best_label;
    for (absl::string_view label : kIdentifierLabels) {
      if (label.size() > best_label.size() && absl::StartsWith(remark, label) &&
          remark.size() > label.size() && remark[label.size()] == ' ') {
        best_label = label;
      }
    }
    if (best_label.empty()) continue;
    std::string value = IdentifierValue(remark.substr(best_label.size()));
    if (value.empty()) continue;
    if (std::find(party->ids().begin(), party->ids().end(), value) == party->ids().end()) {
      party->add_ids(std::move(value));
    }
  }
}

void AddName(absl::string_view name, v1::ListedParty* party) {
  if (std::find(party->names().begin(), party->names().end(), name) == party->names().end()) {
    party->add_names(std::string(name));
  }
}

}  // namespace

absl::StatusOr<std::vector<v1::ListedParty>> ParseOfacSdn(absl::string_view sdn_csv,
                                                          absl::string_view sdn_file_name,
                                                          absl::string_view alt_csv,
                                                          absl::string_view alt_file_name) {
  absl::StatusOr<std::vector<CsvRecord>> sdn_records = ParseOfacCsv(sdn_csv, sdn_file_name);
  if (!sdn_records.ok()) return sdn_records.status();
  absl::StatusOr<std::vector<CsvRecord>> alt_records = ParseOfacCsv(alt_csv, alt_file_name);
  if (!alt_records.ok()) return alt_records.status();

  std::vector<v1::ListedParty> parties;
  parties.reserve(sdn_records->size());
  absl::flat_hash_map<int64_t, size_t> index_by_ent_num;
  for (const CsvRecord& record : *sdn_records) {
    if (record.fields.size() != kSdnFieldCount) {
      return absl::InvalidArgumentError(absl::StrCat(sdn_file_name, ":", record.line,
                                                     ": expected ", kSdnFieldCount,
                                                     " fields, found ", record.fields.size()));
    }
    absl::StatusOr<int64_t> ent_num = ParseEntNum(sdn_file_name, record, kSdnEntNum);
    if (!ent_num.ok()) return ent_num.status();
    if (!index_by_ent_num.emplace(*ent_num, parties.size()).second) {
      return FieldError(sdn_file_name, record.line, "ent_num",
                        absl::StrCat(*ent_num, " appears twice"));
    }
    const std::string& name = record.fields[kSdnName];
    if (name.empty()) return FieldError(sdn_file_name, record.line, "name", "empty");
    v1::ListedParty& party = parties.emplace_back();
    party.set_party_id(absl::StrCat("OFAC-", *ent_num));
    party.set_source(kOfacSdnSource);
    AddName(name, &party);
    ParseRemarks(record.fields[kSdnRemarks], &party);
    if (party.country().empty() && !record.fields[kSdnVesselFlag].empty()) {
      party.set_country(CountryCodeForName(record.fields[kSdnVesselFlag]));
    }
  }
  for (const CsvRecord& record : *alt_records) {
    if (record.fields.size() != kAltFieldCount) {
      return absl::InvalidArgumentError(absl::StrCat(alt_file_name, ":", record.line,
                                                     ": expected ", kAltFieldCount,
                                                     " fields, found ", record.fields.size()));
    }
    absl::StatusOr<int64_t> ent_num = ParseEntNum(alt_file_name, record, kAltEntNum);
    if (!ent_num.ok()) return ent_num.status();
    auto it = index_by_ent_num.find(*ent_num);
    if (it == index_by_ent_num.end()) {
      return FieldError(alt_file_name, record.line, "ent_num",
                        absl::StrCat(*ent_num, " is not in ", sdn_file_name));
    }
    const std::string& alt_name = record.fields[kAltName];
    if (alt_name.empty()) return FieldError(alt_file_name, record.line, "alt_name", "empty");
    AddName(alt_name, &parties[it->second]);
  }
  return parties;
}

absl::StatusOr<std::vector<v1::ListedParty>> ImportOfacSdn(const std::string& sdn_path,
                                                           const std::string& alt_path) {
  absl::StatusOr<std::string> sdn_csv = ReadFileContents(sdn_path);
  if (!sdn_csv.ok()) return sdn_csv.status();
  std::string alt_csv;
  if (!alt_path.empty()) {
    absl::StatusOr<std::string> contents = ReadFileContents(alt_path);
    if (!contents.ok()) return contents.status();
    alt_csv = *std::move(contents);
  }
  return ParseOfacSdn(*sdn_csv, FileBaseName(sdn_path), alt_csv, FileBaseName(alt_path));
}

}  // namespace gatekeeper::screening
