// Name scoring: what survives (case, accents, punctuation, word order, legal forms,
// transliteration variants, one typo) and what does not (different names that share words).
#include <string>

#include "gtest/gtest.h"
#include "services/screening/name_similarity.h"
#include "services/screening/normalized_name.h"
#include "services/screening/party_screener.h"
#include "services/screening/token_similarity.h"

namespace gatekeeper {
namespace {

constexpr double kThreshold = kDefaultScreeningThreshold;

TEST(NameScoringTest, IdenticalNamesScoreOne) {
  EXPECT_EQ(NameSimilarity("Bank Melli Iran", "Bank Melli Iran"), 1.0);
}

TEST(NameScoringTest, CaseAccentsAndPunctuationDoNotMatter) {
  EXPECT_EQ(NameSimilarity("BANK MELLI IRAN", "Bank Melli Iran"), 1.0);
  EXPECT_EQ(NameSimilarity("Societe Generale", "Société Générale"), 1.0);
  EXPECT_EQ(NameSimilarity("AL QAIDA", "AL-QA'IDA"), 1.0);
}

TEST(NameScoringTest, WordOrderDoesNotMatter) {
  EXPECT_EQ(NameSimilarity("Mazen Ali Hussein", "HUSSEIN, Mazen Ali"), 1.0);
  EXPECT_EQ(NameSimilarity("Iran Melli Bank", "Bank Melli Iran"), 1.0);
}

TEST(NameScoringTest, LegalFormNoiseDoesNotMatter) {
  EXPECT_EQ(NameSimilarity("Romashka LLC", "OOO Romashka"), 1.0);
  EXPECT_EQ(NameSimilarity("Shenzhen Optics", "Shenzhen Optics Co., Ltd."), 1.0);
  EXPECT_EQ(NameSimilarity("Rosoboronexport GmbH", "AO Rosoboronexport"), 1.0);
}

TEST(NameScoringTest, OneLetterTypoStaysAboveTheThresholdButBelowOne) {
  const double substituted =
      NameSimilarity("Islamic Revolutionery Guard Corps", "Islamic Revolutionary Guard Corps");
  EXPECT_GE(substituted, kThreshold);
  EXPECT_LT(substituted, 1.0);
  const double deleted = NameSimilarity("Rosoboronexprt", "Rosoboronexport");
  EXPECT_GE(deleted, kThreshold);
  EXPECT_LT(deleted, 1.0);
  const double swapped = NameSimilarity("Mahan Airilnes", "Mahan Airlines");
  EXPECT_GE(swapped, kThreshold);
  EXPECT_LT(swapped, 1.0);
}

TEST(NameScoringTest, TransliterationVariantsMatch) {
  EXPECT_GE(NameSimilarity("Sergei Ivanov", "Sergey Ivanov"), kThreshold);
  EXPECT_GE(NameSimilarity("Yevgeniy Prigozhin", "Евгений Пригожин"), kThreshold);
  EXPECT_GE(NameSimilarity("Aleksandr Khamatovich", "Alexandr Hamatovich"), kThreshold);
}

TEST(NameScoringTest, WordsWrittenTogetherOrApartMatch) {
  EXPECT_GE(NameSimilarity("Alqaida", "Al Qaida"), kThreshold);
}

TEST(NameScoringTest, NamesSharingOnlyCommonWordsScoreLow) {
  EXPECT_LT(NameSimilarity("Bank of China", "Bank Melli Iran"), 0.3);
  EXPECT_LT(NameSimilarity("Global Shipping", "Global Trading"), 0.6);
  EXPECT_LT(NameSimilarity("Shenzhen Optics Co., Ltd.", "Shenzhen Hongtai Trading Co Ltd"),
            kThreshold);
}

TEST(NameScoringTest, UnrelatedNamesScoreZeroOrNearly) {
  EXPECT_LT(NameSimilarity("Veldhoven Photonics BV", "Islamic Revolutionary Guard Corps"), 0.1);
  EXPECT_EQ(NameSimilarity("Acme", "Zenith"), 0.0);
}

TEST(NameScoringTest, OneLetterInAShortWordMakesAnotherName) {
  EXPECT_LT(NameSimilarity("Iraq", "Iran"), kThreshold);
  EXPECT_LT(NameSimilarity("Ivan Petrov", "Iran Petrov"), kThreshold);
}

TEST(NameScoringTest, MissingOrExtraWordsLowerTheScore) {
  const double full = NameSimilarity("Mazen Ali Hussein", "HUSSEIN, Mazen Ali");
  const double missing = NameSimilarity("Mazen Hussein", "HUSSEIN, Mazen Ali");
  const double extra = NameSimilarity("Mazen Ali Hussein Karimi", "HUSSEIN, Mazen Ali");
  EXPECT_LT(missing, full);
  EXPECT_LT(extra, full);
  EXPECT_GT(missing, 0.5);
}

TEST(NameScoringTest, EmptyNamesScoreZero) {
  EXPECT_EQ(NameSimilarity("", "Bank Melli Iran"), 0.0);
  EXPECT_EQ(NameSimilarity("Bank Melli Iran", "---"), 0.0);
}

TEST(NameScoringTest, ScoreIsSymmetric) {
  EXPECT_EQ(NameSimilarity("Mahan Airilnes", "Mahan Air"),
            NameSimilarity("Mahan Air", "Mahan Airilnes"));
}

TEST(TokenSimilarityTest, EditDistanceCountsTranspositionsAsOne) {
  EXPECT_EQ(BoundedEditDistance("airlines", "airilnes", 2), 1u);
  EXPECT_EQ(BoundedEditDistance("melli", "meli", 2), 1u);
  EXPECT_EQ(BoundedEditDistance("abcdef", "zyxwvu", 2), 3u);  // bound + 1: too far
}

TEST(TokenSimilarityTest, TyposCostLessInLongerWords) {
  const double five = TokenSimilarity("mahan", "mahan", "mahen", "mahen");
  const double ten = TokenSimilarity("revolution", "revolution", "revolutoin", "revolutoin");
  EXPECT_GT(five, 0.85);
  EXPECT_GT(ten, five);
  EXPECT_LT(ten, 1.0);
  EXPECT_EQ(TokenSimilarity("iran", "iran", "iraq", "irak"), 0.0);
}

}  // namespace
}  // namespace gatekeeper
