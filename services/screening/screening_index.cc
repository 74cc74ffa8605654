#include "services/screening/screening_index.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "services/screening/identifier.h"
#include "services/screening/name_similarity.h"
#include "services/screening/normalized_name.h"
#include "services/screening/retrieval_keys.h"

namespace gatekeeper {
namespace {

// Candidate retrieval stops looking up the more common tokens of a declared name once the
// tokens left could not reach the threshold on their own (see CollectCandidates). This is
// the share of that bound kept as a safety margin: listed tokens can weigh more than the
// declared tokens they match (a typo can move a word out of the generic-word list).
constexpr double kRetrievalMargin = 0.25;
// At most this many listed names are scored for one declared name: bounds the cost of a
// declared name made only of very common words.
constexpr size_t kMaxCandidateNames = 8192;
// Tokens filed under at most this many names are always looked up, whatever the weight
// bound says: they cost little, and the bound cannot see every match (a token two edits
// from a listed one is not filed under any of its keys).
constexpr size_t kCheapLookupNames = 64;

using NameSlot = uint32_t;
using PartySlot = uint32_t;
// Retrieval keys are filed by a 64-bit hash rather than as strings: half the memory, and a
// collision only adds a candidate, which scoring then rejects.
using KeyHash = uint64_t;

// FNV-1a, chosen because it is fixed by its definition: the same key hashes the same in
// every process.
KeyHash HashKey(const std::string& key) {
  KeyHash hash = 0xcbf29ce484222325ULL;
  for (char c : key) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::vector<KeyHash> HashKeys(const std::vector<std::string>& keys) {
  std::vector<KeyHash> hashes;
  hashes.reserve(keys.size());
  for (const std::string& key : keys) hashes.push_back(HashKey(key));
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  return hashes;
}

struct ListedName {
  PartySlot party = 0;
  std::string published;  // as the list writes it, shown to officers
  NormalizedName normalized;
  std::vector<KeyHash> keys;  // of ListedNameKeys(normalized), to unfile on removal
};

struct PartyEntry {
  std::string party_id;
  std::vector<NameSlot> names;
  // (normalized, published) identifiers, the party id among them.
  std::vector<std::pair<std::string, std::string>> identifiers;
};

template <typename T>
size_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// Heap bytes of a string beyond the object itself (none while it fits the small buffer).
size_t StringHeapBytes(const std::string& s) {
  return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
}

template <typename Map>
size_t HashMapBytes(const Map& map) {
  // One control byte per bucket plus the slot.
  return map.bucket_count() * (sizeof(typename Map::value_type) + 1);
}

}  // namespace

struct ScreeningIndex::Impl {
  mutable absl::Mutex mu;
  // Slots are reused through the free lists so that slot numbers stay small and the
  // vectors do not grow with churn.
  std::vector<PartyEntry> parties ABSL_GUARDED_BY(mu);
  std::vector<PartySlot> free_parties ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, PartySlot> party_by_id ABSL_GUARDED_BY(mu);
  std::vector<ListedName> names ABSL_GUARDED_BY(mu);
  std::vector<NameSlot> free_names ABSL_GUARDED_BY(mu);
  // Retrieval key hash -> names filed under it (unordered).
  absl::flat_hash_map<KeyHash, std::vector<NameSlot>> postings ABSL_GUARDED_BY(mu);
  // Normalized identifier -> parties listing it.
  absl::flat_hash_map<std::string, std::vector<PartySlot>> parties_by_identifier
      ABSL_GUARDED_BY(mu);

