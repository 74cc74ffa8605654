#include "services/screening/initials_match.h"

#include <algorithm>

#include "services/screening/token_weights.h"

namespace gatekeeper {
namespace {

bool IsLowerAsciiWord(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string KeyOf(const std::string& legal_form, const std::string& letters) {
  std::string key = legal_form;
  key += ':';
  key += letters;
  return key;
}

}  // namespace

std::vector<std::string> DeclaredInitialsKeys(const NormalizedName& declared) {
  std::vector<std::string> keys;
  if (declared.legal_form.empty() || declared.tokens.size() != 1) return keys;
  const std::string& text = declared.tokens[0].text;
  if (!IsLowerAsciiWord(text)) return keys;
  if (text.size() >= kMinInitials && text.size() <= kMaxInitials) {
    keys.push_back(KeyOf(declared.legal_form, text));
  }
  if (!declared.spaced_initials) return keys;
  for (const std::string& key : declared.initials_keys) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  return keys;
}

std::string_view ShortFormWord(std::string_view word) {
  if (word == "limited") return "ltd";
  if (word == "company") return "co";
  if (word == "corporation") return "corp";
  if (word == "incorporated") return "inc";
  if (word == "limitada") return "ltda";
  return word;
}

std::vector<std::string> InitialsKeys(const std::vector<std::string>& texts,
                                      const std::vector<bool>& is_form,
                                      const std::vector<TokenContext>& contexts,
                                      bool letters_only) {
  std::vector<std::string> keys;
  const size_t count = std::min({texts.size(), is_form.size(), contexts.size()});
  size_t lead = 0;  // leading form words
  while (lead < count && is_form[lead]) ++lead;
  if (lead == count) return keys;  // only forms
  size_t tail = 0;                 // trailing form words
  while (tail < count && is_form[count - 1 - tail]) ++tail;
  if (lead + tail == 0 || count < kMinInitials + 1) return keys;
  auto forms_of = [&](size_t begin, size_t end) {
    std::string form;
    for (size_t k = begin; k < end; ++k) form += ShortFormWord(texts[k]);
    return form;
  };
  // Initials of texts[begin..end) with the form, in every reading.
  auto add = [&](size_t begin, size_t end, const std::string& form) {
    if (form.empty()) return;
    // Spaced letters are initials, read as they are: "a" and "y" are not words there.
    for (int reading = 0; reading < (letters_only ? 1 : 8); ++reading) {
      const bool skip_function_words = (reading & 1) != 0;
      const bool skip_hyphenated = (reading & 2) != 0;
      const bool skip_parenthesized = (reading & 4) != 0;
      std::string letters;
      for (size_t k = begin; k < end; ++k) {
        if (letters_only && texts[k].size() != 1) return;
        const char initial = texts[k][0];
        if (initial >= '0' && initial <= '9') continue;
        // A word in another script has no initial a trader would type.
        if (initial < 'a' || initial > 'z') return;
        if (skip_function_words && IsFunctionWord(texts[k])) continue;
        if (skip_hyphenated && contexts[k].after_hyphen) continue;
        if (skip_parenthesized && contexts[k].in_parentheses) continue;
        letters += initial;
      }
      if (letters.size() < kMinInitials || letters.size() > kMaxInitials) continue;
      std::string key = KeyOf(form, letters);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    }
  };
  const std::string leading = forms_of(0, lead);
  const std::string trailing = forms_of(count - tail, count);
  add(lead, count - tail, leading + trailing);
  // Traders abbreviate form words with the name too ("HODA SHIPPING COMPANY LIMITED" as "HSC
  // LIMITED").
  for (size_t taken = 1; taken < tail; ++taken) {
    add(lead, count - tail + taken, leading + forms_of(count - tail + taken, count));
  }
  for (size_t taken = 1; taken <= lead; ++taken) {
    add(0, count - tail, forms_of(taken, lead) + trailing);
  }
  return keys;
}

double InitialsScore(const NormalizedName& declared, const NormalizedName& listed) {
  if (listed.initials_keys.empty()) return 0;
  for (const std::string& declared_key : DeclaredInitialsKeys(declared)) {
    for (const std::string& key : listed.initials_keys) {
      if (key == declared_key) return kInitialsSimilarity;
    }
  }
  return 0;
}
}  // namespace gatekeeper
