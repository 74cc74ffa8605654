// The screening index as the engine uses it: hits that explain themselves (which listed name
// matched which declared name, with the score), identifier matches at exactly 1.0, one hit
// per party, the threshold, and updates (replace, remove).
#include "services/screening/screening_index.h"

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/screening/name_similarity.h"
#include "services/screening/party_screener.h"

namespace gatekeeper {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr double kThreshold = kDefaultScreeningThreshold;

v1::ListedParty Party(const std::string& id, std::vector<std::string> names,
                      std::vector<std::string> ids = {}) {
  v1::ListedParty party;
  party.set_party_id(id);
  for (const std::string& name : names) party.add_names(name);
  for (const std::string& identifier : ids) party.add_ids(identifier);
  party.set_source("TEST");
  return party;
}

class ScreeningIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_.Put(Party("OFAC-1", {"BANK MELLI IRAN", "MELLI BANK"}, {"SWIFT/BIC MELIIRTH"}));
    index_.Put(Party("OFAC-2", {"HUSSEIN, Mazen Ali", "AL-HUSSEIN, Mazen"}, {"A1234567"}));
    index_.Put(Party("UN-3", {"ROSOBORONEXPORT OAO", "Рособоронэкспорт"}));
    index_.Put(Party("OFAC-4", {"BANK OF KUNLUN CO. LTD."}));
    index_.Put(Party("UN-5", {"Shenzhen Hongtai Trading Co Ltd"}, {"IMO 9187629"}));
  }

  ScreeningIndex index_;
};

TEST_F(ScreeningIndexTest, NameHitExplainsWhichListedNameMatchedWhichDeclaredName) {
  const std::vector<ScreeningHit> hits = index_.Screen("Mazen Ali Hussein", "", kThreshold);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].party_id, "OFAC-2");
  EXPECT_EQ(hits[0].listed_name, "HUSSEIN, Mazen Ali");
  EXPECT_EQ(hits[0].declared_name, "Mazen Ali Hussein");
  EXPECT_EQ(hits[0].score, 1.0);
  EXPECT_FALSE(hits[0].by_identifier);
}

TEST_F(ScreeningIndexTest, AliasHitNamesTheAlias) {
  const std::vector<ScreeningHit> hits = index_.Screen("Melli Bank", "", kThreshold);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].party_id, "OFAC-1");
  EXPECT_EQ(hits[0].listed_name, "MELLI BANK");
}

TEST_F(ScreeningIndexTest, CyrillicListedNameMatchesLatinDeclaredName) {
  const std::vector<ScreeningHit> hits = index_.Screen("Rosoboronekport LLC", "", kThreshold);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].party_id, "UN-3");
  EXPECT_GE(hits[0].score, kThreshold);
  EXPECT_LT(hits[0].score, 1.0);
}

TEST_F(ScreeningIndexTest, TypoHitScoresBelowOneAndAsNameSimilaritySays) {
  const std::vector<ScreeningHit> hits = index_.Screen("Bank Meli Irna", "", 0.5);
  ASSERT_THAT(hits, Not(IsEmpty()));
  EXPECT_EQ(hits[0].party_id, "OFAC-1");
  EXPECT_EQ(hits[0].score, NameSimilarity("Bank Meli Irna", hits[0].listed_name));
}

// One typo in a five-letter name scores 0.9 on paper; a threshold of 0.90 must take it.
TEST_F(ScreeningIndexTest, ScoreEqualToTheThresholdIsAHit) {
  index_.Put(Party("OFAC-15057", {"HYDRA"}));
  const std::vector<ScreeningHit> hits = index_.Screen("HYRDA", "", 0.90);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].party_id, "OFAC-15057");
  EXPECT_EQ(hits[0].score, 0.90);
}

TEST_F(ScreeningIndexTest, IdentifierMatchScoresExactlyOne) {
  const std::vector<ScreeningHit> hits =
      index_.Screen("Someone Else Entirely", "imo-9187629", kThreshold);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].party_id, "UN-5");
  EXPECT_EQ(hits[0].score, 1.0);
  EXPECT_TRUE(hits[0].by_identifier);
  EXPECT_EQ(hits[0].listed_name, "IMO 9187629");
  EXPECT_EQ(hits[0].declared_name, "imo-9187629");
}

TEST_F(ScreeningIndexTest, PartyIdIsAnIdentifierToo) {
  const std::vector<ScreeningHit> hits = index_.Screen("", "OFAC-2", kThreshold);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].party_id, "OFAC-2");
  EXPECT_EQ(hits[0].score, 1.0);
  EXPECT_TRUE(hits[0].by_identifier);
}

TEST_F(ScreeningIndexTest, IdentifierHitWinsOverANameHitOfTheSameParty) {
  const std::vector<ScreeningHit> hits = index_.Screen("Mazen Hussein", "A1234567", kThreshold);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_TRUE(hits[0].by_identifier);
  EXPECT_EQ(hits[0].score, 1.0);
}

TEST_F(ScreeningIndexTest, ShortIdentifiersMatchNothing) {
  index_.Put(Party("T-6", {"Short Id Party"}, {"12"}));
  EXPECT_THAT(index_.Screen("", "12", kThreshold), IsEmpty());
}

TEST_F(ScreeningIndexTest, NamesSharingOnlyCommonWordsAreNotHits) {
  EXPECT_THAT(index_.Screen("Bank of China", "", kThreshold), IsEmpty());
  EXPECT_THAT(index_.Screen("Shenzhen Optics Co., Ltd.", "", kThreshold), IsEmpty());
  EXPECT_THAT(index_.Screen("Veldhoven Photonics BV", "", kThreshold), IsEmpty());
}

