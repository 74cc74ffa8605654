#include "services/screening/normalized_name.h"

#include "services/screening/legal_forms.h"
#include "services/screening/name_normalizer.h"
#include "services/screening/phonetic_key.h"
#include "services/screening/token_weights.h"

namespace gatekeeper {

NormalizedName NormalizeName(std::string_view name) {
  NormalizedName normalized;
  for (std::string& text : RemoveLegalForms(NormalizeNameTokens(name))) {
    NameToken token;
    token.key = PhoneticKey(text);
    token.weight = TokenWeight(text, token.key);
    token.text = std::move(text);
    normalized.total_weight += token.weight;
    normalized.tokens.push_back(std::move(token));
  }
  return normalized;
}

}  // namespace gatekeeper
