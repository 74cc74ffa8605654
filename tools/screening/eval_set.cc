#include "tools/screening/eval_set.h"

#include <algorithm>
#include <array>
#include <functional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "services/screening/latin_fold.h"
#include "services/screening/legal_forms.h"
#include "services/screening/name_normalizer.h"
#include "services/screening/normalized_name.h"
#include "services/screening/token_similarity.h"
#include "services/screening/token_weights.h"
#include "services/screening/utf8.h"

namespace gatekeeper::screening {
namespace {

// How often a variation may fail to find a suitable name before it gives up; bounds the
// generation loop when a variation has few candidates.
constexpr size_t kMaxAttemptsPerQuery = 200;

constexpr std::array<absl::string_view, 9> kPositiveVariations = {
    "case",  "accents",          "word-order", "legal-form", "typo",
    "alias", "russian-spelling", "cyrillic",   "combined"};

// The variations "combined" draws two of (different ones, in this order).
constexpr std::array<absl::string_view, 5> kCombinableVariations = {
    "accents", "word-order", "legal-form", "typo", "russian-spelling"};

// Legal forms as traders append them.
constexpr absl::string_view kSuffixLegalForms[] = {
    "LLC",  "Ltd",   "Ltd.",  "Limited", "Co., Ltd.", "Co. Ltd", "GmbH", "Inc.",
    "Corp.", "S.A.", "SA",    "S.A. de C.V.", "SARL", "S.R.L.", "B.V.", "N.V.",
    "AG",   "FZE",   "FZCO",  "LLP",     "PLC",      "JSC",     "PJSC", "Company",
    "Co.",  "Private Limited", "Pvt. Ltd.", "Limited Liability Company",
    "Joint Stock Company", "Private Joint Stock Company", "Public Joint Stock Company",
    "S. de R.L.", "S. de R.L. de C.V.", "S.A.C.", "S.A.S."};
// Legal forms written before the name (Russian, Indonesian).
constexpr absl::string_view kPrefixLegalForms[] = {"OOO", "ZAO", "OAO", "PAO", "AO", "PT"};

// Endings that make a Latin name look Russian, for the russian-spelling variation.
constexpr absl::string_view kRussianEndings[] = {"OV",  "EV",   "OVA", "EVA", "IN",
                                                 "INA", "SKY",  "SKIY", "VICH", "VNA",
                                                 "ENKO", "YEV", "YEVA"};

struct SpellingSwap {
  absl::string_view from;
  absl::string_view to;
  bool at_end_only;
};

// The variants Russian names show in Latin: each rewrites one occurrence.
constexpr SpellingSwap kRussianSpellingSwaps[] = {
    {"EY", "EI", true}, {"EI", "EY", true}, {"IY", "Y", true}, {"IY", "II", true},
    {"KS", "X", false}, {"X", "KS", false}, {"KH", "H", false}, {"YU", "IU", false},
    {"YA", "IA", false}, {"AY", "AI", true},
};

// Two transliterations of Cyrillic other than the matcher's (transliteration.cc): the ICAO
// scheme of Russian passports and a German-style one. Indexed by letter - U+0430 (а..я);
// ё is handled separately.
constexpr std::array<absl::string_view, 32> kIcaoScheme = {
    "a", "b", "v", "g",  "d",  "e",    "zh", "z",  "i",  "i",  "k", "l",  "m",  "n",  "o", "p",
    "r", "s", "t", "u",  "f",  "kh",   "ts", "ch", "sh", "shch", "ie", "y", "",   "e",  "iu", "ia"};
constexpr std::array<absl::string_view, 32> kGermanScheme = {
    "a", "b", "w", "g",  "d",  "e",    "sch", "s", "i",  "j",  "k", "l",  "m",  "n",  "o", "p",
    "r", "s", "t", "u",  "f",  "ch",   "z",  "tsch", "sch", "schtsch", "", "y", "", "e", "ju", "ja"};

bool IsLatinOrCommon(char32_t code_point) {
  return code_point < 0x0250 || (code_point >= 0x1E00 && code_point <= 0x1EFF) ||
         (code_point >= 0x2000 && code_point <= 0x206F);
}

bool IsLatinName(absl::string_view name) {
  size_t pos = 0;
  const std::string_view text(name.data(), name.size());
  while (pos < text.size()) {
    if (!IsLatinOrCommon(DecodeUtf8(text, &pos))) return false;
  }
  return true;
}

bool HasCyrillic(absl::string_view name) {
  size_t pos = 0;
  const std::string_view text(name.data(), name.size());
  while (pos < text.size()) {
    const char32_t code_point = DecodeUtf8(text, &pos);
    if (code_point >= 0x0400 && code_point <= 0x04FF) return true;
  }
  return false;
}

bool HasNonAscii(absl::string_view name) {
  return std::any_of(name.begin(), name.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::vector<std::string> Words(absl::string_view name) {
  return absl::StrSplit(name, ' ', absl::SkipEmpty());
}

std::string TitleCase(absl::string_view name) {
  std::string out(name);
  bool word_start = true;
  for (char& c : out) {
    if (absl::ascii_isalpha(c)) {
      c = word_start ? absl::ascii_toupper(c) : absl::ascii_tolower(c);
      word_start = false;
    } else {
      word_start = c == ' ' || c == '-';
    }
  }
  return out;
}

// The case a trader types: as listed, Title or lower.
std::string TraderCase(absl::string_view name, EvalRandom* random) {
  switch (random->Below(3)) {
    case 0:
      return std::string(name);
    case 1:
      return TitleCase(name);
    default:
      return absl::AsciiStrToLower(name);
  }
}

std::string DropAccents(absl::string_view name) {
  const std::string_view text(name.data(), name.size());
  std::string out;
  const bool upper = std::none_of(name.begin(), name.end(), absl::ascii_islower);
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t code_point = DecodeUtf8(text, &pos);
    std::string folded;
    if (code_point >= 0x80 && FoldLatinLetter(code_point, &folded)) {
      out += upper ? absl::AsciiStrToUpper(folded) : folded;
    } else {
      AppendUtf8(code_point, &out);
    }
  }
  return out;
}

std::string AddAccents(absl::string_view name, EvalRandom* random) {
  struct Accent {
    char plain;
    absl::string_view accented;
  };
  static constexpr Accent kAccents[] = {
      {'e', "é"}, {'a', "á"}, {'o', "ö"}, {'u', "ü"}, {'i', "í"}, {'c', "ç"}, {'n', "ñ"},
      {'E', "É"}, {'A', "Á"}, {'O', "Ö"}, {'U', "Ü"}, {'I', "Í"}, {'C', "Ç"}, {'N', "Ñ"}};
  std::vector<size_t> positions;
  for (size_t i = 0; i < name.size(); ++i) {
    for (const Accent& accent : kAccents) {
      if (name[i] == accent.plain) positions.push_back(i);
    }
  }
  if (positions.empty()) return std::string();
  const size_t count = std::min<size_t>(positions.size(), 1 + random->Below(2));
  std::vector<size_t> chosen;
  for (size_t k = 0; k < count; ++k) chosen.push_back(positions[random->Below(positions.size())]);
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const bool accent_here = std::find(chosen.begin(), chosen.end(), i) != chosen.end();
    if (!accent_here) {
      out.push_back(name[i]);
      continue;
    }
    for (const Accent& accent : kAccents) {
      if (name[i] == accent.plain) absl::StrAppend(&out, accent.accented);
    }
  }
  return out;
}

bool SameTokens(absl::string_view a, absl::string_view b) {
  return NormalizeNameTokens(std::string_view(a.data(), a.size())) ==
         NormalizeNameTokens(std::string_view(b.data(), b.size()));
}

// How many of the last words of `words` spell a legal form (0 if none).
size_t TrailingLegalFormWords(const std::vector<std::string>& words) {
  if (words.size() < 2) return 0;
  for (size_t k = std::min<size_t>(5, words.size() - 1); k >= 1; --k) {
    const std::string tail = absl::StrJoin(words.end() - k, words.end(), " ");
    for (absl::string_view form : kSuffixLegalForms) {
      if (SameTokens(tail, form)) return k;
    }
  }
  return 0;
}

std::string ChangeWordOrder(absl::string_view name, EvalRandom* random) {
  // OFAC writes individuals "LAST, First Middle"; declarations write "First Middle Last".
  if (const size_t comma = name.find(", "); comma != absl::string_view::npos) {
    return absl::StrCat(name.substr(comma + 2), " ", name.substr(0, comma));
  }
  // Other names are rotated, a legal form staying at the end where traders write it. Names
  // with a legal form elsewhere ("LIMITED LIABILITY COMPANY X", "OBSHCHESTVO S ... X") are
  // left alone: no trader breaks a legal form apart.
  std::vector<std::string> words = Words(name);
  const size_t form_words = TrailingLegalFormWords(words);
  const size_t movable = words.size() - form_words;
  const std::string movable_text = absl::StrJoin(words.begin(), words.begin() + movable, " ");
  const std::vector<std::string> movable_tokens =
      NormalizeNameTokens(std::string_view(movable_text.data(), movable_text.size()));
  if (RemoveLegalForms(movable_tokens) != movable_tokens) return std::string();
  if (movable < 2) return std::string();
  std::rotate(words.begin(), words.begin() + 1 + random->Below(movable - 1),
              words.begin() + movable);
  return absl::StrJoin(words, " ");
}

std::string ChangeLegalForm(absl::string_view name, EvalRandom* random) {
  std::vector<std::string> words = Words(name);
  // Remove a legal form written at the end ("S.A. de C.V.") or at the start.
  if (const size_t k = TrailingLegalFormWords(words); k > 0) {
    words.resize(words.size() - k);
    std::string kept = absl::StrJoin(words, " ");
    while (!kept.empty() && (kept.back() == ',' || kept.back() == ' ')) kept.pop_back();
    return kept;
  }
  if (words.size() >= 2) {
    for (absl::string_view form : kPrefixLegalForms) {
      if (SameTokens(words[0], form)) {
        return absl::StrJoin(words.begin() + 1, words.end(), " ");
      }
    }
  }
  if (name.find(',') != absl::string_view::npos) return std::string();  // an individual
  if (random->Chance(1, 5)) {
    const auto& forms = kPrefixLegalForms;
    return absl::StrCat(forms[random->Below(std::size(forms))], " ", name);
  }
  const auto& forms = kSuffixLegalForms;
  return absl::StrCat(name, " ", forms[random->Below(std::size(forms))]);
}

std::string AddTypo(absl::string_view name, EvalRandom* random) {
  std::vector<std::string> words = Words(name);
  std::vector<size_t> eligible;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word.size() >= kMinTypoTokenLength &&
        std::all_of(word.begin(), word.end(), absl::ascii_isalpha)) {
      eligible.push_back(i);
    }
  }
  if (eligible.empty()) return std::string();
  std::string& word = words[eligible[random->Below(eligible.size())]];
  const bool upper = absl::ascii_isupper(word.back());
  auto random_letter = [&] {
    const char letter = static_cast<char>('a' + random->Below(26));
    return upper ? absl::ascii_toupper(letter) : letter;
  };
  const size_t at = random->Below(word.size());
  switch (random->Below(4)) {
    case 0: {  // substitution
      char replacement = random_letter();
      while (absl::ascii_tolower(replacement) == absl::ascii_tolower(word[at])) {
        replacement = random_letter();
      }
      word[at] = replacement;
      break;
    }
    case 1:  // deletion
      word.erase(at, 1);
      break;
    case 2:  // insertion
      word.insert(word.begin() + static_cast<ptrdiff_t>(at), random_letter());
      break;
    default: {  // transposition of two different neighbours
      const size_t left = std::min(at, word.size() - 2);
      if (word[left] == word[left + 1]) return std::string();
      std::swap(word[left], word[left + 1]);
    }
  }
  return absl::StrJoin(words, " ");
}

