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
