// Scoring of two normalized names: a weighted token-set match, so that word order does not
// matter, one-letter typos and transliteration variants cost little, and names that share
// only some words (usually the common ones) score low.
//
// Each declared token is paired with at most one listed token (best pairs first, by
// TokenSimilarity); a token may also pair with two adjacent tokens of the other name written
// as one word ("Alqaida" / "Al Qaida"). The score is the weighted Dice coefficient
//
//   score = sum over pairs of similarity * (weight_declared + weight_listed)
//           / (total weight of the declared name + total weight of the listed name)
//
// so every unmatched token on either side lowers the score by its share of the weight:
// "Global Trading" / "Global Shipping" share a generic word only and score below 0.5;
// "Bank Melli" / "Bank of China" score below 0.2.
#ifndef GATEKEEPER_SERVICES_SCREENING_NAME_SIMILARITY_H_
#define GATEKEEPER_SERVICES_SCREENING_NAME_SIMILARITY_H_

#include <cstdint>

#include "services/screening/normalized_name.h"
#include "services/screening/token_similarity.h"

namespace gatekeeper {

// A pair of tokens where one is written as two words of the other name.
inline constexpr double kJoinedWordsSimilarity = 0.95;
// Scores are rounded to this step, so that equal names score exactly 1 and a score equal to
// a threshold on paper is not a rounding error below it.
inline constexpr double kScoreResolution = 1e-6;

// Similarity in 0..1; 0 when either name is empty, 1 when both have the same tokens in any
// order; at least kInitialsSimilarity when the declared name is the listed name's initials
// and legal form (initials_match.h).
double ScoreNames(const NormalizedName& declared, const NormalizedName& listed);

// The same, given each token's SignatureOf (one per token, in order) so that they are not
// computed again for every pair of names: the screening index keeps them.
double ScoreNames(const NormalizedName& declared, const TokenSignature* declared_signatures,
                  const NormalizedName& listed, const TokenSignature* listed_signatures);

// The same, comparing listed token j only with the declared tokens in
// listed_pair_masks[j] (bit i: declared token i). REQUIRES: every declared token similar to
// listed token j (TokenSimilarity > 0) is in its mask; the screening index knows these
// from retrieval, so the other pairs need no comparison.
double ScoreNames(const NormalizedName& declared, const TokenSignature* declared_signatures,
                  const NormalizedName& listed, const TokenSignature* listed_signatures,
                  const uint32_t* listed_pair_masks);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_NAME_SIMILARITY_H_