std::string TransliterateForTrader(absl::string_view name, bool icao) {
  const std::string_view text(name.data(), name.size());
  std::string out;
  size_t pos = 0;
  bool word_start = true;
  while (pos < text.size()) {
    const char32_t code_point = DecodeUtf8(text, &pos);
    char32_t lower = code_point;
    if (code_point >= 0x0410 && code_point <= 0x042F) lower = code_point + 0x20;
    std::string latin;
    if (lower >= 0x0430 && lower <= 0x044F) {
      latin = std::string(icao ? kIcaoScheme[lower - 0x0430] : kGermanScheme[lower - 0x0430]);
    } else if (lower == 0x0451 || lower == 0x0401) {
      latin = icao ? "e" : "jo";
    } else {
      AppendUtf8(code_point, &out);
      word_start = code_point == ' ' || code_point == '-';
      continue;
    }
    if (word_start && !latin.empty()) latin[0] = absl::ascii_toupper(latin[0]);
    word_start = false;
    out += latin;
  }
  return out;
}

bool LooksRussian(absl::string_view name) {
  for (const std::string& word : Words(absl::AsciiStrToUpper(name))) {
    for (absl::string_view ending : kRussianEndings) {
      if (word.size() > ending.size() + 2 && absl::EndsWith(word, ending)) return true;
    }
  }
  return false;
}

