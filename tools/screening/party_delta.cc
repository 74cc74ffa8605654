#include "tools/screening/party_delta.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "google/protobuf/util/message_differencer.h"

namespace gatekeeper::screening {

PartyDelta ComputeDelta(const std::vector<v1::ListedParty>& old_parties_of_source,
                        const std::vector<v1::ListedParty>& new_parties) {
  absl::flat_hash_map<std::string, const v1::ListedParty*> old_by_id;
  for (const v1::ListedParty& party : old_parties_of_source) {
    old_by_id.emplace(party.party_id(), &party);
  }
  PartyDelta delta;
  absl::flat_hash_set<std::string> new_ids;
  for (const v1::ListedParty& party : new_parties) {
    new_ids.insert(party.party_id());
    auto it = old_by_id.find(party.party_id());
    if (it == old_by_id.end() ||
        !google::protobuf::util::MessageDifferencer::Equals(*it->second, party)) {
      delta.puts.push_back(party);
    }
  }
  for (const v1::ListedParty& party : old_parties_of_source) {
    if (!new_ids.contains(party.party_id())) delta.removals.push_back(party.party_id());
  }
  std::sort(delta.removals.begin(), delta.removals.end());
  delta.removals.erase(std::unique(delta.removals.begin(), delta.removals.end()),
                       delta.removals.end());
  return delta;
}

}  // namespace gatekeeper::screening
