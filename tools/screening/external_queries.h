// An evaluation set written by another program (tools/screening/trader_variants.py), read
// by gk-screening-eval --queries: one query per line, tab-separated,
//
//   kind <TAB> expected party id (empty for a negative) <TAB> declared name <TAB> source name
//
// "\" escapes a tab, newline or backslash inside a field (Python's csv module, QUOTE_NONE).
#ifndef GATEKEEPER_TOOLS_SCREENING_EXTERNAL_QUERIES_H_
#define GATEKEEPER_TOOLS_SCREENING_EXTERNAL_QUERIES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "gatekeeper/v1/party.pb.h"
#include "tools/screening/eval_set.h"

namespace gatekeeper::screening {

// Parses the file; InvalidArgument with "file:line: what" for a line without four fields or
// without a declared name.
absl::StatusOr<std::vector<EvalQuery>> ReadExternalQueries(const std::string& path);

// Whether party_id is one of the expected ids, which a query may list separated by '|': the
// UN entry of a script name, then other entries of the same person (trader_variants.py
// links an OFAC entry only by a name of the same words and a birth year in common).
bool IsExpectedParty(std::string_view expected, std::string_view party_id);

// Whether queries of this kind are names in another script ("arabic-script",
// "cyrillic-script"), to be screened against Latin names only.
bool IsScriptKind(std::string_view kind);

// The party without the names that hold Arabic or Cyrillic letters (the UN gives each
// name in its original script beside the Latin one).
v1::ListedParty LatinNamesOnly(const v1::ListedParty& party);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_EXTERNAL_QUERIES_H_
