#include "services/screening/normalized_name.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "services/screening/initials_match.h"
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
  std::vector<TokenContext> contexts;
  std::vector<std::string> texts = NormalizeNameTokens(name, &contexts);
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
  const std::vector<bool> is_form = LegalFormMask(texts, keys);
  const bool any_kept = std::find(is_form.begin(), is_form.end(), false) != is_form.end();
  NormalizedName normalized;
  normalized.tokens.reserve(texts.size());
  if (any_kept && texts.size() > kMinInitials && (is_form.front() || is_form.back())) {
    // A name of spaced letters and forms: the letters may spell a form as well as
    // initials ("C I U S A DE C V"), and only letters are initials.
    bool only_letters = true;
    for (size_t k = 0; k < texts.size(); ++k) {
      if (!is_form[k] && texts[k].size() != 1) only_letters = false;
    }
    normalized.initials_keys = InitialsKeys(texts, is_form, contexts, only_letters);
  }
  size_t single_letters = 0;
  for (size_t k = 0; k < texts.size(); ++k) {
    // A name made only of legal forms is kept whole (legal_forms.h).
    if (any_kept && is_form[k]) {
      normalized.legal_form += ShortFormWord(texts[k]);
      continue;
    }
    if (texts[k].size() == 1 && texts[k][0] >= 'a' && texts[k][0] <= 'z') ++single_letters;
    NameToken token;
    token.weight = weights[k] >= 0 ? weights[k] : TokenWeight(texts[k], keys[k]);
    token.text = std::move(texts[k]);
    token.key = std::move(keys[k]);
    normalized.total_weight += token.weight;
    normalized.tokens.push_back(std::move(token));
  }
  normalized.spaced_initials = single_letters >= 1 && single_letters == normalized.tokens.size();
  if (single_letters >= 2 && single_letters == normalized.tokens.size()) {
    NameToken joined;
    for (const NameToken& letter : normalized.tokens) joined.text += letter.text;
    joined.key = PhoneticKey(joined.text);
    joined.weight = TokenWeight(joined.text, joined.key);
    normalized.tokens.assign(1, std::move(joined));
    normalized.total_weight = normalized.tokens[0].weight;
  }
  return normalized;
}

}  // namespace gatekeeper
