#include "tools/screening/eu_fsf_importer.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/screening/file_contents.h"
#include "tools/screening/xml_reader.h"

namespace gatekeeper::screening {
namespace {

// The file's element names carry no prefix (the schema's namespace is the default one,
// which the reader ignores).
constexpr absl::string_view kRoot = "export";
constexpr absl::string_view kEntity = "sanctionEntity";

void AddUnique(const std::string& value, google::protobuf::RepeatedPtrField<std::string>* to) {
  if (value.empty()) return;
  if (std::find(to->begin(), to->end(), value) == to->end()) *to->Add() = value;
}

// An ISO alpha-2 code as the file gives it, upper case; "00" and anything else that is not
// two letters (the file's "unknown") give "".
std::string CountryCode(const std::string& code) {
  if (code.size() != 2 || !absl::ascii_isalpha(code[0]) || !absl::ascii_isalpha(code[1])) {
    return std::string();
  }
  return absl::AsciiStrToUpper(code);
}

class EuFsfReader {
 public:
  EuFsfReader(absl::string_view file_name, const EuFsfImportOptions& options)
      : file_name_(file_name), options_(options) {}

  absl::Status ReadAll(const XmlElement& root, std::vector<v1::ListedParty>* parties) {
    if (root.name != kRoot) {
      return Error(root, absl::StrCat("root element is ", root.name, ", expected ", kRoot));
    }
    for (const XmlElement* entity : root.Children(kEntity)) {
      v1::ListedParty party;
      if (absl::Status status = ReadEntity(*entity, &party); !status.ok()) return status;
      parties->push_back(std::move(party));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Error(const XmlElement& element, absl::string_view problem) const {
    return absl::InvalidArgumentError(absl::StrCat(file_name_, ":", element.line, ": ", problem));
  }

  absl::Status ReadEntity(const XmlElement& entity, v1::ListedParty* party) {
    const std::string logical_id = entity.Attribute("logicalId");
    uint64_t number = 0;
    if (logical_id.empty() || !absl::SimpleAtoi(logical_id, &number) ||
        !std::all_of(logical_id.begin(), logical_id.end(), absl::ascii_isdigit)) {
      return Error(entity, absl::StrCat(kEntity, " attribute logicalId: \"", logical_id,
                                        "\" is not a record number"));
    }
    if (!seen_ids_.insert(logical_id).second) {
      return Error(entity, absl::StrCat(kEntity, " logicalId ", logical_id, " appears twice"));
    }
    party->set_party_id(absl::StrCat("EU-", logical_id));
    party->set_source(kEuFsfSource);
    for (const XmlElement* alias : entity.Children("nameAlias")) {
      if (alias->Attribute("strong") == "false" && !options_.include_weak_aliases) continue;
      std::string name = CollapseWhitespace(alias->Attribute("wholeName"));
      if (name.empty()) {
        std::vector<std::string> parts;
        for (const char* part : {"firstName", "middleName", "lastName"}) {
          std::string text = CollapseWhitespace(alias->Attribute(part));
          if (!text.empty()) parts.push_back(std::move(text));
        }
        name = absl::StrJoin(parts, " ");
      }
      AddUnique(name, party->mutable_names());
    }
    if (party->names().empty()) {
      return Error(entity, absl::StrCat(kEntity, " ", logical_id, ": no nameAlias with a name"));
    }
    for (const char* element : {"citizenship", "address"}) {
      for (const XmlElement* place : entity.Children(element)) {
        if (party->country().empty()) {
          party->set_country(CountryCode(place->Attribute("countryIso2Code")));
        }
      }
    }
    for (const XmlElement* identification : entity.Children("identification")) {
      AddUnique(CollapseWhitespace(identification->Attribute("number")), party->mutable_ids());
      AddUnique(CollapseWhitespace(identification->Attribute("latinNumber")), party->mutable_ids());
    }
    return absl::OkStatus();
  }

  std::string file_name_;
  EuFsfImportOptions options_;
  absl::flat_hash_set<std::string> seen_ids_;
};

}  // namespace

absl::StatusOr<std::vector<v1::ListedParty>> ParseEuFsfXml(absl::string_view xml,
                                                           absl::string_view file_name,
                                                           const EuFsfImportOptions& options) {
  absl::StatusOr<XmlElement> root = ParseXml(xml, file_name);
  if (!root.ok()) return root.status();
  std::vector<v1::ListedParty> parties;
  EuFsfReader reader(file_name, options);
  if (absl::Status status = reader.ReadAll(*root, &parties); !status.ok()) return status;
  return parties;
}

absl::StatusOr<std::vector<v1::ListedParty>> ImportEuFsfXml(const std::string& path,
                                                            const EuFsfImportOptions& options) {
  absl::StatusOr<std::string> xml = ReadFileContents(path);
  if (!xml.ok()) return xml.status();
  return ParseEuFsfXml(*xml, FileBaseName(path), options);
}

}  // namespace gatekeeper::screening
