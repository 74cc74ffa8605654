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
#include "services/screening/name_normalizer.h"
#include "services/screening/name_similarity.h"
#include "services/screening/normalized_name.h"
#include "services/screening/retrieval_keys.h"
#include "services/screening/token_similarity.h"
#include "services/screening/token_weights.h"

namespace gatekeeper {
namespace {

// At most this many postings are read for one declared name: bounds the cost of a declared
// name made only of very common words.
constexpr size_t kMaxCandidateNames = 32768;
// Tokens filed under at most this many names are always looked up: they cost little.
constexpr size_t kCheapLookupNames = 64;
// Share of the skipping bound (CollectCandidates) kept as a safety margin: listed tokens can
// weigh more than the declared tokens they match (a typo can move a word out of the
// generic-word list).
constexpr double kRetrievalMargin = 0.25;

using NameSlot = uint32_t;
using PartySlot = uint32_t;
// A posting is a listed name and which of its tokens was filed under the key, packed in 32
// bits: the token index tells the candidate bound (CollectCandidates) how much of the listed
// name a declared name found.
using Posting = uint32_t;
constexpr uint32_t kPostingTokenBits = 5;
static_assert((size_t{1} << kPostingTokenBits) >= kMaxNameTokens);
constexpr uint32_t kPostingTokenMask = (1u << kPostingTokenBits) - 1;
// Name slots must fit the bits left.
constexpr size_t kMaxNameSlots = size_t{1} << (32 - kPostingTokenBits);

Posting MakePosting(NameSlot slot, size_t token) {
  return (slot << kPostingTokenBits) | static_cast<uint32_t>(token);
}
NameSlot PostingName(Posting posting) { return posting >> kPostingTokenBits; }
uint32_t PostingToken(Posting posting) { return posting & kPostingTokenMask; }

// A token two edits from another (allowed from kMinTwoTypoTokenLength letters) has at least
// this many letters. Retrieval does not find such pairs, so the candidate bound counts these
// tokens as possibly matched.
constexpr size_t kMinTwoEditPartnerLength = kMinTwoTypoTokenLength - 2;
// Rounding slack of the bound against ScoreNames, which rounds to kScoreResolution.
constexpr double kBoundSlack = 2 * kScoreResolution;
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
};

// (key, token index) for every key each token of `name` is filed under. Recomputed on
// removal rather than stored: removals are rare and the index stays smaller.
std::vector<std::pair<KeyHash, uint32_t>> Filings(const NormalizedName& name) {
  std::vector<std::pair<KeyHash, uint32_t>> filings;
  const size_t tokens = std::min(name.tokens.size(), kMaxNameTokens);
  for (size_t i = 0; i < tokens; ++i) {
    for (KeyHash key : HashKeys(DeclaredTokenKeys(name, i))) {
      filings.emplace_back(key, static_cast<uint32_t>(i));
    }
  }
  return filings;
}

// Whether declared token `index` may be paired with listed token `listed` by ScoreNames:
// similar, or written as one word with a declared neighbour ("al" + "qaida" / "alqaida").
bool MayPair(const NormalizedName& declared, size_t index, const NameToken& listed) {
  const NameToken& token = declared.tokens[index];
  if (TokenSimilarity(token.text, token.key, listed.text, listed.key) > 0) return true;
  auto concatenates = [](std::string_view whole, std::string_view first, std::string_view second) {
    return whole.size() == first.size() + second.size() && whole.starts_with(first) &&
           whole.ends_with(second);
  };
  auto joins = [&](const NameToken& first, const NameToken& second) {
    return concatenates(listed.text, first.text, second.text) ||
           concatenates(listed.key, first.key, second.key);
  };
  return (index > 0 && joins(declared.tokens[index - 1], token)) ||
         (index + 1 < declared.tokens.size() && joins(token, declared.tokens[index + 1]));
}

// Whether a token may be two edits from another, which retrieval does not find.
bool MayMatchWithTwoEdits(const NameToken& token) {
  return token.text.size() >= kMinTwoEditPartnerLength ||
         token.key.size() >= kMinTwoEditPartnerLength;
}

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

// The name part of one Screen call: every listed name at or above the threshold.
struct NameHit {
  PartySlot party;
  std::string listed_name;
  double score;
};

// Declared names repeat (a trader ships to the same consignee again and again), so the
// name hits of recent names are kept, each valid only for the index generation it was
// computed at: any Put or Remove makes every entry stale.
struct CachedNameHits {
  uint64_t generation = 0;
  double threshold = 0;
  std::vector<NameHit> hits;
};
// Bounds the cache's memory; when full it is emptied and fills again with what repeats.
constexpr size_t kNameCacheEntries = 1 << 16;

struct ScreeningIndex::Impl {
  mutable absl::Mutex mu;
  // Bumped by every change of the index (under `mu` held for writing).
  uint64_t generation ABSL_GUARDED_BY(mu) = 0;
  mutable absl::Mutex cache_mu ABSL_ACQUIRED_AFTER(mu);
  mutable absl::flat_hash_map<std::string, CachedNameHits> name_cache ABSL_GUARDED_BY(cache_mu);
  // Slots are reused through the free lists so that slot numbers stay small and the
  // vectors do not grow with churn.
  std::vector<PartyEntry> parties ABSL_GUARDED_BY(mu);
  std::vector<PartySlot> free_parties ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, PartySlot> party_by_id ABSL_GUARDED_BY(mu);
  std::vector<ListedName> names ABSL_GUARDED_BY(mu);
  std::vector<NameSlot> free_names ABSL_GUARDED_BY(mu);
  // Retrieval key hash -> (name, token) filed under it (unordered).
  absl::flat_hash_map<KeyHash, std::vector<Posting>> postings ABSL_GUARDED_BY(mu);
  // Normalized identifier -> parties listing it.
  absl::flat_hash_map<std::string, std::vector<PartySlot>> parties_by_identifier
      ABSL_GUARDED_BY(mu);

