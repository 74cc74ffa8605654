#include "services/screening/legal_forms.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
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
    "joint stock",
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
    "limitada",
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
    "corporacion",
    "corporacao",
    "compania",
    "companhia",
    "sociedad de responsabilidad limitada",
    // Colombian "comercializadora internacional", written before or after the name.
    "ci",
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
  TokenSignature signature;
};

// A name token as SpellsFormToken reads it; the signature, needed only for typos, is
// computed when first needed.
class NameWord {
 public:
  NameWord(const std::string& text, const std::string& key) : text_(text), key_(key) {}

  const std::string& text() const { return text_; }
  const std::string& key() const { return key_; }
  const TokenSignature& signature() {
    if (!signed_) {
      signature_ = SignatureOf(text_, key_);
      signed_ = true;
    }
    return signature_;
  }

 private:
  const std::string& text_;
  const std::string& key_;
  TokenSignature signature_;
  bool signed_ = false;
};

// Whether a name token spells this word of a legal form.
bool SpellsFormToken(NameWord& word, const FormToken& form) {
  // One letter is a form word only as itself ("s" of "s de rl"): its key may be a form's
  // ("o" is the key of "ooo").
  if (word.text().size() == 1) return word.text() == form.text;
  if (word.key() == form.key || word.text() == form.text) return true;
  if (form.text.size() < kMinTypoFormTokenLength) return false;
  const TokenSignature& signature = word.signature();
  return (MayBeOneEditApart(word.key(), form.key, signature.key, form.signature.key) &&
          BoundedEditDistance(word.key(), form.key, 1) <= 1) ||
         (MayBeOneEditApart(word.text(), form.text, signature.text, form.signature.text) &&
          BoundedEditDistance(word.text(), form.text, 1) <= 1);
}

using FormSequence = std::vector<FormToken>;

// A spelling of the first word of a form that tolerates a typo.
struct TypoFirstWord {
  std::string spelling;
  SpellingSignature signature;
  std::vector<size_t> forms;  // the forms starting with it
};

// Spellings are bucketed by length: a word one edit from a spelling is at most one byte
// longer or shorter.
constexpr size_t kMaxBucketedLength = kMaxComparedTokenLength;
using TypoFirstWords = std::array<std::vector<TypoFirstWord>, kMaxBucketedLength + 1>;

// The forms, and which of them can start at a token: looked up by the token's key or text
// for exact first words, and by length and signature among the first words that tolerate
// a typo (texts with texts, keys with keys). Checking every form at every token cost more
// than the rest of screening a name.
struct FormTable {
  std::vector<FormSequence> forms;
  absl::flat_hash_map<std::string, std::vector<size_t>> by_first_word;
  TypoFirstWords typo_first_texts;
  TypoFirstWords typo_first_keys;
};

bool IsSingleLetter(const std::string& token) {
  return token.size() == 1 && token[0] >= 'a' && token[0] <= 'z';
}

// Whether tokens[position..] are the letters of `word` one by one ("s", "a" for "sa").
bool SpelledBySingleLetters(const std::vector<std::string>& tokens, size_t position,
                            std::string_view word) {
  if (word.size() < 2 || position + word.size() > tokens.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    const std::string& token = tokens[position + k];
    if (!IsSingleLetter(token) || token[0] != word[k]) return false;
  }
  return true;
}

size_t BucketOf(std::string_view spelling) { return std::min(spelling.size(), kMaxBucketedLength); }

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
        const std::string key = PhoneticKey(word);
        sequence.push_back({std::string(word), key, SignatureOf(word, key)});
        start = end + 1;
      }
      const size_t index = built->forms.size();
      const FormToken& first = sequence.front();
      built->by_first_word[first.key].push_back(index);
      if (first.text != first.key) built->by_first_word[first.text].push_back(index);
      if (first.text.size() >= kMinTypoFormTokenLength) {
        auto file = [&](TypoFirstWords* words, const std::string& spelling,
                        const SpellingSignature& signature) {
          std::vector<TypoFirstWord>& bucket = (*words)[BucketOf(spelling)];
          auto filed = std::find_if(bucket.begin(), bucket.end(), [&](const TypoFirstWord& word) {
            return word.spelling == spelling;
          });
          if (filed == bucket.end()) {
            bucket.push_back({spelling, signature, {}});
            filed = bucket.end() - 1;
          }
          filed->forms.push_back(index);
        };
        file(&built->typo_first_texts, first.text, first.signature.text);
        file(&built->typo_first_keys, first.key, first.signature.key);
      }
      built->forms.push_back(std::move(sequence));
    }
    return built;
  }();
  return *table;
}

}  // namespace

