// Imports the UN Security Council consolidated sanctions list from its XML file
// (CONSOLIDATED_LIST with INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY) as ListedParty
// messages:
//   party_id  "UN-<DATAID>" (DATAID is the list's permanent record number; the reference
//             number such as "CDi.001" is not used because the UN has renumbered them)
//   names     the name (FIRST_NAME .. FOURTH_NAME joined), then NAME_ORIGINAL_SCRIPT, then
//             every alias (INDIVIDUAL_ALIAS / ENTITY_ALIAS ALIAS_NAME; an alias listing
//             several spellings separated by ";" gives one name each), no duplicates;
//             aliases of QUALITY "Low" only with include_low_quality_aliases (see below)
//   country   the first NATIONALITY (individuals) or address COUNTRY (entities) as ISO
//             alpha-2 when recognised, else empty
//   ids       INDIVIDUAL_DOCUMENT NUMBERs (passports, national identity numbers): the number
//             itself where the element describes the document around it ("Russian foreign
//             travel passport number 515458008" -> "515458008")
//   source    "UN-SC"
//
//   absl::StatusOr<std::vector<v1::ListedParty>> parties =
//       ImportUnConsolidatedXml("/data/consolidated.xml", UnImportOptions());
#ifndef GATEKEEPER_TOOLS_SCREENING_UN_XML_IMPORTER_H_
#define GATEKEEPER_TOOLS_SCREENING_UN_XML_IMPORTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gatekeeper/v1/party.pb.h"

namespace gatekeeper::screening {

inline constexpr char kUnSecurityCouncilSource[] = "UN-SC";

struct UnImportOptions {
  // The UN marks some aliases "Low" quality: nicknames and titles such as "Chairman",
  // "Major", "Romeo", "Israel", which the UN itself says are not enough to identify anyone.
  // Screened, they would hold every consignee of that one-word name; off by default.
  bool include_low_quality_aliases = false;
};

// Parses the text of the XML file (`file_name` is used in messages only). Returns the
// individuals, then the entities, in file order; or InvalidArgument naming the file, the line
// and the element for the first problem (XML that is not well-formed, a root other than
// CONSOLIDATED_LIST, a record without a numeric DATAID or a name, a repeated DATAID); nothing
// is returned then.
absl::StatusOr<std::vector<v1::ListedParty>> ParseUnConsolidatedXml(absl::string_view xml,
                                                                    absl::string_view file_name,
                                                                    const UnImportOptions& options);

// Reads and parses the file.
absl::StatusOr<std::vector<v1::ListedParty>> ImportUnConsolidatedXml(
    const std::string& path, const UnImportOptions& options);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_UN_XML_IMPORTER_H_
