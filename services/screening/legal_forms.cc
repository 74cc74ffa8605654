#include "services/screening/legal_forms.h"

#include <cstddef>
#include <string_view>

#include "services/screening/phonetic_key.h"
#include "services/screening/token_similarity.h"

namespace gatekeeper {
namespace {

// Each entry is one legal form as normalized tokens, space-separated. Compound forms made of
// single forms ("Co., Ltd.", "GmbH & Co. KG") need no entry of their own.
constexpr std::string_view kLegalForms[] = {
    // English and international.
    "ltd", "limited", "llc", "llp", "lp", "plc", "inc", "incorporated", "corp", "corporation",
    "co", "company", "jsc", "ojsc", "cjsc", "pjsc", "pte", "pvt",
    "limited liability company", "limited liability partnership", "limited company",
    "joint stock company", "open joint stock company", "closed joint stock company",
    "public joint stock company", "private joint stock company", "public limited company",
    "private limited", "private limited company",
    // Gulf free zones.
    "fze", "fzco", "fzc", "fz llc", "fz co", "dmcc",
    // Russian (transliterated) and Ukrainian.
    "ooo", "zao", "oao", "pao", "ao", "tov",
    "obshchestvo s ogranichennoi otvetstvennostyu",
    "obshchestvo s ogranichennoi otvetstvennostiu",
    "obshchestvo s organichennoi otvetstvennostyu",
    "aktsionernoe obshchestvo", "otkrytoe aktsionernoe obshchestvo",
    "zakrytoe aktsionernoe obshchestvo", "publichnoe aktsionernoe obshchestvo",
    "nepublichnoe aktsionernoe obshchestvo",
    "tovarystvo z obmezhenoyu vidpovidalnistyu",
    // German, Austrian, Swiss.
    "gmbh", "mbh", "ag", "kg", "ohg", "ug", "gesellschaft mit beschrankter haftung",
    "aktiengesellschaft",
    // French, Belgian, Lebanese, Swiss.
    "sa", "sarl", "sas", "sal", "snc", "societe anonyme", "societe a responsabilite limitee",
    // Spanish, Portuguese, Latin American.
    "srl", "sac", "saa", "ltda", "cia", "ca", "eirl", "sl", "slu", "sa de cv", "sapi de cv",
    "s de rl", "s de rl de cv", "sociedad anonima", "sociedad de responsabilidad limitada",
    // Italian.
    "spa", "sapa",
    // Dutch and Belgian.
    "bv", "nv", "vof",
    // Nordic, Turkish, Central and Eastern European.
    "as", "asa", "oy", "oyj", "kft", "zrt", "doo", "sp zoo",
    // Indonesian and Malaysian.
    "pt", "tbk", "bhd", "sdn bhd",
};

// Legal-form words of this many letters tolerate one typo ("limted", "compnay", "jont"
// "stock"); shorter ones ("ltd", "gmbh", "ooo") must be exact, because one letter turns them
// into a name.
constexpr size_t kMinTypoFormTokenLength = 5;

struct FormToken {
  std::string text;
  std::string key;
};

// Whether a name token (text and key) spells this word of a legal form.
bool SpellsFormToken(const std::string& text, const std::string& key, const FormToken& form) {
  if (key == form.key || text == form.text) return true;
  if (form.text.size() < kMinTypoFormTokenLength) return false;
  return BoundedEditDistance(key, form.key, 1) <= 1 ||
         BoundedEditDistance(text, form.text, 1) <= 1;
}

using FormSequence = std::vector<FormToken>;

const std::vector<FormSequence>& LegalForms() {
  static const std::vector<FormSequence>* const forms = [] {
    auto* sequences = new std::vector<FormSequence>();
    for (std::string_view form : kLegalForms) {
      FormSequence sequence;
      size_t start = 0;
      while (start <= form.size()) {
        size_t end = form.find(' ', start);
        if (end == std::string_view::npos) end = form.size();
        const std::string_view word = form.substr(start, end - start);
        sequence.push_back({std::string(word), PhoneticKey(word)});
        start = end + 1;
      }
      sequences->push_back(std::move(sequence));
    }
    return sequences;
  }();
  return *forms;
}

// Tokens in the legal form that starts at `start`, the longest if several do; 0 if none.
size_t LegalFormLengthAt(const std::vector<std::string>& tokens,
                         const std::vector<std::string>& keys, size_t start) {
  size_t longest = 0;
  for (const FormSequence& form : LegalForms()) {
    if (form.size() <= longest || start + form.size() > keys.size()) continue;
    bool matches = true;
    for (size_t i = 0; i < form.size() && matches; ++i) {
      matches = SpellsFormToken(tokens[start + i], keys[start + i], form[i]);
    }
    if (matches) longest = form.size();
  }
  return longest;
}

}  // namespace

std::vector<std::string> RemoveLegalForms(std::vector<std::string> tokens) {
  std::vector<std::string> keys;
  keys.reserve(tokens.size());
  for (const std::string& token : tokens) keys.push_back(PhoneticKey(token));
  std::vector<std::string> kept;
  kept.reserve(tokens.size());
  size_t i = 0;
  while (i < tokens.size()) {
    const size_t form_length = LegalFormLengthAt(tokens, keys, i);
    if (form_length > 0) {
      i += form_length;
    } else {
      kept.push_back(tokens[i]);
      ++i;
    }
  }
  if (kept.empty()) return tokens;
  return kept;
}

}  // namespace gatekeeper
