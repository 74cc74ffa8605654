#include "services/screening/legal_forms.h"

#include <cstddef>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "services/screening/phonetic_key.h"
#include "services/screening/token_similarity.h"

namespace gatekeeper {
namespace {

// Each entry is one legal form as normalized tokens, space-separated. Compound forms made of
// single forms ("Co., Ltd.", "GmbH & Co. KG") need no entry of their own.
constexpr std::string_view kLegalForms[] = {
    // English and international.
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    "pte",
    "pvt",
    "limited liability company",
    "limited liability partnership",
    "limited company",
    "joint stock company",
    "open joint stock company",
    "closed joint stock company",
    "public joint stock company",
    "private joint stock company",
    "public limited company",
    "private limited",
    "private limited company",
    // Gulf free zones.
    "fze",
    "fzco",
    "fzc",
    "fz llc",
    "fz co",
    "dmcc",
    // Russian (transliterated) and Ukrainian.
    "ooo",
    "zao",
    "oao",
    "pao",
    "ao",
    "tov",
    "obshchestvo s ogranichennoi otvetstvennostyu",
    "obshchestvo s ogranichennoi otvetstvennostiu",
    "obshchestvo s organichennoi otvetstvennostyu",
    "aktsionernoe obshchestvo",
    "otkrytoe aktsionernoe obshchestvo",
    "zakrytoe aktsionernoe obshchestvo",
    "publichnoe aktsionernoe obshchestvo",
    "nepublichnoe aktsionernoe obshchestvo",
    "tovarystvo z obmezhenoyu vidpovidalnistyu",
    // German, Austrian, Swiss.
    "gmbh",
    "mbh",
    "ag",
    "kg",
    "ohg",
    "ug",
    "gesellschaft mit beschrankter haftung",
    "aktiengesellschaft",
    // French, Belgian, Lebanese, Swiss.
    "sa",
    "sarl",
    "sas",
    "sal",
    "snc",
    "societe anonyme",
    "societe a responsabilite limitee",
    // Spanish, Portuguese, Latin American.
    "srl",
    "sac",
    "saa",
    "ltda",
    "cia",
    "ca",
    "eirl",
    "sl",
    "slu",
    "sa de cv",
    "sapi de cv",
    "s de rl",
    "s de rl de cv",
    "sociedad anonima",
    "sociedad de responsabilidad limitada",
    // Italian.
    "spa",
    "sapa",
    // Dutch and Belgian.
    "bv",
    "nv",
    "vof",
    // Nordic, Turkish, Central and Eastern European.
    "as",
    "asa",
    "oy",
    "oyj",
    "kft",
    "zrt",
    "doo",
    "sp zoo",
    // Indonesian and Malaysian.
    "pt",
    "tbk",
    "bhd",
    "sdn bhd",
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
  return BoundedEditDistance(key, form.key, 1) <= 1 || BoundedEditDistance(text, form.text, 1) <= 1;
}

using FormSequence = std::vector<FormToken>;

// The forms, and which of them can start at a token: looked up by the token's key or text
// for exact first words, plus the few forms whose first word tolerates a typo. Checking
// every form at every token would cost more than the rest of screening a name.
struct FormTable {
  std::vector<FormSequence> forms;
  absl::flat_hash_map<std::string, std::vector<size_t>> by_first_word;
  std::vector<size_t> typo_tolerant_first_word;
};

const FormTable& LegalForms() {
  static const FormTable* const table = [] {
    auto* built = new FormTable();
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
      const size_t index = built->forms.size();
      const FormToken& first = sequence.front();
      built->by_first_word[first.key].push_back(index);
      if (first.text != first.key) built->by_first_word[first.text].push_back(index);
      if (first.text.size() >= kMinTypoFormTokenLength) {
        built->typo_tolerant_first_word.push_back(index);
      }
      built->forms.push_back(std::move(sequence));
    }
    return built;
  }();
  return *table;
}

// Tokens in the legal form that starts at `start`, the longest if several do; 0 if none.
size_t LegalFormLengthAt(const std::vector<std::string>& tokens,
                         const std::vector<std::string>& keys, size_t start) {
  const FormTable& table = LegalForms();
  size_t longest = 0;
  auto consider = [&](size_t index) {
    const FormSequence& form = table.forms[index];
    if (form.size() <= longest || start + form.size() > keys.size()) return;
    for (size_t i = 0; i < form.size(); ++i) {
      if (!SpellsFormToken(tokens[start + i], keys[start + i], form[i])) return;
    }
    longest = form.size();
  };
  for (const std::string* word : {&keys[start], &tokens[start]}) {
    auto it = table.by_first_word.find(*word);
    if (it == table.by_first_word.end()) continue;
    for (size_t index : it->second) consider(index);
  }
  for (size_t index : table.typo_tolerant_first_word) consider(index);
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