size_t LegalFormLengthAt(const std::vector<std::string>& tokens,
                         const std::vector<std::string>& keys, size_t start) {
  // Forms starting with a single letter are SpelledLegalFormLengthAt's: "o" has the
  // phonetic key of "ooo", and "O R S N" are initials.
  if (IsSingleLetter(tokens[start])) return 0;
  const FormTable& table = LegalForms();
  NameWord first(tokens[start], keys[start]);
  size_t longest = 0;
  auto consider = [&](size_t index) {
    const FormSequence& form = table.forms[index];
    if (form.size() <= longest || start + form.size() > keys.size()) return;
    if (!SpellsFormToken(first, form[0])) return;
    for (size_t i = 1; i < form.size(); ++i) {
      NameWord word(tokens[start + i], keys[start + i]);
      if (!SpellsFormToken(word, form[i])) return;
    }
    longest = form.size();
  };
  for (const std::string* word : {&first.key(), &first.text()}) {
    auto it = table.by_first_word.find(*word);
    if (it == table.by_first_word.end()) continue;
    for (size_t index : it->second) consider(index);
  }
  // First words one typo away: one byte longer or shorter at most, and the letters differ
  // little (token_similarity.h).
  auto consider_near = [&](const TypoFirstWords& words, const std::string& spelling, bool is_key) {
    const size_t bucket = BucketOf(spelling);
    for (size_t length = bucket > 0 ? bucket - 1 : 0;
         length <= std::min(bucket + 1, kMaxBucketedLength); ++length) {
      for (const TypoFirstWord& word : words[length]) {
        const TokenSignature& signature = first.signature();
        if (MayBeOneEditApart(spelling, word.spelling, is_key ? signature.key : signature.text,
                              word.signature)) {
          for (size_t index : word.forms) consider(index);
        }
      }
    }
  };
  consider_near(table.typo_first_texts, first.text(), false);
  consider_near(table.typo_first_keys, first.key(), true);
  return longest;
}

size_t SpelledLegalFormLengthAt(const std::vector<std::string>& tokens,
                                const std::vector<std::string>& keys, size_t start) {
  if (!IsSingleLetter(tokens[start])) return 0;
  const FormTable& table = LegalForms();
  size_t longest = 0;
  for (const FormSequence& form : table.forms) {
    // Norwegian ASA is written as a word; spelled, "a s a" is more often the end of
    // initials and "S A" ("D U D A S A").
    if (form.size() == 1 && form[0].text == "asa") continue;
    size_t position = start;
    bool matched = true;
    for (const FormToken& word : form) {
      if (position >= tokens.size()) {
        matched = false;
        break;
      }
      const std::string& token = tokens[position];
      if (token == word.text || (token.size() > 1 && keys[position] == word.key)) {
        ++position;
        continue;
      }
      if (!SpelledBySingleLetters(tokens, position, word.text)) {
        matched = false;
        break;
      }
      position += word.text.size();
    }
    if (matched) longest = std::max(longest, position - start);
  }
  return longest;
}

std::vector<bool> LegalFormMask(const std::vector<std::string>& tokens,
                                const std::vector<std::string>& keys) {
  const size_t count = tokens.size();
  std::vector<size_t> spans(count, 0);
  for (size_t i = 0; i < count; ++i) {
    spans[i] =
        std::max(LegalFormLengthAt(tokens, keys, i), SpelledLegalFormLengthAt(tokens, keys, i));
  }
  // The longest forms first, so that "d g a s a de c v" loses "s a de c v" (five tokens),
  // not "a s a" (Norwegian ASA, three); among equals the later one, since forms end names
  // ("d g a s a s": "s a s").
  std::vector<bool> is_form(count, false);
  while (true) {
    size_t best = count;
    for (size_t i = 0; i < count; ++i) {
      if (spans[i] == 0) continue;
      if (best == count || spans[i] >= spans[best]) best = i;
    }
    if (best == count) break;
    for (size_t k = best; k < best + spans[best]; ++k) is_form[k] = true;
    // Forms overlapping the chosen one are not forms any more.
    for (size_t i = 0; i < count; ++i) {
      if (spans[i] == 0) continue;
      const bool overlaps = i < best + spans[best] && best < i + spans[i];
      if (overlaps) spans[i] = 0;
    }
  }
  return is_form;
}

std::vector<std::string> RemoveLegalForms(std::vector<std::string> tokens) {
  std::vector<std::string> keys;
  keys.reserve(tokens.size());
  for (const std::string& token : tokens) keys.push_back(PhoneticKey(token));
  const std::vector<bool> is_form = LegalFormMask(tokens, keys);
  std::vector<std::string> kept;
  kept.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!is_form[i]) kept.push_back(tokens[i]);
  }
  if (kept.empty()) return tokens;
  return kept;
}

}  // namespace gatekeeper
