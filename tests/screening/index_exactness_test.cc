// The index's retrieval and candidate bound change no result: on the real lists, screening
// through the index gives the same hits (party and score) as scoring the declared name
// against every listed name, for names from the evaluation set (positives and near-miss
// negatives) at the default and at a low threshold.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "services/screening/name_similarity.h"
#include "services/screening/normalized_name.h"
#include "services/screening/party_screener.h"
#include "services/screening/screening_index.h"
#include "tests/screening/list_files.h"
#include "tools/screening/eval_set.h"
#include "tools/screening/ofac_sdn_importer.h"
#include "tools/screening/un_xml_importer.h"

namespace gatekeeper {
namespace {

using ::gatekeeper::testing::ListPath;

// Both real lists, OFAC SDN then UN, as the importers give them.
std::vector<v1::ListedParty> RealLists() {
  auto ofac = screening::ImportOfacSdn(ListPath("ofac-sdn.csv"), ListPath("ofac-alt.csv"));
  auto un = screening::ImportUnConsolidatedXml(ListPath("un-consolidated.xml"),
                                               screening::UnImportOptions());
  EXPECT_TRUE(ofac.ok()) << ofac.status();
  EXPECT_TRUE(un.ok()) << un.status();
  if (!ofac.ok() || !un.ok()) return {};
  std::vector<v1::ListedParty> parties = *ofac;
  parties.insert(parties.end(), un->begin(), un->end());
  return parties;
}

// Party id -> best score of any of its names, scoring every listed name.
std::map<std::string, double> BruteForce(
    const NormalizedName& declared,
    const std::vector<std::pair<std::string, NormalizedName>>& listed, double threshold) {
  std::map<std::string, double> best;
  for (const auto& [party_id, name] : listed) {
    const double score = ScoreNames(declared, name);
    if (score < threshold) continue;
    double& kept = best[party_id];
    if (score > kept) kept = score;
  }
  return best;
}

TEST(IndexExactnessTest, IndexFindsExactlyWhatScoringEveryNameFinds) {
  const std::vector<v1::ListedParty> parties = RealLists();
  ASSERT_FALSE(parties.empty());
  ScreeningIndex index;
  std::vector<std::pair<std::string, NormalizedName>> listed;
  for (const v1::ListedParty& party : parties) {
    index.Put(party);
    for (const std::string& name : party.names()) {
      listed.emplace_back(party.party_id(), NormalizeName(name));
    }
  }
  screening::EvalSetOptions options;
  options.seed = 7;
  options.positives = 120;
  options.negatives = 120;
  const std::vector<screening::EvalQuery> queries = screening::BuildEvalSet(parties, options);
  ASSERT_GE(queries.size(), 200u);
  size_t hits = 0;
  for (double threshold : {kDefaultScreeningThreshold, 0.75}) {
    for (const screening::EvalQuery& query : queries) {
      const std::map<std::string, double> expected =
          BruteForce(NormalizeName(query.declared_name), listed, threshold);
      std::map<std::string, double> actual;
      for (const ScreeningHit& hit : index.Screen(query.declared_name, "", threshold)) {
        actual[hit.party_id] = hit.score;
      }
      EXPECT_EQ(actual, expected) << query.declared_name << " at " << threshold;
      hits += actual.size();
    }
  }
  EXPECT_GT(hits, 200u);
}

// Party id -> (listed name, score) of each hit.
std::map<std::string, std::pair<std::string, double>> Hits(const ScreeningIndex& index,
                                                           const std::string& name,
                                                           double threshold) {
  std::map<std::string, std::pair<std::string, double>> hits;
  for (const ScreeningHit& hit : index.Screen(name, "", threshold)) {
    hits[hit.party_id] = {hit.listed_name, hit.score};
  }
  return hits;
}

// The index shares words between names (each word once, with its similar words and the
// names holding it): removing and replacing parties must leave it screening exactly like
// an index built from scratch with the same parties.
TEST(IndexExactnessTest, RemovedAndReplacedPartiesScreenLikeAFreshIndex) {
  const std::vector<v1::ListedParty> parties = RealLists();
  ASSERT_FALSE(parties.empty());

  ScreeningIndexOptions uncached;
  uncached.name_cache_entries = 0;
  ScreeningIndex fresh(uncached);
  for (const v1::ListedParty& party : parties) fresh.Put(party);

  // Every third party removed, every fifth first replaced by another party's names, then
  // all put back, last first.
  ScreeningIndex churned(uncached);
  for (const v1::ListedParty& party : parties) churned.Put(party);
  for (size_t i = 0; i < parties.size(); i += 3) churned.Remove(parties[i].party_id());
  for (size_t i = 0; i < parties.size(); i += 5) {
    v1::ListedParty other = parties[(i + 7) % parties.size()];
    other.set_party_id(parties[i].party_id());
    churned.Put(other);
  }
  for (size_t i = parties.size(); i-- > 0;) {
    if (i % 3 == 0 || i % 5 == 0) churned.Put(parties[i]);
  }
  EXPECT_EQ(churned.party_count(), fresh.party_count());

  screening::EvalSetOptions options;
  options.seed = 11;
  options.positives = 150;
  options.negatives = 150;
  const std::vector<screening::EvalQuery> queries = screening::BuildEvalSet(parties, options);
  size_t hits = 0;
  for (double threshold : {kDefaultScreeningThreshold, 0.75}) {
    for (const screening::EvalQuery& query : queries) {
      const auto expected = Hits(fresh, query.declared_name, threshold);
      EXPECT_EQ(Hits(churned, query.declared_name, threshold), expected)
          << query.declared_name << " at " << threshold;
      hits += expected.size();
    }
  }
  EXPECT_GT(hits, 200u);

  // Emptied, the index finds nothing; filled again, it screens as before.
  for (const v1::ListedParty& party : parties) churned.Remove(party.party_id());
  EXPECT_EQ(churned.party_count(), 0u);
  for (const screening::EvalQuery& query : queries) {
    EXPECT_TRUE(churned.Screen(query.declared_name, "", 0.5).empty()) << query.declared_name;
  }
  for (const v1::ListedParty& party : parties) churned.Put(party);
  for (const screening::EvalQuery& query : queries) {
    EXPECT_EQ(Hits(churned, query.declared_name, kDefaultScreeningThreshold),
              Hits(fresh, query.declared_name, kDefaultScreeningThreshold))
        << query.declared_name;
  }
}

}  // namespace
}  // namespace gatekeeper
