// Similarity of two normalized name tokens, tolerant of one-letter typos in longer words and
// of transliteration variants, strict on short words (where one letter makes another word:
// "Iran" / "Iraq", "Ivan" / "Iran").
#ifndef GATEKEEPER_SERVICES_SCREENING_TOKEN_SIMILARITY_H_
#define GATEKEEPER_SERVICES_SCREENING_TOKEN_SIMILARITY_H_

#include <cstddef>
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

// Similarity in 0..1 of two tokens given as their normalized text and phonetic key:
// 1 for equal text, kSpellingVariantSimilarity for equal keys, 1 - kEditCostFactor * edits /
// length for up to one edit (two from kMinTwoTypoTokenLength letters) in text or key, and 0
// otherwise. Tokens outside ASCII (other scripts) match only exactly.
double TokenSimilarity(std::string_view text_a, std::string_view key_a, std::string_view text_b,
                       std::string_view key_b);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_TOKEN_SIMILARITY_H_
