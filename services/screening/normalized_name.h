// A name prepared for comparison: normalized tokens (name_normalizer.h) without legal forms
// (legal_forms.h), each with its phonetic key (phonetic_key.h) and weight (token_weights.h).
// The screening index stores one per listed name so that screening normalizes only the
// declared name.
#ifndef GATEKEEPER_SERVICES_SCREENING_NORMALIZED_NAME_H_
#define GATEKEEPER_SERVICES_SCREENING_NORMALIZED_NAME_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"

namespace gatekeeper {

struct NameToken {
  std::string text;   // normalized spelling, e.g. "sergey"
  std::string key;    // PhoneticKey(text), e.g. "sergei"
  double weight = 0;  // TokenWeight(key), > 0
};

struct NormalizedName {
  std::vector<NameToken> tokens;
  double total_weight = 0;  // sum of the tokens' weights
  // The legal forms removed, their letters run together with the long words in their short
  // form ("S.A. de C.V." and "S A DE C V" -> "sadecv", "Co., Limited" -> "coltd"); empty
  // when none was. Compared only when a name is reduced to initials (initials_match.h).
  std::string legal_form;
  // The initials and legal form the name may be reduced to (initials_match.h InitialsKeys),
  // when it has a leading or trailing form and enough words.
  std::vector<std::string> initials_keys;
  // The name was spaced single letters and forms (the letters joined into one token when
  // there were several).
  bool spaced_initials = false;

  bool empty() const { return tokens.empty(); }
};

// Normalizes `name` for comparison. After the legal forms are removed, a name left with
// only single letters has them joined into one word ("D G A S A DE C V" -> "dga"), as the
// dotted form "D.G.A." already is. An empty result means the name has nothing to match on
// (no letters or digits).
NormalizedName NormalizeName(std::string_view name);

// A word's phonetic key and weight, when the caller has them already.
struct KnownWord {
  const std::string* key = nullptr;  // nullptr: not known
  double weight = 0;
};

// The same as NormalizeName(name), asking `known` for each word's key and weight before
// computing them: the screening index has those of every listed word, and computing them
// was a fifth of the cost of screening a name. REQUIRES: a known word's key and weight are
// its PhoneticKey and TokenWeight.
NormalizedName NormalizeName(std::string_view name,
                             absl::FunctionRef<KnownWord(const std::string& text)> known);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_NORMALIZED_NAME_H_
