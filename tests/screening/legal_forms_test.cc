// Removal of legal forms in the languages of the lists: whole tokens only, multi-word forms,
// the longest form where several overlap, typos in long form words, never down to nothing.
#include "services/screening/legal_forms.h"

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/screening/name_normalizer.h"

namespace gatekeeper {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> WithoutForms(std::string_view name) {
  return RemoveLegalForms(NormalizeNameTokens(name));
}

TEST(LegalFormsTest, EnglishForms) {
  EXPECT_THAT(WithoutForms("Acme LLC"), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Acme Ltd."), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Shenzhen Optics Co., Ltd."), ElementsAre("shenzhen", "optics"));
  EXPECT_THAT(WithoutForms("Acme Limited Liability Company"), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Acme Inc"), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Acme PLC"), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Open Joint Stock Company Acme"), ElementsAre("acme"));
}

TEST(LegalFormsTest, RussianFormsInLatinAndCyrillic) {
  EXPECT_THAT(WithoutForms("OOO Romashka"), ElementsAre("romashka"));
  EXPECT_THAT(WithoutForms("ZAO Romashka"), ElementsAre("romashka"));
  EXPECT_THAT(WithoutForms("AO Romashka"), ElementsAre("romashka"));
  EXPECT_THAT(WithoutForms("PAO Romashka"), ElementsAre("romashka"));
  EXPECT_THAT(WithoutForms("ООО «Ромашка»"), ElementsAre("romashka"));
  EXPECT_THAT(WithoutForms("АО Ромашка"), ElementsAre("romashka"));
  EXPECT_THAT(WithoutForms("Obshchestvo s Ogranichennoy Otvetstvennostyu Romashka"),
              ElementsAre("romashka"));
  EXPECT_THAT(WithoutForms("Aktsionernoe Obshchestvo Romashka"), ElementsAre("romashka"));
}

TEST(LegalFormsTest, EuropeanForms) {
  EXPECT_THAT(WithoutForms("Siemens GmbH"), ElementsAre("siemens"));
  EXPECT_THAT(WithoutForms("Muster GmbH & Co. KG"), ElementsAre("muster"));
  EXPECT_THAT(WithoutForms("Société Générale S.A."), ElementsAre("societe", "generale"));
  EXPECT_THAT(WithoutForms("Grupo Acme, S.A. de C.V."), ElementsAre("grupo", "acme"));
  EXPECT_THAT(WithoutForms("Acme SARL"), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Acme B.V."), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Acme S.p.A."), ElementsAre("acme"));
}

TEST(LegalFormsTest, GulfAndAsianForms) {
  EXPECT_THAT(WithoutForms("Acme FZE"), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Acme FZCO"), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Acme DMCC"), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("PT Acme Tbk"), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Acme Sdn. Bhd."), ElementsAre("acme"));
}

TEST(LegalFormsTest, OnlyWholeTokensAreForms) {
  // "co" in "Coral" and "sa" in "Saab" are parts of names, not forms.
  EXPECT_THAT(WithoutForms("Coral Saab"), ElementsAre("coral", "saab"));
  EXPECT_THAT(WithoutForms("Zaofeng Oooland"), ElementsAre("zaofeng", "oooland"));
}

TEST(LegalFormsTest, LongFormWordsTolerateOneTypo) {
  EXPECT_THAT(WithoutForms("Acme Limted"), ElementsAre("acme"));
  EXPECT_THAT(WithoutForms("Acme Compnay"), ElementsAre("acme"));
  // Short forms must be exact (by phonetic key): one letter off makes another word.
  EXPECT_THAT(WithoutForms("Acme Gmbx"), ElementsAre("acme", "gmbx"));
  EXPECT_THAT(WithoutForms("Acme Oao Ooh"), ElementsAre("acme", "ooh"));
}

TEST(LegalFormsTest, NeverReducesANameToNothing) {
  EXPECT_THAT(WithoutForms("Limited"), ElementsAre("limited"));
  EXPECT_THAT(WithoutForms("Co. Ltd."), ElementsAre("co", "ltd"));
}

TEST(LegalFormsTest, KeepsOrderOfTheRemainingWords) {
  EXPECT_THAT(WithoutForms("OOO Torgovy Dom Romashka LLC"),
              ElementsAre("torgovy", "dom", "romashka"));
}

}  // namespace
}  // namespace gatekeeper
