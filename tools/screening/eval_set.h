// The screening evaluation set: declared names as traders write them, derived
// deterministically from the real listed names, with the party each should (positives) or
// should not (negatives) match.
//
// Positives take a listed name and change it the way declarations do, one variation each,
// in equal shares:
//   case            UPPER, lower or Title case
//   accents         accents dropped, or added to an unaccented name ("Societe" -> "Société")
//   word-order      "HUSSEIN, Mazen Ali" -> "Mazen Ali HUSSEIN"; other names rotated
//   legal-form      a legal form removed if the name has one, else one added ("LLC",
//                   "Co., Ltd.", "GmbH", "OOO ...", ...)
//   typo            one letter substituted, deleted, inserted or two swapped, in a word of
//                   at least 5 letters
//   alias           another of the party's published names
//   cyrillic        a name the UN list gives in Cyrillic, transliterated by a scheme other
//                   than the matcher's (Russian passport ICAO scheme or a German-style one)
//   russian-spelling one transliteration variant of a Russian-looking Latin name
//                   (Sergey/Sergei, Aleksandr/Alexandr, Mikhail/Mihail, Dmitriy/Dmitry)
//   combined        two different variations of accents, word-order, legal-form, typo
//                   and russian-spelling together
// and then, except for "case" and "accents", the case the trader types (as listed, Title or
// lower).
//
// Negatives take a listed name of two or more words, replace its most distinctive word with
// the most distinctive word of another party's name, and keep the rest (usually the common
// words: "Bank", "Trading", "Al", a legal form). A negative whose words equal a listed
// name's (by phonetic key, in any order) is dropped, so that no negative is in fact listed.
#ifndef GATEKEEPER_TOOLS_SCREENING_EVAL_SET_H_
#define GATEKEEPER_TOOLS_SCREENING_EVAL_SET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gatekeeper/v1/party.pb.h"

namespace gatekeeper::screening {

struct EvalQuery {
  std::string declared_name;
  // The party a positive must match; empty for a negative.
  std::string expected_party_id;
  // One of the variations above, or "swapped-word" for a negative.
  std::string variation;
  // The listed name it was made from.
  std::string listed_name;
};

struct EvalSetOptions {
  uint64_t seed = 20261122;
  size_t positives = 2000;
  size_t negatives = 2000;
};

// SplitMix64: a small generator whose sequence is fixed by its definition, so that a seed
// gives the same evaluation set on every platform and standard library.
class EvalRandom {
 public:
  explicit EvalRandom(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, bound). REQUIRES: bound > 0.
  size_t Below(size_t bound);
  // True with probability numerator / denominator.
  bool Chance(size_t numerator, size_t denominator);

 private:
  uint64_t state_;
};

// Builds the set from `parties` (all lists). The same parties and options give the same
// queries in the same order. Returns fewer queries than asked when a variation has too few
// suitable names (the cyrillic variation has a few dozen); duplicates are dropped.
std::vector<EvalQuery> BuildEvalSet(const std::vector<v1::ListedParty>& parties,
                                    const EvalSetOptions& options);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_EVAL_SET_H_
