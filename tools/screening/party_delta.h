// What re-importing a list changes: the parties that are new or differ from the previous
// import, and the parties the new file no longer has. Publishing only these keeps a
// re-import of a 9,000-entry list that changed in ten entries to ten events, and makes
// delisted parties disappear from screening.
//
//   PartyDelta delta = ComputeDelta(previous_ofac_parties, fresh_ofac_parties);
//   for (const v1::ListedParty& party : delta.puts) Publish(party);
//   for (const std::string& party_id : delta.removals) PublishRemoval(party_id);
#ifndef GATEKEEPER_TOOLS_SCREENING_PARTY_DELTA_H_
#define GATEKEEPER_TOOLS_SCREENING_PARTY_DELTA_H_

#include <string>
#include <vector>

#include "gatekeeper/v1/party.pb.h"

namespace gatekeeper::screening {

struct PartyDelta {
  // Parties of the new import that the old one lacks or has with any field different, in
  // the new import's order.
  std::vector<v1::ListedParty> puts;
  // Party ids of the old import that the new one lacks, sorted.
  std::vector<std::string> removals;
};

// REQUIRES: `old_parties_of_source` holds the previous import of the same list (same
// source) and `new_parties` the new one; party ids are unique within each. Comparison is by
// every field, names and ids in order.
PartyDelta ComputeDelta(const std::vector<v1::ListedParty>& old_parties_of_source,
                        const std::vector<v1::ListedParty>& new_parties);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_PARTY_DELTA_H_