std::string RussianSpellingVariant(absl::string_view name, EvalRandom* random) {
  if (!LooksRussian(name)) return std::string();
  std::vector<std::string> words = Words(name);
  struct Candidate {
    size_t word;
    size_t at;
    const SpellingSwap* swap;
  };
  std::vector<Candidate> candidates;
  for (size_t w = 0; w < words.size(); ++w) {
    const std::string upper = absl::AsciiStrToUpper(words[w]);
    for (const SpellingSwap& swap : kRussianSpellingSwaps) {
      if (swap.at_end_only) {
        if (upper.size() > swap.from.size() + 2 && absl::EndsWith(upper, swap.from)) {
          candidates.push_back({w, upper.size() - swap.from.size(), &swap});
        }
      } else if (const size_t at = absl::string_view(upper).find(swap.from); at != std::string::npos) {
        candidates.push_back({w, at, &swap});
      }
    }
  }
  if (candidates.empty()) return std::string();
  const Candidate& chosen = candidates[random->Below(candidates.size())];
  std::string& word = words[chosen.word];
  const bool lower = absl::ascii_islower(word[chosen.at]);
  const std::string to =
      lower ? absl::AsciiStrToLower(chosen.swap->to) : std::string(chosen.swap->to);
  word.replace(chosen.at, chosen.swap->from.size(), to);
  return absl::StrJoin(words, " ");
}