TEST_F(ScreeningIndexTest, EmptyNameAndIdGiveNoHits) {
  EXPECT_THAT(index_.Screen("", "", kThreshold), IsEmpty());
}

TEST_F(ScreeningIndexTest, ThresholdDecidesAndHitsComeBestFirst) {
  // "Bank Melli" matches OFAC-1 partly; at a low threshold it is a hit, at the default not.
  EXPECT_THAT(index_.Screen("Bank Melli Kunlun", "", kThreshold), IsEmpty());
  const std::vector<ScreeningHit> hits = index_.Screen("Bank Melli Kunlun", "", 0.3);
  ASSERT_THAT(hits, SizeIs(2));
  EXPECT_GE(hits[0].score, hits[1].score);
  for (const ScreeningHit& hit : hits) EXPECT_GE(hit.score, 0.3);
}

TEST_F(ScreeningIndexTest, PutReplacesAndRemoveDeletes) {
  EXPECT_EQ(index_.party_count(), 5u);
  index_.Put(Party("OFAC-1", {"Bank Sepah"}));
  EXPECT_EQ(index_.party_count(), 5u);
  EXPECT_THAT(index_.Screen("Bank Melli Iran", "", kThreshold), IsEmpty());
  EXPECT_THAT(index_.Screen("", "MELIIRTH", kThreshold), IsEmpty());
  ASSERT_THAT(index_.Screen("Bank Sepah", "", kThreshold), SizeIs(1));

  index_.Remove("OFAC-1");
  index_.Remove("no-such-party");
  EXPECT_EQ(index_.party_count(), 4u);
  EXPECT_THAT(index_.Screen("Bank Sepah", "", kThreshold), IsEmpty());
  // The other parties are untouched.
  EXPECT_THAT(index_.Screen("Mazen Ali Hussein", "", kThreshold), SizeIs(1));
}

TEST_F(ScreeningIndexTest, MemoryIsCountedAndGrowsWithParties) {
  const size_t before = index_.memory_bytes();
  EXPECT_GT(before, 0u);
  for (int i = 0; i < 100; ++i) {
    index_.Put(Party("X-" + std::to_string(i), {"Distinctive Name Number " + std::to_string(i)}));
  }
  EXPECT_GT(index_.memory_bytes(), before);
}

// Screening remembers the hits of recent declared names; a name screened before a party
// was listed, changed or removed must see the change the next time it is screened.
TEST_F(ScreeningIndexTest, RepeatedNamesSeeEveryChangeOfTheIndex) {
  const std::string declared = "Gulf Bridge Electronics FZE";
  EXPECT_THAT(index_.Screen(declared, "", kThreshold), IsEmpty());
  EXPECT_THAT(index_.Screen(declared, "", kThreshold), IsEmpty());

  index_.Put(Party("OFAC-9", {"GULF BRIDGE ELECTRONICS"}));
  std::vector<ScreeningHit> hits = index_.Screen(declared, "", kThreshold);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].party_id, "OFAC-9");
  EXPECT_EQ(hits[0].declared_name, declared);

  // Replaced by a different name: the old hit must not be served again.
  index_.Put(Party("OFAC-9", {"NORTHERN STAR SHIPPING"}));
  EXPECT_THAT(index_.Screen(declared, "", kThreshold), IsEmpty());

  index_.Put(Party("OFAC-9", {"GULF BRIDGE ELECTRONICS"}));
  ASSERT_THAT(index_.Screen(declared, "", kThreshold), SizeIs(1));
  index_.Remove("OFAC-9");
  EXPECT_THAT(index_.Screen(declared, "", kThreshold), IsEmpty());

  // The same name at another threshold is screened at that threshold.
  index_.Put(Party("OFAC-9", {"GULF BRIDGE ELECTRONICS TRADING"}));
  const std::vector<ScreeningHit> strict = index_.Screen(declared, "", 0.999);
  const std::vector<ScreeningHit> lenient = index_.Screen(declared, "", 0.5);
  EXPECT_THAT(strict, IsEmpty());
  EXPECT_THAT(lenient, SizeIs(1));
}

// Screen runs under a shared lock with per-thread scratch space: readers on several
// threads see the same hits as one reader.
TEST_F(ScreeningIndexTest, ConcurrentReadersSeeTheSameHits) {
  ScreeningIndexOptions uncached;
  uncached.name_cache_entries = 0;
  ScreeningIndex index(uncached);
  index.Put(Party("OFAC-1", {"BANK MELLI IRAN", "MELLI BANK"}));
  index.Put(Party("OFAC-2", {"HUSSEIN, Mazen Ali", "AL-HUSSEIN, Mazen"}));
  index.Put(Party("UN-3", {"ROSOBORONEXPORT OAO", "Рособоронэкспорт"}));
  const std::vector<std::string> declared = {"Bank Meli Iran", "Mazen Ali Husein",
                                             "Rosoboroneksport", "Melli Bank Trading"};
  std::vector<size_t> expected;
  for (const std::string& name : declared) {
    expected.push_back(index.Screen(name, "", kThreshold).size());
  }
  std::vector<std::thread> readers;
  std::vector<size_t> mismatches(4, 0);
  for (size_t t = 0; t < mismatches.size(); ++t) {
    readers.emplace_back([&, t] {
      for (int round = 0; round < 500; ++round) {
        for (size_t i = 0; i < declared.size(); ++i) {
          if (index.Screen(declared[i], "", kThreshold).size() != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& reader : readers) reader.join();
  EXPECT_THAT(expected, ElementsAre(1, 1, 1, 0));  // "Trading" is one word too many
  EXPECT_THAT(mismatches, ElementsAre(0, 0, 0, 0));
}

}  // namespace
}  // namespace gatekeeper
