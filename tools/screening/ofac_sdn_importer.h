// Imports the US Treasury OFAC Specially Designated Nationals list from its legacy CSV files
// (sdn.csv and alt.csv; layout in /work/shared/data/external/SOURCES.md) as ListedParty
// messages:
//   party_id  "OFAC-<ent_num>"
//   names     the SDN name as published ("HUSSEIN, Mazen Ali"), then every alt.csv name of
//             the entry ("a.k.a.", "f.k.a." and "n.k.a." alike), in file order, no duplicates
//   country   the first "nationality" (or "citizen") in the remarks, or a vessel's flag, as
//             ISO alpha-2 when recognised, else empty
//   ids       identifiers in the remarks ("Passport A1234567", "National ID No. 041-023",
//             "Vessel Registration Identification IMO 9187629", ...) as written
//   source    "OFAC-SDN"
//
//   absl::StatusOr<std::vector<v1::ListedParty>> parties =
//       ImportOfacSdn("/data/sdn.csv", "/data/alt.csv");
#ifndef GATEKEEPER_TOOLS_SCREENING_OFAC_SDN_IMPORTER_H_
#define GATEKEEPER_TOOLS_SCREENING_OFAC_SDN_IMPORTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gatekeeper/v1/party.pb.h"

namespace gatekeeper::screening {

inline constexpr char kOfacSdnSource[] = "OFAC-SDN";

// Parses the texts of sdn.csv and alt.csv (`alt_csv` may be empty: no aliases). The file
// names are used in messages only. Returns the parties in sdn.csv order, or InvalidArgument
// naming the file, the line and the field for the first problem (a record that is not 12 /
// 5 fields wide, an ent_num that is not a positive integer or is repeated, an empty name, an
// alias of an ent_num that sdn.csv does not have); nothing is returned then.
absl::StatusOr<std::vector<v1::ListedParty>> ParseOfacSdn(absl::string_view sdn_csv,
                                                          absl::string_view sdn_file_name,
                                                          absl::string_view alt_csv,
                                                          absl::string_view alt_file_name);

// Reads and parses the files; an empty `alt_path` means no alias file.
absl::StatusOr<std::vector<v1::ListedParty>> ImportOfacSdn(const std::string& sdn_path,
                                                           const std::string& alt_path);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_OFAC_SDN_IMPORTER_H_