// Sorted phonetic keys of the words other than articles and particles: equal for names
// with the same words in any order, "Urdaneta and" and "Urdaneta" alike.
std::string KeySignature(absl::string_view name) {
  std::vector<std::string> keys;
  for (const NameToken& token : NormalizeName(std::string_view(name.data(), name.size())).tokens) {
    if (!IsFunctionWord(token.text)) keys.push_back(token.key);
  }
  std::sort(keys.begin(), keys.end());
  return absl::StrJoin(keys, " ");
}

class EvalSetBuilder {
 public:
  EvalSetBuilder(const std::vector<v1::ListedParty>& parties, const EvalSetOptions& options)
      : parties_(parties), options_(options), random_(options.seed) {
    for (const v1::ListedParty& party : parties_) {
      bool cyrillic = false;
      bool russian = false;
      for (const std::string& name : party.names()) {
        listed_signatures_.insert(KeySignature(name));
        cyrillic = cyrillic || HasCyrillic(name);
        russian = russian || (IsLatinName(name) && LooksRussian(name));
      }
      if (cyrillic) with_cyrillic_name_.push_back(&party);
      if (russian) with_russian_name_.push_back(&party);
      if (party.names_size() >= 2) with_alias_.push_back(&party);
    }
  }

  std::vector<EvalQuery> Build() {
    for (size_t i = 0; i < options_.positives; ++i) {
      AddPositive(kPositiveVariations[i % kPositiveVariations.size()]);
    }
    for (size_t i = 0; i < options_.negatives; ++i) AddNegative();
    return std::move(queries_);
  }

