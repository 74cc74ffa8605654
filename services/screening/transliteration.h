// Cyrillic-to-Latin transliteration for name matching. Russian names reach a customs
// declaration in Latin letters, spelled by whoever typed them; the UN list publishes some of
// them in the original script as well. Both sides are brought to Latin with one simple,
// deterministic scheme (close to BGN/PCGN without diacritics: "Хаматович" -> "khamatovich",
// "Сергей" -> "sergey"), and the remaining differences between the usual spellings
// (Sergei / Sergey, Aleksandr / Alexander) are absorbed by PhoneticKey (phonetic_key.h),
// not here.
#ifndef GATEKEEPER_SERVICES_SCREENING_TRANSLITERATION_H_
#define GATEKEEPER_SERVICES_SCREENING_TRANSLITERATION_H_

#include <string>
#include <string_view>

namespace gatekeeper {

// If `code_point` is a Cyrillic letter (Russian, Ukrainian, Belarusian, Serbian,
// Macedonian, Kazakh; either case), appends its lower-case Latin transliteration to *out and
// returns true. The hard and soft signs append nothing but still return true: they are part
// of the word. Returns false for anything else.
bool TransliterateCyrillicLetter(char32_t code_point, std::string* out);

// Transliterates every Cyrillic letter of a UTF-8 string and keeps every other character as
// it is; for reports and tools ("Умаров Доку" -> "umarov doku").
std::string TransliterateCyrillic(std::string_view utf8_text);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_TRANSLITERATION_H_