  void RemoveLocked(std::string_view party_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  void AddNameLocked(PartySlot party, const std::string& published)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  std::vector<NameSlot> CollectCandidates(const NormalizedName& declared, double threshold) const
      ABSL_SHARED_LOCKS_REQUIRED(mu);
};

namespace {

template <typename Slot>
void EraseSlot(std::vector<Slot>* slots, Slot slot) {
  auto it = std::find(slots->begin(), slots->end(), slot);
  assert(it != slots->end());
  *it = slots->back();
  slots->pop_back();
}

}  // namespace

void ScreeningIndex::Impl::RemoveLocked(std::string_view party_id) {
  // Debian's Abseil keeps its own string_view, which the heterogeneous lookup needs.
  auto found = party_by_id.find(absl::string_view(party_id.data(), party_id.size()));
  if (found == party_by_id.end()) return;
  const PartySlot slot = found->second;
  PartyEntry& party = parties[slot];
  for (NameSlot name_slot : party.names) {
    ListedName& name = names[name_slot];
    for (KeyHash key : name.keys) {
      auto posting = postings.find(key);
      assert(posting != postings.end());
      EraseSlot(&posting->second, name_slot);
      if (posting->second.empty()) postings.erase(posting);
    }
    name = ListedName();
    free_names.push_back(name_slot);
  }
  for (const auto& [normalized, published] : party.identifiers) {
    auto listed = parties_by_identifier.find(normalized);
    assert(listed != parties_by_identifier.end());
    EraseSlot(&listed->second, slot);
    if (listed->second.empty()) parties_by_identifier.erase(listed);
  }
  party_by_id.erase(found);
  party = PartyEntry();
  free_parties.push_back(slot);
}

void ScreeningIndex::Impl::AddNameLocked(PartySlot party, const std::string& published) {
  NormalizedName normalized = NormalizeName(published);
  if (normalized.empty()) return;
  NameSlot slot;
  if (!free_names.empty()) {
    slot = free_names.back();
    free_names.pop_back();
  } else {
    slot = static_cast<NameSlot>(names.size());
    names.emplace_back();
  }
  ListedName& name = names[slot];
  name.party = party;
  name.published = published;
  name.keys = HashKeys(ListedNameKeys(normalized));
  name.normalized = std::move(normalized);
  for (KeyHash key : name.keys) postings[key].push_back(slot);
  parties[party].names.push_back(slot);
}

// Looks up the declared tokens rarest first (fewest filed names), and stops before the
// first expensive token once the tokens not yet looked up weigh too little for a listed name
// matching only them to reach the threshold: a listed name matching declared tokens of
// weight W_U scores at most 2 W_U / (W_declared + W_U), which is below threshold t when
// W_U < t W_declared / (2 - t). So "Bank Melli Iran" reads the few names filed under "melli"
// and "iran", never the hundreds under "bank".
//
// Then every name found is weighed before it is scored: a listed name of total weight W_L
// found by declared tokens of weight W_hit (with W_rest declared weight not looked up)
// scores at most (W_hit + W_rest + W_L) / (W_declared + W_L), since each side contributes
// at most its matched weight. Names below t on that bound are dropped, so "Umar Mohammad"
// scores the few names that have both words, not the thousands filed under "mohammad".
std::vector<NameSlot> ScreeningIndex::Impl::CollectCandidates(const NormalizedName& declared,
                                                              double threshold) const {
  struct TokenLookup {
    std::vector<const std::vector<NameSlot>*> postings;
    size_t filed_names = 0;
    double weight = 0;
    size_t index = 0;
  };
  std::vector<TokenLookup> lookups;
  lookups.reserve(declared.tokens.size());
  for (size_t i = 0; i < declared.tokens.size(); ++i) {
    TokenLookup lookup;
    lookup.weight = declared.tokens[i].weight;
    lookup.index = i;
    for (KeyHash key : HashKeys(DeclaredTokenKeys(declared, i))) {
      auto it = postings.find(key);
      if (it == postings.end()) continue;
      lookup.postings.push_back(&it->second);
      lookup.filed_names += it->second.size();
    }
    lookups.push_back(std::move(lookup));
  }
  std::sort(lookups.begin(), lookups.end(), [](const TokenLookup& a, const TokenLookup& b) {
    if (a.filed_names != b.filed_names) return a.filed_names < b.filed_names;
    return a.index < b.index;
  });
  const double clamped = std::clamp(threshold, 0.0, 1.0);
  const double unreachable_weight =
      (1.0 - kRetrievalMargin) * clamped / (2.0 - clamped) * declared.total_weight;
  double remaining_weight = declared.total_weight;
  // (name, declared token) for every filing found; a name filed under several keys of one
  // token appears several times.
  std::vector<std::pair<NameSlot, uint32_t>> found;
  for (const TokenLookup& lookup : lookups) {
    if (lookup.filed_names > kCheapLookupNames && remaining_weight < unreachable_weight) break;
    remaining_weight -= lookup.weight;
    for (const std::vector<NameSlot>* filed : lookup.postings) {
      const size_t room = kMaxCandidateNames - std::min(kMaxCandidateNames, found.size());
      const size_t taken = std::min(room, filed->size());
      for (size_t k = 0; k < taken; ++k) {
        found.emplace_back((*filed)[k], static_cast<uint32_t>(lookup.index));
      }
    }
    if (found.size() >= kMaxCandidateNames) break;
  }
  std::sort(found.begin(), found.end());
  const double unlooked_weight = std::max(0.0, remaining_weight);
  std::vector<NameSlot> candidates;
  size_t i = 0;
  while (i < found.size()) {
    const NameSlot slot = found[i].first;
    double hit_weight = 0;
    for (; i < found.size() && found[i].first == slot; ++i) {
      if (i == 0 || found[i - 1] != found[i]) {
        hit_weight += declared.tokens[found[i].second].weight;
      }
    }
    const double listed_weight = names[slot].normalized.total_weight;
    const double needed = (1.0 - kRetrievalMargin) *
                          (clamped * declared.total_weight - (1.0 - clamped) * listed_weight);
    if (hit_weight + unlooked_weight >= needed) candidates.push_back(slot);
  }
  return candidates;
}

ScreeningIndex::ScreeningIndex() : impl_(new Impl) {}

ScreeningIndex::~ScreeningIndex() { delete impl_; }

void ScreeningIndex::Put(const v1::ListedParty& party) {
  absl::MutexLock lock(&impl_->mu);
  impl_->RemoveLocked(party.party_id());
  PartySlot slot;
  if (!impl_->free_parties.empty()) {
    slot = impl_->free_parties.back();
    impl_->free_parties.pop_back();
  } else {
    slot = static_cast<PartySlot>(impl_->parties.size());
    impl_->parties.emplace_back();
  }
  impl_->party_by_id.emplace(party.party_id(), slot);
  PartyEntry& entry = impl_->parties[slot];
  entry.party_id = party.party_id();
  std::vector<std::string> seen_names;
  for (const std::string& name : party.names()) {
    if (std::find(seen_names.begin(), seen_names.end(), name) != seen_names.end()) continue;
    seen_names.push_back(name);
    impl_->AddNameLocked(slot, name);
  }
  std::vector<std::pair<std::string, std::string>> identifiers;
  identifiers.emplace_back(NormalizeIdentifier(party.party_id()), party.party_id());
  for (const std::string& id : party.ids()) identifiers.emplace_back(NormalizeIdentifier(id), id);
  for (auto& [normalized, published] : identifiers) {
    if (normalized.size() < kMinIdentifierLength) continue;
    const bool seen = std::any_of(entry.identifiers.begin(), entry.identifiers.end(),
                                  [&](const auto& kept) { return kept.first == normalized; });
    if (seen) continue;
    impl_->parties_by_identifier[normalized].push_back(slot);
    entry.identifiers.emplace_back(std::move(normalized), std::move(published));
  }
}

void ScreeningIndex::Remove(std::string_view party_id) {
  absl::MutexLock lock(&impl_->mu);
  impl_->RemoveLocked(party_id);
}

size_t ScreeningIndex::party_count() const {
  absl::ReaderMutexLock lock(&impl_->mu);
  return impl_->party_by_id.size();
}

size_t ScreeningIndex::memory_bytes() const {
  absl::ReaderMutexLock lock(&impl_->mu);
  const Impl& impl = *impl_;
  size_t bytes = sizeof(Impl) + VectorBytes(impl.parties) + VectorBytes(impl.free_parties) +
                 VectorBytes(impl.names) + VectorBytes(impl.free_names) +
                 HashMapBytes(impl.party_by_id) + HashMapBytes(impl.postings) +
                 HashMapBytes(impl.parties_by_identifier);
  for (const PartyEntry& party : impl.parties) {
    bytes +=
        StringHeapBytes(party.party_id) + VectorBytes(party.names) + VectorBytes(party.identifiers);
    for (const auto& [normalized, published] : party.identifiers) {
      bytes += StringHeapBytes(normalized) + StringHeapBytes(published);
    }
  }
  for (const auto& [id, slot] : impl.party_by_id) bytes += StringHeapBytes(id);
  for (const ListedName& name : impl.names) {
    bytes += StringHeapBytes(name.published) + VectorBytes(name.normalized.tokens) +
             VectorBytes(name.keys);
    for (const NameToken& token : name.normalized.tokens) {
      bytes += StringHeapBytes(token.text) + StringHeapBytes(token.key);
    }
  }
  for (const auto& [key, slots] : impl.postings) bytes += VectorBytes(slots);
  for (const auto& [id, slots] : impl.parties_by_identifier) {
    bytes += StringHeapBytes(id) + VectorBytes(slots);
  }
  return bytes;
}

std::vector<ScreeningHit> ScreeningIndex::Screen(std::string_view name, std::string_view id,
                                                 double threshold) const {
  absl::flat_hash_map<PartySlot, ScreeningHit> best;
  absl::ReaderMutexLock lock(&impl_->mu);
  const Impl& impl = *impl_;
  const std::string normalized_id = NormalizeIdentifier(id);
  if (normalized_id.size() >= kMinIdentifierLength) {
    auto listed = impl.parties_by_identifier.find(normalized_id);
    if (listed != impl.parties_by_identifier.end()) {
      for (PartySlot slot : listed->second) {
        const PartyEntry& party = impl.parties[slot];
        ScreeningHit hit;
        hit.party_id = party.party_id;
        for (const auto& [normalized, published] : party.identifiers) {
          if (normalized == normalized_id) hit.listed_name = published;
        }
        hit.declared_name = std::string(id);
        hit.score = 1.0;
        hit.by_identifier = true;
        best[slot] = std::move(hit);
      }
    }
  }
  const NormalizedName declared = NormalizeName(name);
  if (!declared.empty()) {
    for (NameSlot slot : impl.CollectCandidates(declared, threshold)) {
      const ListedName& listed = impl.names[slot];
      const double score = ScoreNames(declared, listed.normalized);
      if (score < threshold) continue;
      auto it = best.find(listed.party);
      // An identifier hit stays: it is certain, a name hit is not. Among names of one party
      // scoring the same, the alphabetically first is shown, whatever the slot order.
      if (it != best.end() &&
          (it->second.by_identifier || it->second.score > score ||
           (it->second.score == score && it->second.listed_name <= listed.published))) {
        continue;
      }
      ScreeningHit hit;
      hit.party_id = impl.parties[listed.party].party_id;
      hit.listed_name = listed.published;
      hit.declared_name = std::string(name);
      hit.score = score;
      best[listed.party] = std::move(hit);
    }
  }
  std::vector<ScreeningHit> hits;
  hits.reserve(best.size());
  for (auto& [slot, hit] : best) hits.push_back(std::move(hit));
  std::sort(hits.begin(), hits.end(), [](const ScreeningHit& a, const ScreeningHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.party_id < b.party_id;
  });
  return hits;
}

}  // namespace gatekeeper