 private:
  const v1::ListedParty& RandomParty() { return parties_[random_.Below(parties_.size())]; }

  // A random party the variation can apply to; nullptr if there is none.
  const v1::ListedParty* RandomPartyFor(absl::string_view variation) {
    const std::vector<const v1::ListedParty*>* pool = nullptr;
    if (variation == "cyrillic") pool = &with_cyrillic_name_;
    if (variation == "russian-spelling") pool = &with_russian_name_;
    if (variation == "alias") pool = &with_alias_;
    if (pool == nullptr) return &RandomParty();
    return pool->empty() ? nullptr : (*pool)[random_.Below(pool->size())];
  }

  // A randomly chosen Latin-script name of the party, or "" if it has none.
  std::string RandomLatinName(const v1::ListedParty& party, bool primary_only) {
    std::vector<const std::string*> latin;
    for (int i = 0; i < party.names_size(); ++i) {
      if (primary_only && i > 0) break;
      if (IsLatinName(party.names(i))) latin.push_back(&party.names(i));
    }
    return latin.empty() ? std::string() : *latin[random_.Below(latin.size())];
  }

  bool Add(EvalQuery query) {
    if (query.declared_name.empty() || !seen_.insert(query.declared_name).second) return false;
    queries_.push_back(std::move(query));
    return true;
  }

  // The variation of `listed` (a name of `party`), or "" when it does not apply.
  std::string Vary(absl::string_view variation, const v1::ListedParty& party,
                   std::string* listed) {
    if (variation == "cyrillic") {
      for (const std::string& name : party.names()) {
        if (HasCyrillic(name)) {
          *listed = name;
          return TraderCase(TransliterateForTrader(name, random_.Chance(1, 2)), &random_);
        }
      }
      return std::string();
    }
    if (variation == "alias") {
      if (party.names_size() < 2) return std::string();
      const std::string& alias = party.names(1 + random_.Below(party.names_size() - 1));
      if (!IsLatinName(alias)) return std::string();
      *listed = alias;
      return TraderCase(alias, &random_);
    }
    *listed = RandomLatinName(party, /*primary_only=*/false);
    if (listed->empty()) return std::string();
    if (variation == "combined") {
      const size_t first = random_.Below(kCombinableVariations.size());
      const size_t second =
          (first + 1 + random_.Below(kCombinableVariations.size() - 1)) %
          kCombinableVariations.size();
      std::string varied = *listed;
      for (size_t which : {std::min(first, second), std::max(first, second)}) {
        varied = VaryOnce(kCombinableVariations[which], varied);
        if (varied.empty()) return varied;
      }
      return TraderCase(varied, &random_);
    }
    if (variation == "case") {
      switch (random_.Below(3)) {
        case 0:
          return absl::AsciiStrToUpper(*listed);
        case 1:
          return absl::AsciiStrToLower(*listed);
        default:
          return TitleCase(*listed);
      }
    }
    const std::string varied = VaryOnce(variation, *listed);
    if (varied.empty()) return varied;
    // The accents variation keeps the case so that the accent is what differs.
    return variation == "accents" ? varied : TraderCase(varied, &random_);
  }

  // One of the variations that change the spelling of a name; "" when it does not apply.
  std::string VaryOnce(absl::string_view variation, const std::string& name) {
    if (variation == "accents") {
      return HasNonAscii(name) ? DropAccents(name) : AddAccents(name, &random_);
    }
    if (variation == "word-order") return ChangeWordOrder(name, &random_);
    if (variation == "legal-form") return ChangeLegalForm(name, &random_);
    if (variation == "typo") return AddTypo(name, &random_);
    if (variation == "russian-spelling") return RussianSpellingVariant(name, &random_);
    return std::string();
  }

  void AddPositive(absl::string_view variation) {
    for (size_t attempt = 0; attempt < kMaxAttemptsPerQuery; ++attempt) {
      const v1::ListedParty* party = RandomPartyFor(variation);
      if (party == nullptr) return;
      std::string listed;
      std::string declared = Vary(variation, *party, &listed);
      if (declared.empty() || declared == listed) continue;
      if (Add({std::move(declared), party->party_id(), std::string(variation), listed})) return;
    }
  }

