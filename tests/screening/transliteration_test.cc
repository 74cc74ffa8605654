// Cyrillic-to-Latin transliteration of Russian (and neighbouring) names, and the phonetic key
// that makes the usual Latin spellings of one Russian name compare equal.
#include "services/screening/transliteration.h"

#include <string>

#include "gtest/gtest.h"
#include "services/screening/name_normalizer.h"
#include "services/screening/normalized_name.h"
#include "services/screening/phonetic_key.h"

namespace gatekeeper {
namespace {

TEST(TransliterationTest, RussianNames) {
  EXPECT_EQ(TransliterateCyrillic("Сергей"), "sergey");
  EXPECT_EQ(TransliterateCyrillic("Хаматович"), "khamatovich");
  EXPECT_EQ(TransliterateCyrillic("Щукин Жуков Цой Чехов Юрий Яковлев"),
            "shchukin zhukov tsoy chekhov yuriy yakovlev");
  EXPECT_EQ(TransliterateCyrillic("Умаров Доку"), "umarov doku");
}

TEST(TransliterationTest, UpperAndLowerCaseGiveTheSameLatin) {
  EXPECT_EQ(TransliterateCyrillic("РОСТЕХ"), TransliterateCyrillic("ростех"));
  EXPECT_EQ(TransliterateCyrillic("РОСТЕХ"), "rostekh");
}

TEST(TransliterationTest, SignsAreDroppedAndYoIsE) {
  EXPECT_EQ(TransliterateCyrillic("Объединённая"), "obedinennaya");
  EXPECT_EQ(TransliterateCyrillic("Ильич"), "ilich");
}

TEST(TransliterationTest, UkrainianAndCentralAsianLetters) {
  EXPECT_EQ(TransliterateCyrillic("Київ"), "kiyiv");
  EXPECT_EQ(TransliterateCyrillic("Ґрінченко"), "grinchenko");
  EXPECT_EQ(TransliterateCyrillic("Қазақ"), "kazak");
}

TEST(TransliterationTest, KeepsLatinAndOtherCharacters) {
  EXPECT_EQ(TransliterateCyrillic("Bank \"Россия\" 2"), "Bank \"rossiya\" 2");
}

TEST(TransliterationTest, CyrillicAndLatinSpellingsNormalizeAlike) {
  EXPECT_EQ(NormalizeNameTokens("Сергей Иванов"), NormalizeNameTokens("Sergey Ivanov"));
}

// The spellings a trader may type for a name the list transliterates otherwise reach the
// same phonetic key.
TEST(PhoneticKeyTest, UsualLatinSpellingsOfOneRussianNameAreEqual) {
  EXPECT_EQ(PhoneticKey("sergei"), PhoneticKey("sergey"));
  EXPECT_EQ(PhoneticKey("khamatovich"), PhoneticKey("hamatovich"));
  EXPECT_EQ(PhoneticKey("aleksandr"), PhoneticKey("alexandr"));
  EXPECT_EQ(PhoneticKey("dmitriy"), PhoneticKey("dmitrii"));
  EXPECT_EQ(PhoneticKey("yevgeny"), PhoneticKey("evgeniy"));
  EXPECT_EQ(PhoneticKey("zhukov"), PhoneticKey("jukov"));
  EXPECT_EQ(PhoneticKey("shchukin"), PhoneticKey("schukin"));
  EXPECT_EQ(PhoneticKey("mariya"), PhoneticKey("maria"));
}

TEST(PhoneticKeyTest, DistinctNamesStayDistinct) {
  EXPECT_NE(PhoneticKey("ivan"), PhoneticKey("iran"));
  EXPECT_NE(PhoneticKey("petrov"), PhoneticKey("popov"));
}

TEST(PhoneticKeyTest, OtherScriptsAreUnchanged) {
  EXPECT_EQ(PhoneticKey("\u0639\u0644\u064A"), "\u0639\u0644\u064A");
}

TEST(TransliterationTest, CyrillicNameMatchesItsLatinSpellingFully) {
  const NormalizedName cyrillic = NormalizeName("Евгений Пригожин");
  const NormalizedName latin = NormalizeName("Yevgeniy Prigozhin");
  ASSERT_EQ(cyrillic.tokens.size(), 2u);
  ASSERT_EQ(latin.tokens.size(), 2u);
  EXPECT_EQ(cyrillic.tokens[0].key, latin.tokens[0].key);
  EXPECT_EQ(cyrillic.tokens[1].key, latin.tokens[1].key);
}

}  // namespace
}  // namespace gatekeeper
