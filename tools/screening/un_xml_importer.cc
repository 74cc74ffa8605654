#include "tools/screening/un_xml_importer.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tools/screening/country_names.h"
#include "tools/screening/file_contents.h"
#include "tools/screening/xml_reader.h"

namespace gatekeeper::screening {
namespace {

constexpr absl::string_view kNameParts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME",
                                            "FOURTH_NAME"};

// How one kind of record (individual or entity) names its parts.
struct RecordLayout {
  absl::string_view container;  // INDIVIDUALS
  absl::string_view record;     // INDIVIDUAL
  absl::string_view alias;      // INDIVIDUAL_ALIAS
  bool individual;
};

constexpr RecordLayout kIndividuals = {"INDIVIDUALS", "INDIVIDUAL", "INDIVIDUAL_ALIAS", true};
constexpr RecordLayout kEntities = {"ENTITIES", "ENTITY", "ENTITY_ALIAS", false};

bool HasDigit(absl::string_view word) {
  return std::any_of(word.begin(), word.end(), absl::ascii_isdigit);
}

// The document number in a NUMBER element. Most hold just the number ("96 03 464086"), but
// some describe the document around it ("Russian foreign travel passport number 515458008",
// "381110042 (Expired 25 Jan. 2016)", "German travel document (Reiseausweis) A 0139243"):
// kept whole, those would never equal the number a declaration gives. The number is the
// last run of words holding a digit outside parentheses, with a one- or two-letter
// upper-case series prefix before it ("A 0139243"); the text as published when it has no
// digit at all.
std::string DocumentNumber(absl::string_view text) {
  std::string unbracketed;
  int depth = 0;
  for (char c : text) {
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      depth = std::max(0, depth - 1);
    } else if (depth == 0) {
      unbracketed.push_back(c);
    }
  }
  const std::vector<absl::string_view> words =
      absl::StrSplit(unbracketed, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty());
  size_t end = words.size();
  while (end > 0 && !HasDigit(words[end - 1])) --end;
  if (end == 0) return std::string(absl::StripAsciiWhitespace(text));
  size_t begin = end - 1;
  while (begin > 0 && HasDigit(words[begin - 1])) --begin;
  if (begin > 0 && words[begin - 1].size() <= 2 &&
      std::all_of(words[begin - 1].begin(), words[begin - 1].end(), absl::ascii_isupper)) {
    --begin;
  }
  std::vector<absl::string_view> number(words.begin() + static_cast<ptrdiff_t>(begin),
                                        words.begin() + static_cast<ptrdiff_t>(end));
  return absl::StrJoin(number, " ");
}

class UnListReader {
 public:
  UnListReader(absl::string_view file_name, const UnImportOptions& options)
      : file_name_(file_name), options_(options) {}

  absl::Status ReadAll(const XmlElement& root, std::vector<v1::ListedParty>* parties) {
    if (root.name != "CONSOLIDATED_LIST") {
      return Error(root,
                   absl::StrCat("root element is ", root.name, ", expected CONSOLIDATED_LIST"));
    }
    bool found_container = false;
    for (const RecordLayout& layout : {kIndividuals, kEntities}) {
      const XmlElement* container = root.FirstChild(layout.container);
      if (container == nullptr) continue;
      found_container = true;
      for (const XmlElement* record : container->Children(layout.record)) {
        v1::ListedParty party;
        if (absl::Status status = ReadRecord(layout, *record, &party); !status.ok()) {
          return status;
        }
        parties->push_back(std::move(party));
      }
    }
    if (!found_container) return Error(root, "neither INDIVIDUALS nor ENTITIES");
    return absl::OkStatus();
  }

 private:
  absl::Status Error(const XmlElement& element, absl::string_view problem) const {
    return absl::InvalidArgumentError(absl::StrCat(file_name_, ":", element.line, ": ", problem));
  }