  void AddNegative() {
    for (size_t attempt = 0; attempt < kMaxAttemptsPerQuery; ++attempt) {
      const v1::ListedParty& party = RandomParty();
      const std::string listed = RandomLatinName(party, /*primary_only=*/false);
      if (listed.empty()) continue;
      const NormalizedName normalized = NormalizeName(listed);
      if (normalized.tokens.size() < 2) continue;
      size_t target = 0;
      for (size_t i = 1; i < normalized.tokens.size(); ++i) {
        if (normalized.tokens[i].weight > normalized.tokens[target].weight) target = i;
      }
      const NameToken* donor = DonorToken(party, normalized, normalized.tokens[target]);
      if (donor == nullptr) continue;
      std::vector<std::string> words;
      for (size_t i = 0; i < normalized.tokens.size(); ++i) {
        words.push_back(i == target ? donor->text : normalized.tokens[i].text);
      }
      std::string declared = absl::StrJoin(words, " ");
      if (random_.Chance(1, 3)) {
        absl::StrAppend(&declared, " ",
                        kSuffixLegalForms[random_.Below(std::size(kSuffixLegalForms))]);
      }
      declared = TraderCase(random_.Chance(1, 2) ? absl::AsciiStrToUpper(declared) : declared,
                            &random_);
      if (listed_signatures_.contains(KeySignature(declared))) continue;
      if (Add({std::move(declared), "", "swapped-word", listed})) return;
    }
  }

  // The most distinctive word of another party's name that differs from `replaced` and is
  // not already in the name; nullptr when none was found in a few tries. Points into
  // donor_name_, valid until the next call.
  const NameToken* DonorToken(const v1::ListedParty& party, const NormalizedName& name,
                              const NameToken& replaced) {
    constexpr size_t kDonorAttempts = 20;
    for (size_t attempt = 0; attempt < kDonorAttempts; ++attempt) {
      const v1::ListedParty& donor_party = RandomParty();
      if (donor_party.party_id() == party.party_id()) continue;
      const std::string donor_listed = RandomLatinName(donor_party, /*primary_only=*/false);
      if (donor_listed.empty()) continue;
      donor_name_ = NormalizeName(donor_listed);
      const NameToken* best = nullptr;
      for (const NameToken& token : donor_name_.tokens) {
        if (token.text.size() < 4) continue;
        if (TokenSimilarity(token.text, token.key, replaced.text, replaced.key) > 0) continue;
        const bool in_name = std::any_of(name.tokens.begin(), name.tokens.end(),
                                         [&](const NameToken& t) { return t.key == token.key; });
        if (in_name) continue;
        if (best == nullptr || token.weight > best->weight) best = &token;
      }
      if (best != nullptr) return best;
    }
    return nullptr;
  }

  const std::vector<v1::ListedParty>& parties_;
  EvalSetOptions options_;
  EvalRandom random_;
  absl::flat_hash_set<std::string> listed_signatures_;
  absl::flat_hash_set<std::string> seen_;
  std::vector<EvalQuery> queries_;
  NormalizedName donor_name_;
  std::vector<const v1::ListedParty*> with_cyrillic_name_;
  std::vector<const v1::ListedParty*> with_russian_name_;
  std::vector<const v1::ListedParty*> with_alias_;
};

}  // namespace

uint64_t EvalRandom::Next() {
  state_ += 0x9E3779B97F4A7C15ULL;
  uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

size_t EvalRandom::Below(size_t bound) { return static_cast<size_t>(Next() % bound); }

bool EvalRandom::Chance(size_t numerator, size_t denominator) {
  return Below(denominator) < numerator;
}

std::vector<EvalQuery> BuildEvalSet(const std::vector<v1::ListedParty>& parties,
                                    const EvalSetOptions& options) {
  if (parties.empty()) return {};
  return EvalSetBuilder(parties, options).Build();
}

}  // namespace gatekeeper::screening
