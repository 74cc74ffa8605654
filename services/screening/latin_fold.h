// Folding of Latin letters to lower-case ASCII for name matching: "Ö" -> "o", "ß" -> "ss",
// "Ł" -> "l", "Ơ" -> "o". Traders type names on keyboards without the accents the lists use
// (and the lists themselves are inconsistent), so accents carry no identity here.
#ifndef GATEKEEPER_SERVICES_SCREENING_LATIN_FOLD_H_
#define GATEKEEPER_SERVICES_SCREENING_LATIN_FOLD_H_

#include <string>

namespace gatekeeper {

// If `code_point` is a Latin letter (ASCII, Latin-1 Supplement, Latin Extended-A/B,
// Latin Extended Additional), appends its lower-case ASCII folding (one or two letters; none
// for a few letters without an ASCII counterpart, such as tone letters) to *out and returns
// true. Returns false, appending nothing, for anything else: digits, punctuation, other
// scripts, combining marks.
bool FoldLatinLetter(char32_t code_point, std::string* out);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_LATIN_FOLD_H_