  void RemoveLocked(std::string_view party_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  void AddNameLocked(PartySlot party, const std::string& published)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  std::vector<NameSlot> CollectCandidates(const NormalizedName& declared, double threshold) const
      ABSL_SHARED_LOCKS_REQUIRED(mu);
  // The listed names at or above `threshold` for a declared name, from the cache when the
  // index has not changed since.
  std::vector<NameHit> NameHits(std::string_view name, double threshold) const
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
    for (const auto& [key, token] : Filings(name.normalized)) {
      auto posting = postings.find(key);
      assert(posting != postings.end());
      EraseSlot(&posting->second, MakePosting(name_slot, token));
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
    // Beyond this many names (about 4,000 times the OFAC list) a posting cannot address
    // the name; such names are not indexed.
    if (names.size() >= kMaxNameSlots) return;
    slot = static_cast<NameSlot>(names.size());
    names.emplace_back();
  }
  ListedName& name = names[slot];
  name.party = party;
  name.published = published;
  for (const auto& [key, token] : Filings(normalized)) {
    postings[key].push_back(MakePosting(slot, token));
  }
  name.normalized = std::move(normalized);
  parties[party].names.push_back(slot);
}

// Reads the names filed under each declared token's keys, rarest token first, skipping the
// commonest tokens once the rest could not reach the threshold on their own ("Bank Melli
// Iran" reads the few names filed under "melli" and "iran", never the hundreds under
// "bank"). Then bounds every name found before it is scored. Each matched pair adds at most
// both tokens' weights to the score's numerator (name_similarity.h), and a pair is either
// found by retrieval (equal keys, one edit, words joined), or two edits apart (both tokens
// long; checked pair by pair), or involves a skipped token.
// So a listed name whose found tokens weigh L_hit, found by declared tokens of weight D_hit,
// scores at most
//   (D_hit + D_two_edit + D_skipped + L_hit + L_two_edit + L_skipped) / (W_declared + W_listed)
// where L_skipped are the listed tokens a skipped token could pair with (checked token by
// token). Names below the threshold on that bound are never scored: "Al Mohammad Trust
// International" scores the few names found by "trust" or "international" that also have a
// "mohammad", not every name with "international".
std::vector<NameSlot> ScreeningIndex::Impl::CollectCandidates(const NormalizedName& declared,
                                                              double threshold) const {
  struct TokenLookup {
    std::vector<const std::vector<Posting>*> postings;
    size_t filed_names = 0;
    // Of these, the postings of the token's own spellings (key, text, joined with a
    // neighbour), before those of its one-deletion variants.
    size_t exact_postings = 0;
    size_t exact_filed_names = 0;
    size_t index = 0;
  };
  const size_t declared_tokens = std::min(declared.tokens.size(), kMaxNameTokens);
  std::vector<TokenLookup> lookups;
  lookups.reserve(declared_tokens);
  for (size_t i = 0; i < declared_tokens; ++i) {
    TokenLookup lookup;
    lookup.index = i;
    const NameToken& token = declared.tokens[i];
    std::vector<KeyHash> exact = {HashKey(token.key), HashKey(token.text)};
    if (i > 0) exact.push_back(HashKey(declared.tokens[i - 1].key + token.key));
    if (i + 1 < declared_tokens) exact.push_back(HashKey(token.key + declared.tokens[i + 1].key));
    std::sort(exact.begin(), exact.end());
    exact.erase(std::unique(exact.begin(), exact.end()), exact.end());
    std::vector<KeyHash> variants;
    for (KeyHash key : HashKeys(DeclaredTokenKeys(declared, i))) {
      if (!std::binary_search(exact.begin(), exact.end(), key)) variants.push_back(key);
    }
    for (const std::vector<KeyHash>* keys : {&exact, &variants}) {
      for (KeyHash key : *keys) {
        auto it = postings.find(key);
        if (it == postings.end()) continue;
        lookup.postings.push_back(&it->second);
        lookup.filed_names += it->second.size();
      }
      if (keys == &exact) {
        lookup.exact_postings = lookup.postings.size();
        lookup.exact_filed_names = lookup.filed_names;
      }
    }
    lookups.push_back(std::move(lookup));
  }
  // Cheapest per unit of weight first (names filed / token weight), so that the tokens
  // skipped below are the common light ones ("al", "bank") and the cap on postings read
  // cuts the commonest words.
  std::sort(lookups.begin(), lookups.end(), [&](const TokenLookup& a, const TokenLookup& b) {
    const double a_cost = static_cast<double>(a.filed_names) / declared.tokens[a.index].weight;
    const double b_cost = static_cast<double>(b.filed_names) / declared.tokens[b.index].weight;
    if (a_cost != b_cost) return a_cost < b_cost;
    return a.index < b.index;
  });

  // Which declared and listed tokens found each name, without a map: one entry per name
  // slot, valid while its epoch is the current one. Per thread, because Screen runs under a
  // shared lock.
  struct Found {
    uint32_t epoch = 0;
    uint32_t declared_mask = 0;
    uint32_t listed_mask = 0;
  };
  struct Scratch {
    std::vector<Found> found;
    std::vector<NameSlot> touched;
    uint32_t epoch = 0;
  };
  thread_local Scratch scratch;
  if (scratch.found.size() < names.size()) scratch.found.resize(names.size());
  if (++scratch.epoch == 0) {
    for (Found& found : scratch.found) found.epoch = 0;
    scratch.epoch = 1;
  }
  scratch.touched.clear();

  // Tokens not looked up; they may pair with listed tokens the bound checks one by one.
  std::vector<size_t> skipped;
  // Tokens whose postings were cut by kMaxCandidateNames: they may match any listed token.
  double cut_weight = 0;
  size_t postings_read = 0;
  const double clamped = std::clamp(threshold, 0.0, 1.0);
  // Common tokens are skipped once the tokens left weigh too little for a listed name
  // matching only them to reach the threshold: a listed name matching declared tokens of
  // weight W_U scores at most 2 W_U / (W_declared + W_U), below threshold t when
  // W_U < t W_declared / (2 - t); kRetrievalMargin keeps a margin for listed tokens that
  // weigh more than the declared tokens they match.
  const double unreachable_weight =
      (1.0 - kRetrievalMargin) * clamped / (2.0 - clamped) * declared.total_weight;
  double remaining_weight = declared.total_weight;
  for (const TokenLookup& lookup : lookups) {
    const NameToken& token = declared.tokens[lookup.index];
    if (lookup.filed_names > kCheapLookupNames && remaining_weight < unreachable_weight) {
      skipped.push_back(lookup.index);
      continue;
    }
    remaining_weight -= token.weight;
    // A common word spelled as the lists spell it ("international", "mohammed") is not
    // looked up by its one-deletion variants, which would read each of its thousands of
    // names a dozen times, when names matching only it cannot reach the threshold: the
    // bound checks its one-edit pairs among the names found, as for a skipped token.
    size_t read_postings = lookup.postings.size();
    if (lookup.exact_filed_names > kCheapLookupNames && token.weight < unreachable_weight) {
      read_postings = lookup.exact_postings;
      skipped.push_back(lookup.index);
    }
    bool complete = true;
    for (size_t p = 0; p < read_postings; ++p) {
      const std::vector<Posting>* filed = lookup.postings[p];
      const size_t room = kMaxCandidateNames - std::min(kMaxCandidateNames, postings_read);
      const size_t taken = std::min(room, filed->size());
      complete = complete && taken == filed->size();
      postings_read += taken;
      for (size_t k = 0; k < taken; ++k) {
        const Posting posting = (*filed)[k];
        const NameSlot slot = PostingName(posting);
        Found& found = scratch.found[slot];
        if (found.epoch != scratch.epoch) {
          found = Found{scratch.epoch, 0, 0};
          scratch.touched.push_back(slot);
        }
        found.declared_mask |= 1u << lookup.index;
        found.listed_mask |= 1u << PostingToken(posting);
      }
    }
    if (!complete) cut_weight += token.weight;
  }

  uint32_t skipped_mask = 0;
  for (size_t skipped_token : skipped) skipped_mask |= 1u << skipped_token;
  std::vector<NameSlot> candidates;
  for (NameSlot slot : scratch.touched) {
    const Found& found = scratch.found[slot];
    const NormalizedName& listed = names[slot].normalized;
    double declared_hit = 0;
    double declared_skipped = 0;
    // Declared tokens that did not find this name and may still pair with one of its
    // tokens two edits away, which retrieval cannot see.
    uint32_t declared_long_mask = 0;
    double declared_long = 0;
    for (size_t i = 0; i < declared_tokens; ++i) {
      const uint32_t bit = 1u << i;
      if ((found.declared_mask & bit) != 0) {
        declared_hit += declared.tokens[i].weight;
      } else if ((skipped_mask & bit) != 0) {
        declared_skipped += declared.tokens[i].weight;
      } else if (MayMatchWithTwoEdits(declared.tokens[i])) {
        declared_long_mask |= bit;
        declared_long += declared.tokens[i].weight;
      }
    }
    const double denominator = declared.total_weight + listed.total_weight;
    // The bound with every listed token matched; most names found by a common word fail it
    // already, before any token-by-token check.
    if ((declared_hit + declared_long + declared_skipped + cut_weight + listed.total_weight) /
                denominator +
            kBoundSlack <
        clamped) {
      continue;
    }
    double listed_hit = 0;
    double listed_matchable = 0;
    uint32_t listed_unhit_mask = 0;
    const size_t listed_tokens = std::min(listed.tokens.size(), kMaxNameTokens);
    for (size_t j = 0; j < listed_tokens; ++j) {
      const NameToken& token = listed.tokens[j];
      if ((found.listed_mask & (1u << j)) != 0) {
        listed_hit += token.weight;
        continue;
      }
      listed_unhit_mask |= 1u << j;
      const bool by_skipped = std::any_of(
          skipped.begin(), skipped.end(),
          [&](size_t skipped_token) { return MayPair(declared, skipped_token, token); });
      // Two edits apart from a declared token that did not find this name.
      bool by_two_edits = false;
      for (size_t i = 0; i < declared_tokens && !by_skipped && !by_two_edits; ++i) {
        if ((declared_long_mask & (1u << i)) == 0 || !MayMatchWithTwoEdits(token)) continue;
        const NameToken& long_token = declared.tokens[i];
        by_two_edits = TokenSimilarity(long_token.text, long_token.key, token.text, token.key) > 0;
      }
      if (by_skipped || by_two_edits) listed_matchable += token.weight;
    }
    // The declared long tokens that have a partner among the listed tokens not found.
    double declared_two_edit = 0;
    for (size_t i = 0; i < declared_tokens; ++i) {
      if ((declared_long_mask & (1u << i)) == 0) continue;
      const NameToken& long_token = declared.tokens[i];
      for (size_t j = 0; j < listed_tokens; ++j) {
        const NameToken& token = listed.tokens[j];
        if ((listed_unhit_mask & (1u << j)) != 0 && MayMatchWithTwoEdits(token) &&
            TokenSimilarity(long_token.text, long_token.key, token.text, token.key) > 0) {
          declared_two_edit += long_token.weight;
          break;
        }
      }
    }
    const double listed_bound = cut_weight > 0
                                    ? listed.total_weight
                                    : std::min(listed.total_weight, listed_hit + listed_matchable);
    const double bound =
        (declared_hit + declared_two_edit + declared_skipped + cut_weight + listed_bound) /
        denominator;
    if (bound + kBoundSlack >= clamped) candidates.push_back(slot);
  }
  std::sort(candidates.begin(), candidates.end());
  return candidates;
}

std::vector<NameHit> ScreeningIndex::Impl::NameHits(std::string_view name, double threshold) const {
  const std::string key(name);
  {
    absl::MutexLock lock(&cache_mu);
    auto cached = name_cache.find(key);
    if (cached != name_cache.end() && cached->second.generation == generation &&
        cached->second.threshold == threshold) {
      return cached->second.hits;
    }
  }
  std::vector<NameHit> hits;
  const NormalizedName declared = NormalizeName(name);
  if (!declared.empty()) {
    for (NameSlot slot : CollectCandidates(declared, threshold)) {
      const ListedName& listed = names[slot];
      const double score = ScoreNames(declared, listed.normalized);
      if (score < threshold) continue;
      hits.push_back(NameHit{listed.party, listed.published, score});
    }
  }
  absl::MutexLock lock(&cache_mu);
  if (name_cache.size() >= kNameCacheEntries) name_cache.clear();
  name_cache[key] = CachedNameHits{generation, threshold, hits};
  return hits;
}

ScreeningIndex::ScreeningIndex() : impl_(new Impl) {}

ScreeningIndex::~ScreeningIndex() { delete impl_; }

void ScreeningIndex::Put(const v1::ListedParty& party) {
  absl::MutexLock lock(&impl_->mu);
  ++impl_->generation;
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
  ++impl_->generation;
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
    bytes += StringHeapBytes(name.published) + VectorBytes(name.normalized.tokens);
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
  for (const NameHit& name_hit : impl.NameHits(name, threshold)) {
    auto it = best.find(name_hit.party);
    // An identifier hit stays: it is certain, a name hit is not. Among names of one party
    // scoring the same, the alphabetically first is shown, whatever the slot order.
    if (it != best.end() &&
        (it->second.by_identifier || it->second.score > name_hit.score ||
         (it->second.score == name_hit.score && it->second.listed_name <= name_hit.listed_name))) {
      continue;
    }
    ScreeningHit hit;
    hit.party_id = impl.parties[name_hit.party].party_id;
    hit.listed_name = name_hit.listed_name;
    hit.declared_name = std::string(name);
    hit.score = name_hit.score;
    best[name_hit.party] = std::move(hit);
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
