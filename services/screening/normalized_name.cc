#include "services/screening/normalized_name.h"

#include <utility>

#include "services/screening/legal_forms.h"
#include "services/screening/name_normalizer.h"
#include "services/screening/phonetic_key.h"
#include "services/screening/token_weights.h"

namespace gatekeeper {

NormalizedName NormalizeName(std::string_view name) {
  return NormalizeName(name, [](const std::string&) { return KnownWord(); });
}

NormalizedName NormalizeName(std::string_view name,
                             absl::FunctionRef<KnownWord(const std::string& text)> known) {
  std::vector<std::string> texts = NormalizeNameTokens(name);
  // The same as RemoveLegalForms, with each phonetic key computed once for both steps.
  std::vector<std::string> keys;
  std::vector<double> weights;  // negative: not known
  keys.reserve(texts.size());
  weights.reserve(texts.size());
  for (const std::string& text : texts) {
    const KnownWord word = known(text);
    keys.push_back(word.key != nullptr ? *word.key : PhoneticKey(text));
    weights.push_back(word.key != nullptr ? word.weight : -1);
  }
  std::vector<bool> is_form(texts.size(), false);
  bool any_kept = false;
  size_t i = 0;
  while (i < texts.size()) {
    const size_t form_length = LegalFormLengthAt(texts, keys, i);
    if (form_length == 0) {
      any_kept = true;
      ++i;
      continue;
    }
    for (size_t k = i; k < i + form_length; ++k) is_form[k] = true;
    i += form_length;
  }
  NormalizedName normalized;
  normalized.tokens.reserve(texts.size());
  for (size_t k = 0; k < texts.size(); ++k) {
    // A name made only of legal forms is kept whole (legal_forms.h).
    if (any_kept && is_form[k]) continue;
    NameToken token;
    token.weight = weights[k] >= 0 ? weights[k] : TokenWeight(texts[k], keys[k]);
    token.text = std::move(texts[k]);
    token.key = std::move(keys[k]);
    normalized.total_weight += token.weight;
    normalized.tokens.push_back(std::move(token));
  }
  return normalized;
}

}  // namespace gatekeeper
