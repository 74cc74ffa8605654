#include "services/screening/phonetic_key.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace gatekeeper {
namespace {

struct Rewrite {
  std::string_view from;
  std::string_view to;
};

// Consonant spellings, applied left to right at each position, longest spelling first, so
// that "shch" is not read as "sh" + "ch". English, German and French conventions for the
// same Cyrillic letters meet here: "kh"/"h" (х), "zh"/"dzh"/"dsch"/"dj"/"j" (ж, дж),
// "ch"/"tsch" (ч), "sh"/"sch"/"shch" (ш, щ), "v"/"w" (в), "ks"/"x".
constexpr std::array<Rewrite, 14> kConsonantRewrites = {{
    {"shch", "sh"},
    {"tsch", "ch"},
    {"dsch", "j"},
    {"dzh", "j"},
    {"sch", "sh"},
    {"dj", "j"},
    {"zh", "j"},
    {"kh", "h"},
    {"ph", "f"},
    {"ck", "k"},
    {"ou", "u"},
    {"x", "ks"},
    {"q", "k"},
    {"w", "v"},
}};

// Iotated vowels written with "i" or "y" (я, ю, ё): "Maria" / "Marya" / "Mariya",
// "Iurii" / "Yurii", "Fiodor" / "Fyodor", "Ziad" / "Ziyad".
constexpr std::array<Rewrite, 5> kIotatedRewrites = {{
    {"iya", "ya"},
    {"iyu", "yu"},
    {"ia", "ya"},
    {"iu", "yu"},
    {"io", "yo"},
}};

// Word-final spellings of the Russian "-ий", "-ый", "-ей", "-ай": Dmitriy / Dmitrii /
// Dmitri, Belyy / Belyi / Bely, Sergey / Sergei, Nikolay / Nikolai.
constexpr std::array<std::string_view, 6> kFinalIEndings = {"iy", "ii", "ij", "yi", "yy", "yj"};

bool IsAsciiLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool IsConsonant(char c) { return c >= 'a' && c <= 'z' && !IsVowel(c); }

template <size_t N>
std::string ApplyRewrites(std::string_view token, const std::array<Rewrite, N>& rewrites) {
  std::string out;
  out.reserve(token.size() + 2);
  size_t pos = 0;
  while (pos < token.size()) {
    const std::string_view rest = token.substr(pos);
    const Rewrite* applied = nullptr;
    for (const Rewrite& rewrite : rewrites) {
      if (rest.starts_with(rewrite.from)) {
        applied = &rewrite;
        break;
      }
    }
    if (applied != nullptr) {
      out.append(applied->to);
      pos += applied->from.size();
    } else {
      out.push_back(token[pos]);
      ++pos;
    }
  }
  return out;
}

// "y" or "j" between a vowel and a consonant is the second half of a diphthong (й):
// "Ayrat" / "Ajrat" / "Airat", "Husayn" / "Husain", "Ismajlov" / "Ismailov". Runs before the
// consonant rewrites, so a "j" made from "zh" is never touched.
void CanonicalizeDiphthongs(std::string* key) {
  for (size_t i = 1; i + 1 < key->size(); ++i) {
    char& c = (*key)[i];
    if ((c == 'y' || c == 'j') && IsVowel((*key)[i - 1]) && (*key)[i - 1] != 'y' &&
        IsConsonant((*key)[i + 1])) {
      c = 'i';
    }
  }
}

// "ye" -> "e" at the start of a word: Yevgeny / Evgeny, Yeltsin / Eltsin.
void CanonicalizeStart(std::string* key) {
  if (key->size() >= 3 && (*key)[0] == 'y' && (*key)[1] == 'e') key->erase(0, 1);
}

void CanonicalizeEnd(std::string* key) {
  if (key->size() < 4) return;
  for (std::string_view ending : kFinalIEndings) {
    if (std::string_view(*key).ends_with(ending)) {
      key->resize(key->size() - ending.size());
      key->push_back('i');
      return;
    }
  }
  const char last = key->back();
  if (last == 'y' || (last == 'j' && IsVowel((*key)[key->size() - 2]))) key->back() = 'i';
}

void CollapseDoubledLetters(std::string* key) {
  key->erase(std::unique(key->begin(), key->end(),
                         [](char a, char b) { return a == b && a >= 'a' && a <= 'z'; }),
             key->end());
}

}  // namespace

std::string PhoneticKey(std::string_view token) {
  if (token.empty() || !std::all_of(token.begin(), token.end(), IsAsciiLowerOrDigit)) {
    return std::string(token);
  }
  std::string key(token);
  CanonicalizeDiphthongs(&key);
  key = ApplyRewrites(key, kConsonantRewrites);
  key = ApplyRewrites(key, kIotatedRewrites);
  CanonicalizeStart(&key);
  CanonicalizeEnd(&key);
  CollapseDoubledLetters(&key);
  return key;
}

}  // namespace gatekeeper