  absl::Status ReadRecord(const RecordLayout& layout, const XmlElement& record,
                          v1::ListedParty* party) {
    const std::string data_id = record.ChildText("DATAID");
    uint64_t number = 0;
    if (data_id.empty() || !absl::SimpleAtoi(data_id, &number) ||
        !std::all_of(data_id.begin(), data_id.end(), absl::ascii_isdigit)) {
      return Error(record, absl::StrCat(layout.record, " field DATAID: \"", data_id,
                                        "\" is not a record number"));
    }
    if (!seen_data_ids_.insert(data_id).second) {
      return Error(record,
                   absl::StrCat(layout.record, " field DATAID: ", data_id, " appears twice"));
    }
    party->set_party_id(absl::StrCat("UN-", data_id));
    party->set_source(kUnSecurityCouncilSource);

    std::vector<std::string> parts;
    for (absl::string_view part : kNameParts) {
      std::string text = record.ChildText(part);
      if (!text.empty()) parts.push_back(std::move(text));
    }
    if (parts.empty()) {
      return Error(record, absl::StrCat(layout.record, " ", data_id, " field FIRST_NAME: no name"));
    }
    AddName(absl::StrJoin(parts, " "), party);
    AddName(record.ChildText("NAME_ORIGINAL_SCRIPT"), party);
    for (const XmlElement* alias : record.Children(layout.alias)) {
      if (alias->ChildText("QUALITY") == "Low" && !options_.include_low_quality_aliases) {
        continue;
      }
      // Some aliases hold several spellings separated by semicolons ("Mohammad Bakr
      // Zolqadr; Mohammad Bakr Zolkadr"); each is a name of its own.
      for (absl::string_view name :
           absl::StrSplit(alias->ChildText("ALIAS_NAME"), ';', absl::SkipWhitespace())) {
        AddName(std::string(absl::StripAsciiWhitespace(name)), party);
      }
    }

    if (layout.individual) {
      if (const XmlElement* nationality = record.FirstChild("NATIONALITY")) {
        for (const XmlElement* value : nationality->Children("VALUE")) {
          if (party->country().empty()) {
            party->set_country(CountryCodeForName(CollapseWhitespace(value->text)));
          }
        }
      }
      for (const XmlElement* document : record.Children("INDIVIDUAL_DOCUMENT")) {
        const std::string number_text = DocumentNumber(document->ChildText("NUMBER"));
        if (!number_text.empty() && std::find(party->ids().begin(), party->ids().end(),
                                              number_text) == party->ids().end()) {
          party->add_ids(number_text);
        }
      }
    } else {
      for (const XmlElement* address : record.Children("ENTITY_ADDRESS")) {
        const std::string country = address->ChildText("COUNTRY");
        if (party->country().empty() && !country.empty()) {
          party->set_country(CountryCodeForName(country));
        }
      }
    }
    return absl::OkStatus();
  }

  static void AddName(const std::string& name, v1::ListedParty* party) {
    if (name.empty()) return;
    if (std::find(party->names().begin(), party->names().end(), name) == party->names().end()) {
      party->add_names(name);
    }
  }

  std::string file_name_;
  UnImportOptions options_;
  absl::flat_hash_set<std::string> seen_data_ids_;
};

}  // namespace

absl::StatusOr<std::vector<v1::ListedParty>> ParseUnConsolidatedXml(
    absl::string_view xml, absl::string_view file_name, const UnImportOptions& options) {
  absl::StatusOr<XmlElement> root = ParseXml(xml, file_name);
  if (!root.ok()) return root.status();
  std::vector<v1::ListedParty> parties;
  UnListReader reader(file_name, options);
  if (absl::Status status = reader.ReadAll(*root, &parties); !status.ok()) return status;
  return parties;
}

absl::StatusOr<std::vector<v1::ListedParty>> ImportUnConsolidatedXml(
    const std::string& path, const UnImportOptions& options) {
  absl::StatusOr<std::string> xml = ReadFileContents(path);
  if (!xml.ok()) return xml.status();
  return ParseUnConsolidatedXml(*xml, FileBaseName(path), options);
}

}  // namespace gatekeeper::screening
