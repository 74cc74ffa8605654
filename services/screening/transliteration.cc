#include "services/screening/transliteration.h"

#include "services/screening/utf8.h"

namespace gatekeeper {
namespace {

// U+0430..U+044F, а..я: the Russian alphabet without ё.
constexpr std::string_view kRussianLower[32] = {
    "a", "b",  "v",  "g",    "d", "e", "zh", "z",  "i",  "y",  "k", "l", "m", "n", "o", "p",
    "r", "s",  "t",  "u",    "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"};

// U+0450..U+045F, ѐ..џ: ё and the letters of Ukrainian, Belarusian, Serbian and Macedonian.
constexpr std::string_view kExtensionLower[16] = {
    "e",  // ѐ
    "e",  // ё
    "dj",  // ђ
    "gj",  // ѓ
    "ye",  // є
    "dz",  // ѕ
    "i",  // і
    "yi",  // ї
    "j",  // ј
    "lj",  // љ
    "nj",  // њ
    "c",  // ћ
    "kj",  // ќ
    "i",  // ѝ
    "u",  // ў
    "dz",  // џ
};

// Letters outside the two blocks above that appear in names from Central Asia and the
// Caucasus; each listed with its upper-case form.
struct ExtraLetter {
  char32_t upper;
  char32_t lower;
  std::string_view latin;
};
constexpr ExtraLetter kExtraLetters[] = {
    {0x0490, 0x0491, "g"},  // Ґ ґ (Ukrainian)
    {0x0492, 0x0493, "g"},  // Ғ ғ (Kazakh, Uzbek)
    {0x049A, 0x049B, "k"},  // Қ қ
    {0x04A2, 0x04A3, "n"},  // Ң ң
    {0x04AE, 0x04AF, "u"},  // Ү ү
    {0x04B0, 0x04B1, "u"},  // Ұ ұ
    {0x04B2, 0x04B3, "kh"},  // Ҳ ҳ
    {0x04BA, 0x04BB, "h"},  // Һ һ
    {0x04D8, 0x04D9, "a"},  // Ә ә
    {0x04E8, 0x04E9, "o"},  // Ө ө
    {0x04C0, 0x04CF, ""},  // Ӏ ӏ (palochka, a stop sign in Caucasian languages)
};

}  // namespace

bool TransliterateCyrillicLetter(char32_t code_point, std::string* out) {
  if (code_point >= 0x0410 && code_point <= 0x042F) {
    out->append(kRussianLower[code_point - 0x0410]);
    return true;
  }
  if (code_point >= 0x0430 && code_point <= 0x044F) {
    out->append(kRussianLower[code_point - 0x0430]);
    return true;
  }
  if (code_point >= 0x0400 && code_point <= 0x040F) {
    out->append(kExtensionLower[code_point - 0x0400]);
    return true;
  }
  if (code_point >= 0x0450 && code_point <= 0x045F) {
    out->append(kExtensionLower[code_point - 0x0450]);
    return true;
  }
  for (const ExtraLetter& letter : kExtraLetters) {
    if (code_point == letter.upper || code_point == letter.lower) {
      out->append(letter.latin);
      return true;
    }
  }
  return false;
}

std::string TransliterateCyrillic(std::string_view utf8_text) {
  std::string latin;
  latin.reserve(utf8_text.size());
  size_t pos = 0;
  while (pos < utf8_text.size()) {
    const char32_t code_point = DecodeUtf8(utf8_text, &pos);
    if (!TransliterateCyrillicLetter(code_point, &latin)) AppendUtf8(code_point, &latin);
  }
  return latin;
}

}  // namespace gatekeeper
