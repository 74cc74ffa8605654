// How much one name token counts when two names are compared: distinctive words count
// fully, words that many unrelated names share count little. This is what keeps "Bank
// Melli" away from "Bank of China" and "Global Trading" away from "Global Shipping": the
// shared words carry a small share of either name's weight.
//
// The weight is fixed per token (not derived from the current list), so that a score does
// not change when an unrelated party is listed or removed and NameSimilarity gives the same
// score as ScreeningIndex::Screen.
#ifndef GATEKEEPER_SERVICES_SCREENING_TOKEN_WEIGHTS_H_
#define GATEKEEPER_SERVICES_SCREENING_TOKEN_WEIGHTS_H_

#include <cstddef>
#include <string_view>

namespace gatekeeper {

// Key lengths count up to this many characters.
inline constexpr size_t kWeightLengthCap = 12;

// Weight multipliers by kind of token.
// Articles, prepositions and name particles: "of", "the", "de", "al", "bin", "abu".
inline constexpr double kFunctionWordFactor = 0.2;
// Words of organisation names that say what a business does, not who it is: "bank",
// "trading", "shipping", "international", "group", "industries".
inline constexpr double kGenericWordFactor = 0.4;
// Russian and Turkic patronymics ("-ovich", "-evna", "-ogly"), which traders often omit.
inline constexpr double kPatronymicFactor = 0.5;

// REQUIRES: `text` is a normalized token and `key` its PhoneticKey. Returns a weight > 0:
// the square root of the key's length (capped at 12 characters; longer words are more
// distinctive, with diminishing returns), times the factor of its kind above, or 1. Function
// words are recognised by their spelling ("van" is one, "wan" is not), the other kinds by
// key, so that spelling variants of a generic word are generic too.
double TokenWeight(std::string_view text, std::string_view key);

// Whether `text` (a normalized token) is an article, preposition or name particle.
bool IsFunctionWord(std::string_view text);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_TOKEN_WEIGHTS_H_
