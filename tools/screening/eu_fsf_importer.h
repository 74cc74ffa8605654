// Imports the EU consolidated list of persons, groups and entities subject to financial
// sanctions in its XML format (the "FSF" file of the Financial Sanctions Database, schema
// xmlFullSanctionsList_1_1: root `export`, one `sanctionEntity` per listed subject, its data
// in attributes) as ListedParty messages:
//   party_id  "EU-<logicalId>" (the entity's permanent number in the database; the
//             euReferenceNumber such as "EU.27.28" is shown in remarks, not used as an id)
//   names     every nameAlias's wholeName (else firstName middleName lastName joined), in
//             file order, no duplicates; aliases marked strong="false" (the EU's weak
//             aliases) only with include_weak_aliases
//   country   the first citizenship countryIso2Code, else the first address's, upper case
//             (the file gives ISO alpha-2 codes, "00" for unknown: left empty)
//   ids       every identification number (and its latinNumber when it differs)
//   source    "EU-FSF"
//
//   absl::StatusOr<std::vector<v1::ListedParty>> parties =
//       ImportEuFsfXml("/data/eu-fsf.xml", EuFsfImportOptions());
#ifndef GATEKEEPER_TOOLS_SCREENING_EU_FSF_IMPORTER_H_
#define GATEKEEPER_TOOLS_SCREENING_EU_FSF_IMPORTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gatekeeper/v1/party.pb.h"

namespace gatekeeper::screening {

inline constexpr char kEuFsfSource[] = "EU-FSF";

struct EuFsfImportOptions {
  // The EU marks some aliases strong="false": low-quality spellings and nicknames, like the
  // UN's "Low" aliases; off by default for the same reason.
  bool include_weak_aliases = false;
};

// Parses the text of the XML file (`file_name` is used in messages only). Returns the
// parties in file order; or InvalidArgument "file:line: what" for the first problem (XML
// that is not well-formed, a root other than `export`, a sanctionEntity without a numeric
// logicalId or without any name, a repeated logicalId); nothing is returned then.
absl::StatusOr<std::vector<v1::ListedParty>> ParseEuFsfXml(absl::string_view xml,
                                                           absl::string_view file_name,
                                                           const EuFsfImportOptions& options);

// Reads and parses the file.
absl::StatusOr<std::vector<v1::ListedParty>> ImportEuFsfXml(const std::string& path,
                                                            const EuFsfImportOptions& options);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_EU_FSF_IMPORTER_H_
