// The index's retrieval and candidate bound change no result: on the real lists, screening
// through the index gives the same hits (party and score) as scoring the declared name
// against every listed name, for names from the evaluation set (positives and near-miss
// negatives) at the default and at a low threshold.
#include <map>
#include <string>
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
  auto ofac = screening::ImportOfacSdn(ListPath("ofac-sdn.csv"), ListPath("ofac-alt.csv"));
  auto un = screening::ImportUnConsolidatedXml(ListPath("un-consolidated.xml"),
                                               screening::UnImportOptions());
  ASSERT_TRUE(ofac.ok() && un.ok());
  std::vector<v1::ListedParty> parties = *ofac;
  parties.insert(parties.end(), un->begin(), un->end());
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

}  // namespace
}  // namespace gatekeeper
