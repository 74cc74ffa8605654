// Name scoring: what survives (case, accents, punctuation, word order, legal forms,
// transliteration variants, one typo) and what does not (different names that share words).
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "services/screening/name_similarity.h"
#include "services/screening/normalized_name.h"
#include "services/screening/party_screener.h"
#include "services/screening/phonetic_key.h"
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

// The optimal-string-alignment distance by the full table, as the textbook defines it.
size_t ReferenceDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// Pairs of words a few random edits apart, and unrelated pairs, from a fixed seed.
std::vector<std::pair<std::string, std::string>> WordPairs(size_t count) {
  std::mt19937 random(20261202);
  const std::string letters = "abcdehikmoqrsuxyz";
  auto letter = [&] { return letters[random() % letters.size()]; };
  auto word = [&] {
    std::string w(3 + random() % 11, ' ');
    for (char& c : w) c = letter();
    return w;
  };
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t n = 0; n < count; ++n) {
    std::string a = word();
    std::string b = a;
    const size_t edits = random() % 4;
    for (size_t e = 0; e < edits && !b.empty(); ++e) {
      const size_t at = random() % b.size();
      switch (random() % 4) {
        case 0:
          b[at] = letter();
          break;
        case 1:
          b.erase(at, 1);
          break;
        case 2:
          b.insert(b.begin() + at, letter());
          break;
        default:
          if (at + 1 < b.size()) std::swap(b[at], b[at + 1]);
      }
    }
    if (random() % 5 == 0) b = word();
    pairs.emplace_back(std::move(a), std::move(b));
  }
  return pairs;
}

TEST(TokenSimilarityTest, BoundedEditDistanceIsTheDistanceUpToTheBound) {
  for (const auto& [a, b] : WordPairs(20000)) {
    const size_t distance = ReferenceDistance(a, b);
    for (size_t bound = 0; bound <= 3; ++bound) {
      EXPECT_EQ(BoundedEditDistance(a, b, bound), std::min(distance, bound + 1))
          << a << " / " << b << " within " << bound;
    }
  }
}

// The screening index compares words by their signatures (letters and lengths first) and
// finds one-edit pairs by their keys, then compares only two-edit candidates one by one:
// both shortcuts must agree with the plain comparison.
TEST(TokenSimilarityTest, SignaturesChangeNoSimilarity) {
  size_t two_edit_pairs = 0;
  for (const auto& [a, b] : WordPairs(20000)) {
    const std::string key_a = PhoneticKey(a);
    const std::string key_b = PhoneticKey(b);
    const TokenSignature signature_a = SignatureOf(a, key_a);
    const TokenSignature signature_b = SignatureOf(b, key_b);
    const double plain = TokenSimilarity(a, key_a, b, key_b);
    EXPECT_EQ(TokenSimilarity(a, key_a, signature_a, b, key_b, signature_b), plain)
        << a << " / " << b;
    const bool one_edit_or_equal = a == b || key_a == key_b || BoundedEditDistance(a, b, 1) <= 1 ||
                                   BoundedEditDistance(key_a, key_b, 1) <= 1;
    if (plain > 0 && !one_edit_or_equal) {
      ++two_edit_pairs;
      EXPECT_TRUE(WithinTwoEditTypo(a, key_a, signature_a, b, key_b, signature_b))
          << a << " / " << b;
    }
  }
  EXPECT_GT(two_edit_pairs, 100u);
}

}  // namespace
}  // namespace gatekeeper
