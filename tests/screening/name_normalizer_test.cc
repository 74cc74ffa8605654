// Normalization of names into comparable tokens: accents, case, punctuation, hyphens,
// apostrophes, dotted abbreviations, other scripts, and the bounds on hostile input.
#include "services/screening/name_normalizer.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/screening/identifier.h"

namespace gatekeeper {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(NameNormalizerTest, FoldsCaseToLowerAscii) {
  EXPECT_THAT(NormalizeNameTokens("BANK MELLI Iran"), ElementsAre("bank", "melli", "iran"));
  EXPECT_EQ(NormalizeNameTokens("bank melli iran"), NormalizeNameTokens("BANK MELLI IRAN"));
}

TEST(NameNormalizerTest, DropsAccentsOfEveryLatinAlphabet) {
  EXPECT_THAT(NormalizeNameTokens("Société Générale"), ElementsAre("societe", "generale"));
  EXPECT_THAT(NormalizeNameTokens("Müller Straße"), ElementsAre("muller", "strasse"));
  EXPECT_THAT(NormalizeNameTokens("Łódź Çelik Ağır Şirketi"),
              ElementsAre("lodz", "celik", "agir", "sirketi"));
  EXPECT_THAT(NormalizeNameTokens("NGUYỄN Văn Đức"), ElementsAre("nguyen", "van", "duc"));
  // Accents written as combining marks after the letter fold the same way.
  EXPECT_THAT(NormalizeNameTokens("Jose\xCC\x81"), ElementsAre("jose"));
}

TEST(NameNormalizerTest, PunctuationAndHyphensSeparateWords) {
  EXPECT_THAT(NormalizeNameTokens("HUSSEIN, Mazen Ali"), ElementsAre("hussein", "mazen", "ali"));
  EXPECT_THAT(NormalizeNameTokens("AL-NUSRAH FRONT"), ElementsAre("al", "nusrah", "front"));
  EXPECT_THAT(NormalizeNameTokens("Kim Jong-Un"), ElementsAre("kim", "jong", "un"));
  // En dash, slash, parentheses, quotes of several kinds.
  EXPECT_THAT(NormalizeNameTokens("Alpha\u2013Omega / (Beta) \u00ABGamma\u00BB \"Delta\""),
              ElementsAre("alpha", "omega", "beta", "gamma", "delta"));
  EXPECT_THAT(NormalizeNameTokens("  ,,  Acme   &  Sons ;; "), ElementsAre("acme", "sons"));
}

TEST(NameNormalizerTest, ApostrophesDoNotSplitWords) {
  EXPECT_THAT(NormalizeNameTokens("AL-QA'IDA"), ElementsAre("al", "qaida"));
  EXPECT_EQ(NormalizeNameTokens("Sa\u02BFid"), NormalizeNameTokens("Said"));
  EXPECT_EQ(NormalizeNameTokens("O\u2019Neil"), NormalizeNameTokens("ONeil"));
}

TEST(NameNormalizerTest, DottedAbbreviationsAreOneWord) {
  EXPECT_THAT(NormalizeNameTokens("Société Générale, S.A."),
              ElementsAre("societe", "generale", "sa"));
  EXPECT_THAT(NormalizeNameTokens("Acme L.L.C."), ElementsAre("acme", "llc"));
  EXPECT_EQ(NormalizeNameTokens("Acme L.L.C."), NormalizeNameTokens("Acme LLC"));
  // Letters separated by spaces stay apart: they are initials.
  EXPECT_THAT(NormalizeNameTokens("J. P. Morgan"), ElementsAre("j", "p", "morgan"));
}

TEST(NameNormalizerTest, TransliteratesCyrillicInsideNames) {
  EXPECT_THAT(NormalizeNameTokens("ООО «Ромашка»"), ElementsAre("ooo", "romashka"));
}

TEST(NameNormalizerTest, KeepsOtherScriptsAndDigits) {
  EXPECT_THAT(NormalizeNameTokens("Vessel 7 \u0639\u0644\u064A"),
              ElementsAre("vessel", "7", "\u0639\u0644\u064A"));
  // Fullwidth Latin letters, as typed on East Asian keyboards, are ordinary letters.
  EXPECT_THAT(NormalizeNameTokens("\uFF21\uFF23\uFF2D\uFF25"), ElementsAre("acme"));
}

TEST(NameNormalizerTest, NothingToMatchGivesNoTokens) {
  EXPECT_THAT(NormalizeNameTokens(""), IsEmpty());
  EXPECT_THAT(NormalizeNameTokens(" -.,;:!?()[] "), IsEmpty());
}

TEST(NameNormalizerTest, MalformedUtf8SeparatesTokensWithoutFailing) {
  const std::string name = std::string("Acme") + '\xFF' + "Trading" + '\xC3';
  const std::vector<std::string> tokens = NormalizeNameTokens(name);
  EXPECT_THAT(tokens, ElementsAre("acme", "trading"));
}

TEST(NameNormalizerTest, HostileInputIsBounded) {
  std::string many_words;
  for (int i = 0; i < 500; ++i) many_words += "w ";
  EXPECT_THAT(NormalizeNameTokens(many_words), SizeIs(kMaxNameTokens));
  const std::string long_word(100000, 'a');
  const std::vector<std::string> tokens = NormalizeNameTokens(long_word);
  ASSERT_THAT(tokens, SizeIs(1));
  EXPECT_EQ(tokens[0].size(), kMaxNameBytes);
}

TEST(IdentifierTest, NormalizesSpacingDashesAndCase) {
  EXPECT_EQ(NormalizeIdentifier("IMO 9187629"), "IMO9187629");
  EXPECT_EQ(NormalizeIdentifier("imo-9187629"), "IMO9187629");
  EXPECT_EQ(NormalizeIdentifier("OB 024.3318"), "OB0243318");
}

}  // namespace
}  // namespace gatekeeper
