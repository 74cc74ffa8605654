#include "services/screening/phonetic_key.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace gatekeeper {
namespace {

// Consonant spellings, applied left to right at each position, longest spelling first, so
// that "shch" is not read as "sh" + "ch". English, German and French conventions for the
// same Cyrillic letters meet here: "kh"/"h" (х), "zh"/"dzh"/"dsch"/"dj"/"j" (ж, дж),
// "ch"/"tsch" (ч), "sh"/"sch"/"shch" (ш, щ), "v"/"w" (в), "ks"/"x"; also "ph"/"f", "ck"/"k",
// "ou"/"u", "q"/"k". Dispatched on the first letter, because every declared word goes
// through this on every screening: trying each spelling at each position cost a tenth of
// screening a name.
void RewriteConsonants(std::string_view token, std::string* out) {
  out->clear();
  size_t pos = 0;
  while (pos < token.size()) {
    const std::string_view rest = token.substr(pos);
    auto rewrite = [&](std::string_view from, std::string_view to) {
      if (!rest.starts_with(from)) return false;
      out->append(to);
      pos += from.size();
      return true;
    };
    bool rewritten = false;
    switch (rest.front()) {
      case 's':
        rewritten = rewrite("shch", "sh") || rewrite("sch", "sh");
        break;
      case 't':
        rewritten = rewrite("tsch", "ch");
        break;
      case 'd':
        rewritten = rewrite("dsch", "j") || rewrite("dzh", "j") || rewrite("dj", "j");
        break;
      case 'z':
        rewritten = rewrite("zh", "j");
        break;
      case 'k':
        rewritten = rewrite("kh", "h");
        break;
      case 'p':
        rewritten = rewrite("ph", "f");
        break;
      case 'c':
        rewritten = rewrite("ck", "k");
        break;
      case 'o':
        rewritten = rewrite("ou", "u");
        break;
      case 'x':
        rewritten = rewrite("x", "ks");
        break;
      case 'q':
        rewritten = rewrite("q", "k");
        break;
      case 'w':
        rewritten = rewrite("w", "v");
        break;
      default:
        break;
    }
    if (!rewritten) {
      out->push_back(rest.front());
      ++pos;
    }
  }
}

// Iotated vowels written with "i" or "y" (я, ю, ё): "Maria" / "Marya" / "Mariya",
// "Iurii" / "Yurii", "Fiodor" / "Fyodor", "Ziad" / "Ziyad": "iya" -> "ya", "iyu" -> "yu",
// "ia" -> "ya", "iu" -> "yu", "io" -> "yo", left to right. Never lengthens, so it works in
// place.
void RewriteIotatedVowels(std::string* key) {
  std::string& text = *key;
  size_t read = 0;
  size_t write = 0;
  while (read < text.size()) {
    if (text[read] == 'i' && read + 1 < text.size()) {
      const char next = text[read + 1];
      if (next == 'y' && read + 2 < text.size() &&
          (text[read + 2] == 'a' || text[read + 2] == 'u')) {
        text[write++] = 'y';
        text[write++] = text[read + 2];
        read += 3;
        continue;
      }
      if (next == 'a' || next == 'u' || next == 'o') {
        text[write++] = 'y';
        text[write++] = next;
        read += 2;
        continue;
      }
    }
    text[write++] = text[read++];
  }
  text.resize(write);
}

// Word-final spellings of the Russian "-ий", "-ый", "-ей", "-ай": Dmitriy / Dmitrii /
// Dmitri, Belyy / Belyi / Bely, Sergey / Sergei, Nikolay / Nikolai.
constexpr std::array<std::string_view, 6> kFinalIEndings = {"iy", "ii", "ij", "yi", "yy", "yj"};

bool IsAsciiLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool IsConsonant(char c) { return c >= 'a' && c <= 'z' && !IsVowel(c); }

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
  std::string diphthongs(token);
  CanonicalizeDiphthongs(&diphthongs);
  std::string key;
  key.reserve(token.size() + 2);
  RewriteConsonants(diphthongs, &key);
  RewriteIotatedVowels(&key);
  CanonicalizeStart(&key);
  CanonicalizeEnd(&key);
  CollapseDoubledLetters(&key);
  return key;
}

}  // namespace gatekeeper
