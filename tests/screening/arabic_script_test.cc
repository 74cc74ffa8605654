// Names in Arabic script screened against the lists' Latin names (issue 21): consonant
// skeletons on both sides, the article and "abd al-" as words; other names stay apart.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/screening/arabic_skeleton.h"
#include "services/screening/name_normalizer.h"
#include "services/screening/party_screener.h"
#include "services/screening/screening_index.h"

namespace gatekeeper {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::vector<std::string> Latin(const std::string& name) {
  return LatinSkeletonWords(NormalizeNameTokens(name));
}

TEST(ArabicSkeletonTest, ArabicAndLatinSpellingsShareTheSkeleton) {
  EXPECT_THAT(ArabicSkeletonWords("صدام حسين التكريتي"), ElementsAre("sdm", "hsn", "tkrt"));
  EXPECT_THAT(Latin("SADDAM HUSSEIN AL-TIKRITI"), ElementsAre("sdm", "hsn", "tkrt"));
  EXPECT_THAT(ArabicSkeletonWords("محمد"), ElementsAre("mhmd"));
  EXPECT_THAT(Latin("Mohammed Muhammad Mohamad"), ElementsAre("mhmd", "mhmd", "mhmd"));
  // "Abdullah" is عبد الله; "Abdul Rahman" and "Abdelrahman" are عبد الرحمن.
  EXPECT_THAT(ArabicSkeletonWords("عبد الله"), ElementsAre("bd", "lh"));
  EXPECT_THAT(Latin("Abdullah"), ElementsAre("bd", "lh"));
  EXPECT_THAT(ArabicSkeletonWords("عبد الرحمن"), ElementsAre("bd", "rhmn"));
  EXPECT_THAT(ArabicSkeletonWords("عبدالرحمن"), ElementsAre("bd", "rhmn"));
  EXPECT_THAT(Latin("Abdelrahman"), ElementsAre("bd", "rhmn"));
  // Cyrillic is transliterated first (name_normalizer.h); other scripts have no skeleton.
  EXPECT_THAT(Latin("Шамиль"), ElementsAre("sml"));
  EXPECT_THAT(Latin("毛泽东"), IsEmpty());
  EXPECT_TRUE(HasArabicLetters("Saddam صدام"));
  EXPECT_FALSE(HasArabicLetters("Saddam Hussein"));
}

TEST(ArabicSkeletonTest, ScoresTheWholeName) {
  EXPECT_EQ(
      ScoreSkeletons(ArabicSkeletonWords("صدام حسين التكريتي"), Latin("SADDAM HUSSEIN AL-TIKRITI")),
      kSkeletonSimilarity);
  // One word of three in common is far below any threshold.
  EXPECT_LT(ScoreSkeletons(ArabicSkeletonWords("صدام حسين التكريتي"), Latin("SADDAM KHALIL")), 0.6);
  EXPECT_EQ(ScoreSkeletons({}, Latin("SADDAM")), 0.0);
}

TEST(ArabicScriptScreeningTest, AnArabicNameFindsItsLatinEntryOnly) {
  ScreeningIndex index;
  v1::ListedParty listed;
  listed.set_party_id("OFAC-7891");
  listed.add_names("KAZIM, Rashid Taan");
  index.Put(listed);
  v1::ListedParty other;
  other.set_party_id("OFAC-1");
  other.add_names("KAZIM, Hamid Jabbar");
  index.Put(other);
  const std::vector<ScreeningHit> hits =
      index.Screen("رشيد طعان كاظم", "", kDefaultScreeningThreshold);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].party_id, "OFAC-7891");
  EXPECT_EQ(hits[0].listed_name, "KAZIM, Rashid Taan");
  EXPECT_EQ(hits[0].declared_name, "رشيد طعان كاظم");
  EXPECT_THAT(index.Screen("حامد كاظم", "", kDefaultScreeningThreshold), IsEmpty());
  index.Remove("OFAC-7891");
  EXPECT_THAT(index.Screen("رشيد طعان كاظم", "", kDefaultScreeningThreshold), IsEmpty());
}

}  // namespace
}  // namespace gatekeeper
