// Similarity of two normalized name tokens, tolerant of one-letter typos in longer words and
// of transliteration variants, strict on short words (where one letter makes another word:
// "Iran" / "Iraq", "Ivan" / "Iran").
#ifndef GATEKEEPER_SERVICES_SCREENING_TOKEN_SIMILARITY_H_
#define GATEKEEPER_SERVICES_SCREENING_TOKEN_SIMILARITY_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gatekeeper {

// Tokens shorter than this (in the longer of the two spellings) must match exactly or by
// phonetic key.
inline constexpr size_t kMinTypoTokenLength = 5;
// From this length on, two edits are tolerated instead of one.
inline constexpr size_t kMinTwoTypoTokenLength = 9;
// Two spellings with equal phonetic keys ("sergei" / "sergey").
inline constexpr double kSpellingVariantSimilarity = 0.97;
// Each edit costs this share of the token's length: one typo in a 5-letter word gives 0.9,
// in a 10-letter word 0.95.
inline constexpr double kEditCostFactor = 0.5;

// The optimal-string-alignment (restricted Damerau-Levenshtein) distance between a and b:
// insertions, deletions, substitutions and transpositions of adjacent characters, each 1.
// Returns max_distance + 1 as soon as the distance is known to exceed max_distance, so the
// cost is O(len * max_distance) rather than O(len^2). Compares bytes.
size_t BoundedEditDistance(std::string_view a, std::string_view b, size_t max_distance);

// What the typo rule of TokenSimilarity needs to know of one spelling beyond its bytes,
// computed once per token so that comparing two different words usually costs a few
// instructions instead of an edit distance. Both describe the first kMaxComparedTokenLength
// bytes, which is what edit distances compare.
struct SpellingSignature {
  // Which letters and digits occur, one bit each: one edit changes at most two bits.
  uint64_t letters = 0;
  // How often, in 16 groups of letters and digits (4 bits each, saturating): one edit
  // changes the counts by at most two in all.
  uint64_t counts = 0;
};

struct TokenSignature {
  SpellingSignature text;
  SpellingSignature key;
  bool ascii = false;        // the text (and so the key) is ASCII
  bool key_is_text = false;  // the key is spelled as the text
};

// Edit distances compare at most this many bytes of each spelling (names are bounded to
// 1,024 bytes, so longer tokens do not occur in practice).
inline constexpr size_t kMaxComparedTokenLength = 64;

TokenSignature SignatureOf(std::string_view text, std::string_view key);

// Similarity in 0..1 of two tokens given as their normalized text and phonetic key:
// 1 for equal text, kSpellingVariantSimilarity for equal keys, 1 - kEditCostFactor * edits /
// length for up to one edit (two from kMinTwoTypoTokenLength letters) in text or key, and 0
// otherwise. Tokens outside ASCII (other scripts) match only exactly.
double TokenSimilarity(std::string_view text_a, std::string_view key_a, std::string_view text_b,
                       std::string_view key_b);

// Whether BoundedEditDistance(a, b, 1) <= 1 is possible, from the lengths and signatures:
// most pairs of different words are decided here.
bool MayBeOneEditApart(std::string_view a, std::string_view b, const SpellingSignature& a_signature,
                       const SpellingSignature& b_signature);

// Whether the tokens' texts or keys are at most two edits apart in spellings where
// TokenSimilarity allows two (kMinTwoTypoTokenLength characters or more): the pairs that
// TokenSimilarity accepts and that one-deletion keys (retrieval_keys.h) do not always find.
// Equal, spelling-variant and one-edit pairs may or may not be reported.
bool WithinTwoEditTypo(std::string_view text_a, std::string_view key_a,
                       const TokenSignature& signature_a, std::string_view text_b,
                       std::string_view key_b, const TokenSignature& signature_b);

// The same value as TokenSimilarity(text_a, key_a, text_b, key_b), given the tokens'
// signatures (SignatureOf): pairs that the signatures show to be too far apart are rejected
// without computing an edit distance.
double TokenSimilarity(std::string_view text_a, std::string_view key_a,
                       const TokenSignature& signature_a, std::string_view text_b,
                       std::string_view key_b, const TokenSignature& signature_b);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_TOKEN_SIMILARITY_H_
