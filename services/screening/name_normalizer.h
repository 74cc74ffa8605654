// The first step of name matching: a UTF-8 name becomes a list of comparable tokens.
//
//   NormalizeNameTokens("Société Générale, S.A.")  == {"societe", "generale", "sa"}
//   NormalizeNameTokens("ООО «Ромашка»")           == {"ooo", "romashka"}
//   NormalizeNameTokens("AL-QA'IDA")                == {"al", "qaida"}
//
// What it does, in order:
// - decodes UTF-8 by hand (malformed bytes separate tokens, they never fail);
// - folds Latin letters to lower-case ASCII without accents (latin_fold.h) and
//   transliterates Cyrillic to Latin (transliteration.h); letters of other scripts (Arabic,
//   Chinese, ...) are kept as they are, Greek is lower-cased;
// - drops apostrophes and combining marks inside words ("O'Neil" -> "oneil",
//   "Qur'an" -> "quran"), because lists and traders disagree on them;
// - turns every other character (spaces, punctuation, hyphens, symbols) into a token break;
// - joins one-letter tokens separated only by full stops into one ("S.A." -> "sa",
//   "L.L.C." -> "llc", "S. de R.L. de C.V." -> "s de rl de cv"), because dotted
//   abbreviations are written with and without dots; letters separated by spaces stay apart
//   ("J. P. Morgan" -> "j p morgan"; the scorer matches "jp" to "j p").
//
// Legal forms are not removed here (legal_forms.h) and spellings are not canonicalised
// (phonetic_key.h): each step is separately testable.
#ifndef GATEKEEPER_SERVICES_SCREENING_NAME_NORMALIZER_H_
#define GATEKEEPER_SERVICES_SCREENING_NAME_NORMALIZER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gatekeeper {

// Names longer than this many bytes are cut before normalization; no real name comes close,
// and the bound keeps the cost of screening one hostile input fixed.
inline constexpr size_t kMaxNameBytes = 1024;
// Tokens past this count are dropped, for the same reason.
inline constexpr size_t kMaxNameTokens = 32;

// Returns the normalized tokens of `name`, in their original order; empty when the name has
// no letters or digits.
std::vector<std::string> NormalizeNameTokens(std::string_view name);

// Where a token stood in the name, for abbreviating it (initials_match.h): traders take one
// initial for "AL-SULTAN" and leave out what is in parentheses ("(U.K.)").
struct TokenContext {
  // Only hyphens or slashes (and full stops) separate it from the previous token.
  bool after_hyphen = false;
  bool in_parentheses = false;  // it is inside ( ) or [ ]
};

// The same tokens, with the context of each in `contexts` (resized to match).
std::vector<std::string> NormalizeNameTokens(std::string_view name,
                                             std::vector<TokenContext>* contexts);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_NAME_NORMALIZER_H_
