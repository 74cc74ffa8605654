// The in-memory index of listed parties behind PartyScreener: the distinct words of all
// listed names, each with its similar listed words and the names holding it, so that
// screening a name looks at a few candidates, not every name (docs/SCREENING.md,
// "Retrieval"). Built from ListedParty events (and the importers in tools/), updated one
// party at a time.
//
//   ScreeningIndex index;
//   index.Put(party);
//   std::vector<ScreeningHit> hits = index.Screen("Bank Meli Iran", "", 0.90);
#ifndef GATEKEEPER_SERVICES_SCREENING_SCREENING_INDEX_H_
#define GATEKEEPER_SERVICES_SCREENING_SCREENING_INDEX_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "gatekeeper/v1/party.pb.h"
#include "services/screening/party_screener.h"

namespace gatekeeper {

struct ScreeningIndexOptions {
  // Declared names whose hits are remembered (traders repeat consignees), each valid only
  // until the index next changes; 0 remembers none, so that benchmarks and the evaluation
  // measure the cost of screening a name rather than of looking it up.
  size_t name_cache_entries = size_t{1} << 16;
};

class ScreeningIndex : public PartyScreener {
 public:
  ScreeningIndex();
  explicit ScreeningIndex(const ScreeningIndexOptions& options);
  ~ScreeningIndex() override;

  // Adds the party, replacing any party with the same party_id.
  void Put(const v1::ListedParty& party);
  // Removes it; unknown ids are ignored.
  void Remove(std::string_view party_id);

  size_t party_count() const;
  // Approximate heap bytes held by the index (reported in docs/BENCHMARKS.md).
  size_t memory_bytes() const;

  std::vector<ScreeningHit> Screen(std::string_view name, std::string_view id,
                                   double threshold) const override;

 private:
  struct Impl;
  Impl* impl_;  // owned; pimpl keeps the index layout out of the engine's headers
};

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_SCREENING_INDEX_H_
