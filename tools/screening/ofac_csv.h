// A reader for OFAC's legacy CSV layout (sdn.csv, alt.csv, add.csv): comma-separated
// records, one a line (CR LF), fields optionally in double quotes with "" for a quote inside,
// unquoted fields padded with spaces, "-0-" for an empty field, and a DOS end-of-file
// character (0x1A) after the last record.
//
//   absl::StatusOr<std::vector<CsvRecord>> records = ParseOfacCsv(text, "sdn.csv");
//   for (const CsvRecord& record : *records) Use(record.fields[1]);  // "-0-" is already ""
#ifndef GATEKEEPER_TOOLS_SCREENING_OFAC_CSV_H_
#define GATEKEEPER_TOOLS_SCREENING_OFAC_CSV_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gatekeeper::screening {

struct CsvRecord {
  size_t line = 0;  // 1-based line the record starts on
  std::vector<std::string> fields;  // unquoted, trimmed; "-0-" read as ""
};

// Records with more fields than this are refused: OFAC's widest file has 12.
inline constexpr size_t kMaxCsvFields = 64;

// Parses the whole text. Blank lines and a final 0x1A are skipped. InvalidArgument, naming
// `file_name` and the line, for an unterminated quoted field, text after a closing quote, or
// a record wider than kMaxCsvFields; nothing is returned then.
absl::StatusOr<std::vector<CsvRecord>> ParseOfacCsv(absl::string_view text,
                                                    absl::string_view file_name);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_OFAC_CSV_H_
