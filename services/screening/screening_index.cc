#include "services/screening/screening_index.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "services/common/check.h"
#include "services/screening/arabic_skeleton.h"
#include "services/screening/identifier.h"
#include "services/screening/initials_match.h"
#include "services/screening/name_normalizer.h"
#include "services/screening/name_similarity.h"
#include "services/screening/normalized_name.h"
#include "services/screening/retrieval_keys.h"
#include "services/screening/token_similarity.h"
#include "services/screening/token_weights.h"

namespace gatekeeper {
namespace {

// At most this many postings are read for one declared name: bounds the cost of a hostile
// declared name. Names past it are not found.
constexpr size_t kMaxCandidateNames = 32768;
// Words whose names cost at most this many postings are always read: it costs little, and
// it finds names through pairs retrieval cannot see (two edits) more often.
constexpr size_t kCheapLookupNames = 64;
// Joined-word postings read for the candidate bound of a declared word that is not looked
// up (CollectCandidates); past this many the bound checks that word against listed words
// one by one instead.
constexpr size_t kMaxUnreadJoinPostings = 256;
// Skeleton words shorter than this ("b" of abu) are in too many names to find any; names
// are found through their other words.
constexpr size_t kMinFiledSkeletonLength = 2;
// A skeleton word held by more names than this is read only when it is the declared
// name's rarest, and then only this many of its names (mhmd, "Muhammad" in all its
// spellings, is in thousands).
constexpr size_t kMaxReadSkeletonNames = 1024;
// The rarest this many skeleton words of a declared name are looked up (all: reading only
// the three rarest cost a tenth of the recall and saved no time).
constexpr size_t kReadSkeletonWords = kMaxNameTokens;
// Of the names found through skeleton words, at most this many (those found by the most
// letters) are scored.
constexpr size_t kMaxScoredSkeletonNames = 64;

using NameSlot = uint32_t;
using PartySlot = uint32_t;
// One distinct listed word (by normalized text).
using TokenId = uint32_t;
constexpr TokenId kNoToken = std::numeric_limits<TokenId>::max();

// Declared and listed tokens are tracked in 32-bit masks.
static_assert(kMaxNameTokens <= 32);

// A token two edits from another (allowed from kMinTwoTypoTokenLength letters) has at least
// this many letters. Retrieval does not find such pairs, so the candidate bound compares
// these tokens one by one.
constexpr size_t kMinTwoEditPartnerLength = kMinTwoTypoTokenLength - 2;
// Rounding slack of the bounds against ScoreNames, which rounds to kScoreResolution; the
// bounds sum the same weights in other orders.
constexpr double kBoundSlack = 2 * kScoreResolution;
// Postings keep name weights as floats (half the bytes); the weight filter widens its limit
// by this share so that a float rounded down never drops a name.
constexpr double kFloatWeightSlack = 1e-5;

bool MayMatchWithTwoEdits(std::string_view text, std::string_view key) {
  return text.size() >= kMinTwoEditPartnerLength || key.size() >= kMinTwoEditPartnerLength;
}

// The heaviest a token can weigh (token_weights.h: factors are at most 1): what a listed
// word two edits from a declared word, which retrieval does not see, may add to a score.
double MaxTokenWeight() { return std::sqrt(static_cast<double>(kWeightLengthCap)); }

bool IsConcatenation(std::string_view whole, std::string_view first, std::string_view second) {
  return whole.size() == first.size() + second.size() && whole.starts_with(first) &&
         whole.ends_with(second);
}

// Whether `part` could be one of two listed words that a declared word writes as one.
bool IsProperPart(std::string_view whole, std::string_view part) {
  return !part.empty() && part.size() < whole.size() &&
         (whole.starts_with(part) || whole.ends_with(part));
}

// A listed name in a token's postings, with the name's total weight: postings are sorted
// by it, so that a declared name reads only the names light enough to reach the threshold.
struct WeightedName {
  float weight;
  NameSlot name;

  bool operator<(const WeightedName& other) const {
    return weight != other.weight ? weight < other.weight : name < other.name;
  }
  bool operator==(const WeightedName& other) const {
    return weight == other.weight && name == other.name;
  }
};

// One distinct word of the listed names, shared by all of them.
struct ListedToken {
  std::string text;
  std::string key;
  double weight = 0;
  TokenSignature signature;
  bool long_spelling = false;  // MayMatchWithTwoEdits
  // Every listed name holding the word, once, lightest first. Empty: the slot is free.
  std::vector<WeightedName> names;
  // The listed words sharing a retrieval key with this one and similar to it
  // (TokenSimilarity > 0), itself among them: what step 1 of CollectCandidates finds for a
  // declared word spelled like this one, kept so that it is not searched for again.
  std::vector<TokenId> partners;
  double max_partner_weight = 0;
};

// Two adjacent words of a listed name, filed under their joined text and key for declared
// words that write them as one ("alqaida" / "Al Qaida").
struct JoinedPosting {
  float weight;  // the name's total weight
  NameSlot name;
  uint32_t first_token;
};
struct JoinedPostings {
  std::vector<JoinedPosting> postings;
  // The heaviest pair ever filed here (both words' weights); not lowered on removal, which
  // keeps it an upper bound.
  double max_pair_weight = 0;
};

// What the hot loops of CollectCandidates read of a listed word, in 8 bytes, so that the
// summaries of all words stay in the core's cache while the words themselves do not.
struct TokenSummary {
  float weight = 0;  // rounded up, so that sums of it bound sums of the exact weights
  uint32_t name_count : 31 = 0;
  uint32_t long_spelling : 1 = 0;
};

// Listed names' words kept in a name's one-cache-line record; longer names' are read from
// the ListedName.
constexpr size_t kRecordTokens = 13;

// What the candidate bound reads of a listed name, in one cache line: the bound is
// computed for every name found, most of which are not scored.
struct alignas(64) NameRecord {
  double total_weight = 0;
  uint32_t token_count = 0;
  std::array<TokenId, kRecordTokens> token_ids = {};
};
static_assert(sizeof(NameRecord) == 64);

float RoundedUp(double weight) {
  float rounded = static_cast<float>(weight);
  if (static_cast<double>(rounded) < weight) {
    rounded = std::nextafter(rounded, std::numeric_limits<float>::infinity());
  }
  return rounded;
}

// A listed name is its words in the dictionary (ListedToken), in order; its total weight
// is in its NameRecord.
struct ListedName {
  PartySlot party = 0;
  std::string published;           // as the list writes it, shown to officers
  std::vector<TokenId> token_ids;  // its normalized tokens (NormalizeName)
  // NormalizedName::initials_keys: where it is filed in initials_by_key; usually none.
  std::vector<std::string> initials_keys;
  // LatinSkeletonWords of its tokens (arabic_skeleton.h); empty for names in other scripts.
  std::vector<std::string> skeletons;
};

struct PartyEntry {
  std::string party_id;
  std::vector<NameSlot> names;
  // (normalized, published) identifiers, the party id among them.
  std::vector<std::pair<std::string, std::string>> identifiers;
};

// The keys a listed token is filed under, without duplicates.
std::vector<KeyHash> TokenKeys(std::string_view text, std::string_view key) {
  std::vector<KeyHash> keys;
  AppendTokenKeys(text, key, &keys);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// The keys two adjacent tokens of a listed name are filed under: the joined keys and,
// when different, the joined texts (ScoreNames accepts either).
std::array<KeyHash, 2> JoinedKeys(std::string_view first_text, std::string_view first_key,
                                  std::string_view second_text, std::string_view second_key,
                                  size_t* count) {
  std::array<KeyHash, 2> keys = {HashJoined(first_key, second_key),
                                 HashJoined(first_text, second_text)};
  *count = keys[0] == keys[1] ? 1 : 2;
  return keys;
}

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

template <typename Slot>
void EraseSlot(std::vector<Slot>* slots, Slot slot) {
  auto it = std::find(slots->begin(), slots->end(), slot);
  GK_CHECK(it != slots->end());
  *it = slots->back();
  slots->pop_back();
}

// Retrieval key hash -> the listed words filed under it. Most keys name one word, which is
// kept in the map's slot itself; the others point to a list. Half the memory of a vector
// per key, and one cache miss per lookup instead of two.
class TokenKeyIndex {
 public:
  void Add(KeyHash key, TokenId id) {
    GK_CHECK((id & kListFlag) == 0);
    auto [slot, inserted] = slots_.try_emplace(key, id);
    if (inserted) return;
    if ((slot->second & kListFlag) != 0) {
      lists_[slot->second & ~kListFlag].push_back(id);
      return;
    }
    uint32_t list;
    if (!free_lists_.empty()) {
      list = free_lists_.back();
      free_lists_.pop_back();
    } else {
      list = static_cast<uint32_t>(lists_.size());
      lists_.emplace_back();
    }
    lists_[list] = {slot->second, id};
    slot->second = kListFlag | list;
  }

  void Remove(KeyHash key, TokenId id) {
    auto slot = slots_.find(key);
    GK_CHECK(slot != slots_.end());
    if ((slot->second & kListFlag) == 0) {
      GK_CHECK(slot->second == id);
      slots_.erase(slot);
      return;
    }
    const uint32_t list = slot->second & ~kListFlag;
    EraseSlot(&lists_[list], id);
    if (lists_[list].size() > 1) return;
    slot->second = lists_[list].front();
    lists_[list] = std::vector<TokenId>();
    free_lists_.push_back(list);
  }

  // Calls f(id) for each word filed under `key`.
  template <typename F>
  void ForEach(KeyHash key, F f) const {
    auto slot = slots_.find(key);
    if (slot == slots_.end()) return;
    if ((slot->second & kListFlag) == 0) {
      f(slot->second);
      return;
    }
    for (TokenId id : lists_[slot->second & ~kListFlag]) f(id);
  }

  size_t memory_bytes() const {
    size_t bytes = HashMapBytes(slots_) + VectorBytes(lists_) + VectorBytes(free_lists_);
    for (const std::vector<TokenId>& list : lists_) bytes += VectorBytes(list);
    return bytes;
  }

 private:
  static constexpr uint32_t kListFlag = uint32_t{1} << 31;
  absl::flat_hash_map<KeyHash, uint32_t> slots_;
  std::vector<std::vector<TokenId>> lists_;
  std::vector<uint32_t> free_lists_;
};

// Declared tokens with the same text ("Muhammad ... Muhammad") are looked up once, as a
// group.
struct DeclaredGroup {
  uint32_t members = 0;  // declared token mask
  size_t representative = 0;
  TokenId listed = kNoToken;  // the listed word spelled the same, if any
  double weight = 0;          // all members'
  // The heaviest listed word (or pair of words) one member may pair with that retrieval
  // finds: equal, one edit, or written together or apart.
  double partner_weight = 0;
  // Postings reading the group would cost.
  size_t cost = 0;
  bool read = false;
  // Partner words, as a range of Scratch::partners.
  size_t partners_begin = 0;
  size_t partners_end = 0;
  // Listed pairs of words the representative writes as one, under its text and its key.
  std::array<const JoinedPostings*, 2> joined = {nullptr, nullptr};
};

// A listed word equal to two adjacent declared words written together.
struct JoinedPartner {
  TokenId id;
  size_t first_declared;
};

// What one screening thread reuses from one declared name to the next (Screen runs under a
// shared lock, so this cannot live in the index): per listed word and per listed name, an
// entry valid while its epoch is the current one, so that nothing is cleared per name.
struct Scratch {
  // Per token id: which declared tokens may pair with the listed word.
  struct TokenPairs {
    // The epoch times two, plus one once the one-by-one comparisons (two edits, joined
    // words) are done: 8 bytes an entry, so that the entries of all words stay in cache.
    uint32_t stamp = 0;
    uint32_t declared_mask = 0;

    bool compared() const { return (stamp & 1) != 0; }
  };
  std::vector<TokenPairs> token_pairs;
  // Per name slot: the epoch at which the name became a candidate, and which declared
  // groups (CollectCandidates) found it.
  struct Found {
    uint32_t epoch = 0;
    uint32_t groups = 0;
  };
  std::vector<Found> found;
  uint32_t epoch = 0;
  // Names whose adjacent words a declared word writes as one: the declared tokens and the
  // listed tokens of those pairs.
  absl::flat_hash_map<NameSlot, std::pair<uint32_t, uint32_t>> joined_pairs;
  std::vector<KeyHash> keys;
  std::vector<TokenId> looked_up;
  std::vector<TokenId> partners;
  std::vector<DeclaredGroup> groups;
  std::vector<JoinedPartner> joined_partners;
  // Of the declared name's tokens, for CollectCandidates and then for scoring.
  std::array<TokenSignature, kMaxNameTokens> signatures;
  // The names to score, by CollectCandidates.
  std::vector<NameSlot> candidates;
  // A candidate as ScoreNames reads it, rebuilt for each (the index keeps words once).
  NormalizedName listed_name;
  // Whether token_pairs holds, for every word of every candidate, each declared token it
  // is similar to (step 3 did every comparison a candidate needed).
  bool pairs_known = false;

  void Begin(size_t token_slots, size_t name_slots) {
    if (token_pairs.size() < token_slots) token_pairs.resize(token_slots);
    if (found.size() < name_slots) found.resize(name_slots);
    if (++epoch == kMaxEpoch) {
      for (TokenPairs& entry : token_pairs) entry = TokenPairs();
      std::fill(found.begin(), found.end(), Found());
      epoch = 1;
    }
    joined_pairs.clear();
    partners.clear();
    groups.clear();
    joined_partners.clear();
    candidates.clear();
  }

  TokenPairs& PairsOf(TokenId id) {
    TokenPairs& entry = token_pairs[id];
    if ((entry.stamp >> 1) != epoch) entry = TokenPairs{epoch << 1, 0};
    return entry;
  }

  // The entry of a word without making it current: an entry of another epoch reads as
  // nothing known, and the loop that only reads entries does not dirty their cache lines.
  TokenPairs Peek(TokenId id) const {
    const TokenPairs& entry = token_pairs[id];
    return (entry.stamp >> 1) == epoch ? entry : TokenPairs{epoch << 1, 0};
  }

  // Epochs fit TokenPairs::stamp.
  static constexpr uint32_t kMaxEpoch = uint32_t{1} << 31;
};

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

struct ScreeningIndex::Impl {
  explicit Impl(const ScreeningIndexOptions& options)
      : name_cache_entries(options.name_cache_entries) {}

  // Bounds the cache's memory; when full it is emptied and fills again with what repeats.
  const size_t name_cache_entries;
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
  std::vector<NameRecord> name_records ABSL_GUARDED_BY(mu);  // by name slot
  std::vector<NameSlot> free_names ABSL_GUARDED_BY(mu);
  // The distinct listed words; a declared word is compared with the words sharing one of
  // its retrieval keys, then reads the names holding those that are similar.
  std::vector<ListedToken> tokens ABSL_GUARDED_BY(mu);
  std::vector<TokenSummary> token_summaries ABSL_GUARDED_BY(mu);  // by token id
  std::vector<TokenId> free_tokens ABSL_GUARDED_BY(mu);
  absl::flat_hash_map<std::string, TokenId> token_by_text ABSL_GUARDED_BY(mu);
  TokenKeyIndex tokens_by_key ABSL_GUARDED_BY(mu);
  // Joined text or key of two adjacent listed words -> where they are.
  absl::flat_hash_map<KeyHash, JoinedPostings> joined_by_key ABSL_GUARDED_BY(mu);
  // Legal form and initials -> the names a declared name of those initials may be
  // (initials_match.h).
  absl::flat_hash_map<std::string, std::vector<NameSlot>> initials_by_key ABSL_GUARDED_BY(mu);
  // Skeleton word (arabic_skeleton.h) of kMinFiledSkeletonLength letters or more -> the
  // Latin names holding it, for declared names in Arabic script.
  absl::flat_hash_map<std::string, std::vector<NameSlot>> names_by_skeleton ABSL_GUARDED_BY(mu);
  // Normalized identifier -> parties listing it.
  absl::flat_hash_map<std::string, std::vector<PartySlot>> parties_by_identifier
      ABSL_GUARDED_BY(mu);

  void RemoveLocked(std::string_view party_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  void AddNameLocked(PartySlot party, const std::string& published)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  TokenId AcquireTokenLocked(const NameToken& token) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  void ReleaseTokenLocked(TokenId id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  void CollectCandidates(const NormalizedName& declared, double threshold, Scratch* scratch) const
      ABSL_SHARED_LOCKS_REQUIRED(mu);
  // The listed names at or above `threshold` for a declared name, from the cache when the
  // index has not changed since.
  std::vector<NameHit> NameHits(std::string_view name, double threshold) const
      ABSL_SHARED_LOCKS_REQUIRED(mu);
  // The Latin names a declared name in Arabic script matches by skeleton, into *hits.
  void SkeletonHits(std::string_view name, double threshold, std::vector<NameHit>* hits) const
      ABSL_SHARED_LOCKS_REQUIRED(mu);
};

TokenId ScreeningIndex::Impl::AcquireTokenLocked(const NameToken& token) {
  auto found = token_by_text.find(token.text);
  if (found != token_by_text.end()) return found->second;
  TokenId id;
  if (!free_tokens.empty()) {
    id = free_tokens.back();
    free_tokens.pop_back();
  } else {
    id = static_cast<TokenId>(tokens.size());
    tokens.emplace_back();
    token_summaries.emplace_back();
  }
  ListedToken& listed = tokens[id];
  listed.text = token.text;
  listed.key = token.key;
  listed.weight = token.weight;
  listed.signature = SignatureOf(token.text, token.key);
  listed.long_spelling = MayMatchWithTwoEdits(token.text, token.key);
  const std::vector<KeyHash> keys = TokenKeys(token.text, token.key);
  std::vector<TokenId> sharing;
  for (KeyHash key : keys)
    tokens_by_key.ForEach(key, [&](TokenId other) { sharing.push_back(other); });
  std::sort(sharing.begin(), sharing.end());
  sharing.erase(std::unique(sharing.begin(), sharing.end()), sharing.end());
  listed.partners.push_back(id);
  listed.max_partner_weight = listed.weight;
  for (TokenId other : sharing) {
    ListedToken& partner = tokens[other];
    if (TokenSimilarity(listed.text, listed.key, listed.signature, partner.text, partner.key,
                        partner.signature) <= 0) {
      continue;
    }
    listed.partners.push_back(other);
    listed.max_partner_weight = std::max(listed.max_partner_weight, partner.weight);
    partner.partners.push_back(id);
    partner.max_partner_weight = std::max(partner.max_partner_weight, listed.weight);
  }
  for (KeyHash key : keys) tokens_by_key.Add(key, id);
  token_by_text.emplace(token.text, id);
  TokenSummary& summary = token_summaries[id];
  summary.weight = RoundedUp(listed.weight);
  summary.name_count = 0;
  summary.long_spelling = listed.long_spelling ? 1 : 0;
  return id;
}

void ScreeningIndex::Impl::ReleaseTokenLocked(TokenId id) {
  ListedToken& listed = tokens[id];
  GK_CHECK(listed.names.empty());
  for (TokenId other : listed.partners) {
    if (other == id) continue;
    ListedToken& partner = tokens[other];
    EraseSlot(&partner.partners, id);
    partner.max_partner_weight = 0;
    for (TokenId kept : partner.partners) {
      partner.max_partner_weight = std::max(partner.max_partner_weight, tokens[kept].weight);
    }
  }
  for (KeyHash key : TokenKeys(listed.text, listed.key)) tokens_by_key.Remove(key, id);
  token_by_text.erase(listed.text);
  listed = ListedToken();
  token_summaries[id] = TokenSummary();
  free_tokens.push_back(id);
}

void ScreeningIndex::Impl::RemoveLocked(std::string_view party_id) {
  // Debian's Abseil keeps its own string_view, which the heterogeneous lookup needs.
  auto found = party_by_id.find(absl::string_view(party_id.data(), party_id.size()));
  if (found == party_by_id.end()) return;
  const PartySlot slot = found->second;
  PartyEntry& party = parties[slot];
  for (NameSlot name_slot : party.names) {
    ListedName& name = names[name_slot];
    // The joined postings first: they are found by the words' spellings, which go with the
    // last name holding them.
    for (size_t first = 0; first + 1 < name.token_ids.size(); ++first) {
      const ListedToken& a = tokens[name.token_ids[first]];
      const ListedToken& b = tokens[name.token_ids[first + 1]];
      size_t key_count = 0;
      const std::array<KeyHash, 2> keys = JoinedKeys(a.text, a.key, b.text, b.key, &key_count);
      for (size_t k = 0; k < key_count; ++k) {
        auto filed = joined_by_key.find(keys[k]);
        GK_CHECK(filed != joined_by_key.end());
        std::vector<JoinedPosting>& postings = filed->second.postings;
        auto it = std::find_if(postings.begin(), postings.end(), [&](const JoinedPosting& p) {
          return p.name == name_slot && p.first_token == first;
        });
        GK_CHECK(it != postings.end());
        *it = postings.back();
        postings.pop_back();
        if (postings.empty()) joined_by_key.erase(filed);
      }
    }
    const WeightedName posting{static_cast<float>(name_records[name_slot].total_weight), name_slot};
    std::vector<TokenId> distinct = name.token_ids;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (TokenId id : distinct) {
      std::vector<WeightedName>& holders = tokens[id].names;
      auto it = std::lower_bound(holders.begin(), holders.end(), posting);
      GK_CHECK(it != holders.end() && *it == posting);
      holders.erase(it);
      token_summaries[id].name_count = static_cast<uint32_t>(holders.size());
      if (holders.empty()) ReleaseTokenLocked(id);
    }
    std::vector<std::string> skeletons = name.skeletons;
    std::sort(skeletons.begin(), skeletons.end());
    skeletons.erase(std::unique(skeletons.begin(), skeletons.end()), skeletons.end());
    for (const std::string& skeleton : skeletons) {
      if (skeleton.size() < kMinFiledSkeletonLength) continue;
      auto filed = names_by_skeleton.find(skeleton);
      GK_CHECK(filed != names_by_skeleton.end());
      EraseSlot(&filed->second, name_slot);
      if (filed->second.empty()) names_by_skeleton.erase(filed);
    }
    for (const std::string& key : name.initials_keys) {
      auto filed = initials_by_key.find(key);
      GK_CHECK(filed != initials_by_key.end());
      EraseSlot(&filed->second, name_slot);
      if (filed->second.empty()) initials_by_key.erase(filed);
    }
    name = ListedName();
    name_records[name_slot] = NameRecord();
    free_names.push_back(name_slot);
  }
  for (const auto& [normalized, published] : party.identifiers) {
    auto listed = parties_by_identifier.find(normalized);
    GK_CHECK(listed != parties_by_identifier.end());
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
    name_records.emplace_back();
  }
  ListedName& name = names[slot];
  name.party = party;
  name.published = published;
  name.initials_keys = normalized.initials_keys;
  for (const std::string& key : name.initials_keys) initials_by_key[key].push_back(slot);
  {
    std::vector<std::string> texts;
    texts.reserve(normalized.tokens.size());
    for (const NameToken& token : normalized.tokens) texts.push_back(token.text);
    name.skeletons = LatinSkeletonWords(texts);
    std::vector<std::string> distinct = name.skeletons;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (const std::string& skeleton : distinct) {
      if (skeleton.size() >= kMinFiledSkeletonLength) names_by_skeleton[skeleton].push_back(slot);
    }
  }
  const float name_weight = static_cast<float>(normalized.total_weight);
  for (size_t j = 0; j < normalized.tokens.size(); ++j) {
    const TokenId id = AcquireTokenLocked(normalized.tokens[j]);
    const bool repeated =
        std::find(name.token_ids.begin(), name.token_ids.end(), id) != name.token_ids.end();
    name.token_ids.push_back(id);
    if (repeated) continue;
    std::vector<WeightedName>& holders = tokens[id].names;
    const WeightedName posting{name_weight, slot};
    holders.insert(std::upper_bound(holders.begin(), holders.end(), posting), posting);
    token_summaries[id].name_count = static_cast<uint32_t>(holders.size());
  }
  NameRecord& record = name_records[slot];
  record.total_weight = normalized.total_weight;
  record.token_count = static_cast<uint32_t>(name.token_ids.size());
  for (size_t j = 0; j < std::min(name.token_ids.size(), kRecordTokens); ++j) {
    record.token_ids[j] = name.token_ids[j];
  }
  for (size_t first = 0; first + 1 < normalized.tokens.size(); ++first) {
    size_t key_count = 0;
    const NameToken& a = normalized.tokens[first];
    const NameToken& b = normalized.tokens[first + 1];
    const std::array<KeyHash, 2> keys = JoinedKeys(a.text, a.key, b.text, b.key, &key_count);
    const double pair_weight =
        normalized.tokens[first].weight + normalized.tokens[first + 1].weight;
    for (size_t k = 0; k < key_count; ++k) {
      JoinedPostings& filed = joined_by_key[keys[k]];
      filed.postings.push_back(JoinedPosting{name_weight, slot, static_cast<uint32_t>(first)});
      filed.max_pair_weight = std::max(filed.max_pair_weight, pair_weight);
    }
  }
  parties[party].names.push_back(slot);
}

// Finds the listed names that may score at or above the threshold, into
// scratch->candidates. Three steps, each an upper bound, so that no name is dropped that
// scoring every listed name would find through the pairs retrieval sees (equal, one edit,
// written together or apart); words of two edits are seen only in names found otherwise.
//
// 1. Word by word: each declared word's partners, the listed words similar to it
//    (TokenSimilarity > 0) that share a retrieval key with it (kept per listed word, so a
//    declared word spelled like a listed one looks up nothing), and so the heaviest listed
//    word it can pair with. Cheap: it reads words, not names.
// 2. Which words to read the names of. A listed name matching only declared words of
//    weight W_U, with partners of weight at most M_U, scores at most
//    (W_U + M_U) / (W_declared + M_U) (a listed name weighs at least what it matches), so
//    the words whose names cost the most per unit of weight are not read as long as that
//    stays below the threshold: "Muhamed Energy Organization Of Iran" reads the names of
//    the words similar to "iran" only. Of those names, only the ones light enough are read:
//    with M the heaviest any declared word's partners can weigh in all (two-edit partners
//    counted at the heaviest weight a word can have), a listed name of weight W_L scores at
//    most (W_declared + M) / (W_declared + W_L), and postings are sorted by W_L.
// 3. Each name found is bounded, first by the declared words that found it (3a), then by
//    its own words (3b): the declared words that may pair with one of its words (found in
//    step 1, or compared one by one for two edits), and its words that may pair with one
//    of them, give (W_paired_declared + W_paired_listed) / (W_declared + W_listed). Only
//    the names left are scored.
void ScreeningIndex::Impl::CollectCandidates(const NormalizedName& declared, double threshold,
                                             Scratch* scratch) const {
  Scratch& s = *scratch;
  s.Begin(tokens.size(), names.size());
  const size_t declared_tokens = std::min(declared.tokens.size(), kMaxNameTokens);
  const double clamped = std::clamp(threshold, 0.0, 1.0);
  // The bounds prune nothing at or below this threshold.
  const bool prune = clamped > kBoundSlack;
  const double target = clamped - kBoundSlack;
  s.pairs_known = prune;

  std::array<TokenSignature, kMaxNameTokens>& signatures = s.signatures;
  std::array<size_t, kMaxNameTokens> group_of;
  uint32_t long_mask = 0;
  std::vector<DeclaredGroup>& groups = s.groups;
  for (size_t i = 0; i < declared_tokens; ++i) {
    const NameToken& token = declared.tokens[i];
    if (MayMatchWithTwoEdits(token.text, token.key)) long_mask |= 1u << i;
    size_t g = 0;
    while (g < groups.size() && declared.tokens[groups[g].representative].text != token.text) ++g;
    if (g == groups.size()) {
      groups.emplace_back();
      DeclaredGroup& group = groups.back();
      group.representative = i;
      auto listed_word = token_by_text.find(token.text);
      if (listed_word != token_by_text.end()) group.listed = listed_word->second;
    }
    DeclaredGroup& group = groups[g];
    group.members |= 1u << i;
    group.weight += token.weight;
    group_of[i] = g;
    signatures[i] = group.listed != kNoToken ? tokens[group.listed].signature
                                             : SignatureOf(token.text, token.key);
  }

  // Step 1: partners, word by word.
  for (DeclaredGroup& group : groups) {
    const NameToken& token = declared.tokens[group.representative];
    const TokenSignature& signature = signatures[group.representative];
    group.partners_begin = s.partners.size();
    if (group.listed != kNoToken) {
      // A listed word: its partners are known.
      const ListedToken& listed = tokens[group.listed];
      s.partners.insert(s.partners.end(), listed.partners.begin(), listed.partners.end());
      group.partner_weight = listed.max_partner_weight;
    } else {
      s.keys.clear();
      AppendTokenKeys(token.text, token.key, &s.keys);
      s.looked_up.clear();
      for (KeyHash key : s.keys) {
        tokens_by_key.ForEach(key, [&](TokenId id) { s.looked_up.push_back(id); });
      }
      std::sort(s.looked_up.begin(), s.looked_up.end());
      s.looked_up.erase(std::unique(s.looked_up.begin(), s.looked_up.end()), s.looked_up.end());
      for (TokenId id : s.looked_up) {
        const ListedToken& listed = tokens[id];
        if (TokenSimilarity(token.text, token.key, signature, listed.text, listed.key,
                            listed.signature) <= 0) {
          continue;
        }
        s.partners.push_back(id);
        group.partner_weight = std::max(group.partner_weight, listed.weight);
      }
    }
    group.partners_end = s.partners.size();
    // Listed pairs of words this word writes as one.
    const KeyHash joined_keys[2] = {HashKey(token.key), HashKey(token.text)};
    for (size_t k = 0; k < (token.key == token.text ? 1 : 2); ++k) {
      auto filed = joined_by_key.find(joined_keys[k]);
      if (filed == joined_by_key.end()) continue;
      group.joined[k] = &filed->second;
      group.partner_weight = std::max(group.partner_weight, filed->second.max_pair_weight);
    }
  }
  // Listed words that write two adjacent declared words as one.
  std::vector<JoinedPartner>& joined_partners = s.joined_partners;
  for (size_t i = 0; i + 1 < declared_tokens; ++i) {
    const NameToken& first = declared.tokens[i];
    const NameToken& second = declared.tokens[i + 1];
    const KeyHash keys[2] = {HashJoined(first.key, second.key),
                             HashJoined(first.text, second.text)};
    s.looked_up.clear();
    for (size_t k = 0; k < (keys[0] == keys[1] ? 1 : 2); ++k) {
      tokens_by_key.ForEach(keys[k], [&](TokenId id) { s.looked_up.push_back(id); });
    }
    std::sort(s.looked_up.begin(), s.looked_up.end());
    s.looked_up.erase(std::unique(s.looked_up.begin(), s.looked_up.end()), s.looked_up.end());
    for (TokenId id : s.looked_up) {
      const ListedToken& listed = tokens[id];
      if (!IsConcatenation(listed.text, first.text, second.text) &&
          !IsConcatenation(listed.key, first.key, second.key)) {
        continue;
      }
      joined_partners.push_back(JoinedPartner{id, i});
      for (size_t side : {i, i + 1}) {
        DeclaredGroup& group = groups[group_of[side]];
        group.partner_weight = std::max(group.partner_weight, listed.weight);
      }
    }
  }

  // Step 2: which words' names to read, and how heavy a name may be.
  double all_partners_weight = 0;
  for (size_t i = 0; i < declared_tokens; ++i) {
    double partner = groups[group_of[i]].partner_weight;
    if ((long_mask & (1u << i)) != 0) partner = std::max(partner, MaxTokenWeight());
    all_partners_weight += partner;
  }
  const double total = declared.total_weight;
  const double heaviest_name =
      prune ? ((total + all_partners_weight) / target - total) * (1 + kFloatWeightSlack) +
                  kFloatWeightSlack
            : std::numeric_limits<double>::infinity();
  const float heaviest_name_float = heaviest_name >= std::numeric_limits<float>::max()
                                        ? std::numeric_limits<float>::infinity()
                                        : static_cast<float>(heaviest_name);
  auto light_names = [&](const std::vector<WeightedName>& holders) {
    return static_cast<size_t>(std::upper_bound(holders.begin(), holders.end(), heaviest_name_float,
                                                [](float limit, const WeightedName& name) {
                                                  return limit < name.weight;
                                                }) -
                               holders.begin());
  };
  // The cost of a word counts all names of its partners, light or not: counting only the
  // light ones would read every partner's postings, most of which are never read.
  for (DeclaredGroup& group : groups) {
    for (size_t p = group.partners_begin; p < group.partners_end; ++p) {
      group.cost += token_summaries[s.partners[p]].name_count;
    }
    for (const JoinedPostings* joined : group.joined) {
      if (joined != nullptr) group.cost += joined->postings.size();
    }
  }
  for (const JoinedPartner& partner : joined_partners) {
    const size_t cost = token_summaries[partner.id].name_count;
    groups[group_of[partner.first_declared]].cost += cost;
    groups[group_of[partner.first_declared + 1]].cost += cost;
  }
  std::array<size_t, kMaxNameTokens> order;
  for (size_t g = 0; g < groups.size(); ++g) order[g] = g;
  std::sort(order.begin(), order.begin() + groups.size(), [&](size_t a, size_t b) {
    const double a_cost = static_cast<double>(groups[a].cost) / groups[a].weight;
    const double b_cost = static_cast<double>(groups[b].cost) / groups[b].weight;
    if (a_cost != b_cost) return a_cost > b_cost;
    return a < b;
  });
  double unread_weight = 0;
  double unread_partner_weight = 0;
  for (size_t k = 0; k < groups.size(); ++k) {
    DeclaredGroup& group = groups[order[k]];
    // A word with nothing to read is read for free.
    group.read = true;
    if (!prune || group.cost <= kCheapLookupNames) continue;
    const double members = static_cast<double>(__builtin_popcount(group.members));
    const double weight = unread_weight + group.weight;
    const double partner_weight = unread_partner_weight + members * group.partner_weight;
    if ((weight + partner_weight) / (total + partner_weight) < target) {
      group.read = false;
      unread_weight = weight;
      unread_partner_weight = partner_weight;
    }
  }

  // Which declared tokens each partner word may pair with.
  for (const DeclaredGroup& group : groups) {
    for (size_t p = group.partners_begin; p < group.partners_end; ++p) {
      s.PairsOf(s.partners[p]).declared_mask |= group.members;
    }
  }
  for (const JoinedPartner& partner : joined_partners) {
    s.PairsOf(partner.id).declared_mask |= 3u << partner.first_declared;
  }

  // Reading the names.
  size_t postings_read = 0;
  auto add_candidate = [&](NameSlot slot, uint32_t group_bits) {
    Scratch::Found& found = s.found[slot];
    if (found.epoch != s.epoch) {
      found = Scratch::Found{s.epoch, 0};
      s.candidates.push_back(slot);
    }
    found.groups |= group_bits;
  };
  // Groups not all of whose names were read: a name found otherwise may hold one of their
  // partners.
  uint32_t cut_groups = 0;
  auto read_names = [&](TokenId id, uint32_t group_bits) {
    const std::vector<WeightedName>& holders = tokens[id].names;
    const size_t light = light_names(holders);
    const size_t taken =
        std::min(light, kMaxCandidateNames - std::min(kMaxCandidateNames, postings_read));
    if (taken < light) cut_groups |= group_bits;
    postings_read += taken;
    for (size_t k = 0; k < taken; ++k) add_candidate(holders[k].name, group_bits);
  };
  for (size_t g = 0; g < groups.size(); ++g) {
    const DeclaredGroup& group = groups[g];
    if (!group.read) continue;
    for (size_t p = group.partners_begin; p < group.partners_end; ++p) {
      read_names(s.partners[p], 1u << g);
    }
  }
  for (const JoinedPartner& partner : joined_partners) {
    const size_t first = group_of[partner.first_declared];
    const size_t second = group_of[partner.first_declared + 1];
    if (groups[first].read || groups[second].read) {
      read_names(partner.id, (1u << first) | (1u << second));
    }
  }
  // Declared words written as two listed words: read for every word, for the bound of the
  // names found otherwise, unless there are too many for a word that is not read.
  uint32_t unknown_joins_mask = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    const DeclaredGroup& group = groups[g];
    const NameToken& token = declared.tokens[group.representative];
    for (const JoinedPostings* joined : group.joined) {
      if (joined == nullptr) continue;
      const size_t limit = group.read
                               ? kMaxCandidateNames - std::min(kMaxCandidateNames, postings_read)
                               : kMaxUnreadJoinPostings;
      if (joined->postings.size() > limit) {
        unknown_joins_mask |= group.members;
        if (!group.read) continue;
      }
      const size_t taken = std::min(limit, joined->postings.size());
      if (group.read) postings_read += taken;
      for (size_t p = 0; p < taken; ++p) {
        const JoinedPosting& posting = joined->postings[p];
        if (posting.weight > heaviest_name_float) continue;
        const std::vector<TokenId>& listed = names[posting.name].token_ids;
        const ListedToken& first = tokens[listed[posting.first_token]];
        const ListedToken& second = tokens[listed[posting.first_token + 1]];
        if (!IsConcatenation(token.text, first.text, second.text) &&
            !IsConcatenation(token.key, first.key, second.key)) {
          continue;
        }
        auto& [declared_mask, listed_mask] = s.joined_pairs[posting.name];
        declared_mask |= group.members;
        listed_mask |= 3u << posting.first_token;
        if (group.read) add_candidate(posting.name, 1u << g);
      }
    }
  }

  // Step 3a: each name found, bounded by the declared words that found it, before any of
  // its own words is read. Words that may pair with it without having found it: the words
  // not read, the long words (two edits, which retrieval does not see) and the words whose
  // joined postings were not all read; each with the heaviest partner it may have. A name
  // found by one common word only usually fails this: "Salim ... Muhammad" reads the names
  // of three words, and the names that only one of them found are dropped here. (Words
  // whose names were not all read, past kMaxCandidateNames, count as not read.)
  if (prune) {
    std::array<double, kMaxNameTokens> found_partner_weight;
    double always_weight = 0;
    double always_partner_weight = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
      const DeclaredGroup& group = groups[g];
      const double members = static_cast<double>(__builtin_popcount(group.members));
      const bool long_group = (group.members & long_mask) != 0;
      double partner = group.partner_weight;
      if (long_group) partner = std::max(partner, MaxTokenWeight());
      found_partner_weight[g] = members * partner;
      if (!group.read || long_group || (group.members & unknown_joins_mask) != 0 ||
          (cut_groups & (1u << g)) != 0) {
        always_weight += group.weight;
        always_partner_weight += found_partner_weight[g];
        found_partner_weight[g] = -1;  // counted already
      }
    }
    size_t kept = 0;
    for (NameSlot slot : s.candidates) {
      double weight = always_weight;
      double partner_weight = always_partner_weight;
      for (uint32_t mask = s.found[slot].groups; mask != 0; mask &= mask - 1) {
        const size_t g = static_cast<size_t>(__builtin_ctz(mask));
        if (found_partner_weight[g] < 0) continue;
        weight += groups[g].weight;
        partner_weight += found_partner_weight[g];
      }
      if ((weight + partner_weight) / (total + partner_weight) < target) continue;
      s.candidates[kept++] = slot;
    }
    s.candidates.resize(kept);
  }

  // Step 3b: each name left, bounded by its own words. First without the one-by-one
  // comparisons, assuming that every long word of the name not known to pair may pair with
  // one of the long declared words (one to one, the heaviest first): most names fail even
  // that bound, and the comparisons are the expensive part. Then, for the names left, with
  // the comparisons.
  std::array<size_t, kMaxNameTokens> long_by_weight;  // declared long tokens, heaviest first
  size_t long_count = 0;
  for (uint32_t mask = long_mask; mask != 0; mask &= mask - 1) {
    long_by_weight[long_count++] = static_cast<size_t>(__builtin_ctz(mask));
  }
  std::sort(long_by_weight.begin(), long_by_weight.begin() + long_count, [&](size_t a, size_t b) {
    return declared.tokens[a].weight > declared.tokens[b].weight;
  });
  auto declared_weight_of = [&](uint32_t mask) {
    double weight = 0;
    for (; mask != 0; mask &= mask - 1) weight += declared.tokens[__builtin_ctz(mask)].weight;
    return weight;
  };
  // Compares a listed word with the declared words retrieval may have missed.
  auto compare_one_by_one = [&](TokenId id, Scratch::TokenPairs* pairs) {
    pairs->stamp |= 1;
    uint32_t unknown =
        (token_summaries[id].long_spelling != 0 ? long_mask : 0) | unknown_joins_mask;
    unknown &= ~pairs->declared_mask;
    if (unknown == 0) return;
    const ListedToken& token = tokens[id];
    for (; unknown != 0; unknown &= unknown - 1) {
      const size_t i = static_cast<size_t>(__builtin_ctz(unknown));
      const NameToken& word = declared.tokens[i];
      // Every other similar pair was found by its keys in step 1.
      const bool pairs_with =
          ((unknown_joins_mask & (1u << i)) != 0 &&
           (IsProperPart(word.text, token.text) || IsProperPart(word.key, token.key))) ||
          WithinTwoEditTypo(word.text, word.key, signatures[i], token.text, token.key,
                            token.signature);
      if (pairs_with) pairs->declared_mask |= 1u << i;
    }
  };
  // The records are read in candidate order, and then their words' entries; asking for
  // the records well ahead, and for the words' entries of the records already asked for,
  // hides most of the cache misses, which are most of the cost of this loop.
  constexpr size_t kPrefetchRecordsAhead = 16;
  constexpr size_t kPrefetchWordsAhead = 8;
  for (size_t k = 0; k < std::min(kPrefetchRecordsAhead, s.candidates.size()); ++k) {
    __builtin_prefetch(&name_records[s.candidates[k]]);
  }
  size_t kept = 0;
  for (size_t c = 0; c < s.candidates.size(); ++c) {
    const NameSlot slot = s.candidates[c];
    if (c + kPrefetchRecordsAhead < s.candidates.size()) {
      __builtin_prefetch(&name_records[s.candidates[c + kPrefetchRecordsAhead]]);
    }
    if (c + kPrefetchWordsAhead < s.candidates.size()) {
      const NameRecord& ahead = name_records[s.candidates[c + kPrefetchWordsAhead]];
      for (size_t j = 0; j < std::min<size_t>(ahead.token_count, kRecordTokens); ++j) {
        __builtin_prefetch(&s.token_pairs[ahead.token_ids[j]]);
        __builtin_prefetch(&token_summaries[ahead.token_ids[j]]);
      }
    }
    const NameRecord& record = name_records[slot];
    uint32_t joined_declared = 0;
    uint32_t listed_joined = 0;
    if (!s.joined_pairs.empty()) {
      auto joined = s.joined_pairs.find(slot);
      if (joined != s.joined_pairs.end()) {
        joined_declared = joined->second.first;
        listed_joined = joined->second.second;
      }
    }
    const size_t listed_tokens = record.token_count;
    const TokenId* token_ids =
        listed_tokens <= kRecordTokens ? record.token_ids.data() : names[slot].token_ids.data();
    if (!prune) {
      s.candidates[kept++] = slot;
      continue;
    }
    const double denominator = total + record.total_weight;
    // Without the comparisons not done yet.
    uint32_t declared_paired = joined_declared;
    double listed_paired_weight = 0;
    size_t listed_long = 0;
    std::array<float, kMaxNameTokens> open_long_weights;  // long, not known to pair
    size_t open_long = 0;
    bool uncompared = false;  // some word still needs the one-by-one comparisons
    for (size_t j = 0; j < listed_tokens; ++j) {
      const TokenId id = token_ids[j];
      const Scratch::TokenPairs pairs = s.Peek(id);
      const TokenSummary& summary = token_summaries[id];
      if (pairs.declared_mask != 0 || (listed_joined & (1u << j)) != 0) {
        listed_paired_weight += summary.weight;
        declared_paired |= pairs.declared_mask;
      } else if (summary.long_spelling != 0 && !pairs.compared()) {
        open_long_weights[open_long++] = summary.weight;
      }
      if (summary.long_spelling != 0) ++listed_long;
      // Only long words and words written together are compared one by one.
      uncompared = uncompared ||
                   (!pairs.compared() &&
                    ((summary.long_spelling != 0 && long_mask != 0) || unknown_joins_mask != 0));
    }
    double optimistic = declared_weight_of(declared_paired) + listed_paired_weight;
    if (unknown_joins_mask != 0 && uncompared) {
      optimistic = denominator;  // no cheap bound for words written together
    } else {
      // Each open listed word pairs with at most one declared long word, and each declared
      // long word not known to pair with at most one listed long word.
      if (open_long > long_count) {
        std::sort(open_long_weights.begin(), open_long_weights.begin() + open_long,
                  [](float a, float b) { return a > b; });
      }
      for (size_t k = 0; k < std::min(open_long, long_count); ++k) {
        optimistic += open_long_weights[k];
      }
      size_t added = 0;
      for (size_t k = 0; k < long_count && added < listed_long; ++k) {
        const size_t i = long_by_weight[k];
        if ((declared_paired & (1u << i)) != 0) continue;
        optimistic += declared.tokens[i].weight;
        ++added;
      }
    }
    if (optimistic / denominator < target) continue;
    if (uncompared) {
      declared_paired = joined_declared;
      listed_paired_weight = 0;
      for (size_t j = 0; j < listed_tokens; ++j) {
        const TokenId id = token_ids[j];
        Scratch::TokenPairs& pairs = s.PairsOf(id);
        if (!pairs.compared()) compare_one_by_one(id, &pairs);
        if (pairs.declared_mask != 0 || (listed_joined & (1u << j)) != 0) {
          listed_paired_weight += token_summaries[id].weight;
          declared_paired |= pairs.declared_mask;
        }
      }
      const double bound = declared_weight_of(declared_paired) + listed_paired_weight;
      if (bound / denominator < target) continue;
    }
    s.candidates[kept++] = slot;
  }
  s.candidates.resize(kept);
  std::sort(s.candidates.begin(), s.candidates.end());
}

std::vector<NameHit> ScreeningIndex::Impl::NameHits(std::string_view name, double threshold) const {
  const bool cached_names = name_cache_entries > 0;
  const std::string key = cached_names ? std::string(name) : std::string();
  if (cached_names) {
    absl::MutexLock lock(&cache_mu);
    auto cached = name_cache.find(key);
    if (cached != name_cache.end() && cached->second.generation == generation &&
        cached->second.threshold == threshold) {
      return cached->second.hits;
    }
  }
  std::vector<NameHit> hits;
  const NormalizedName declared = NormalizeName(name, [this](const std::string& text) {
    KnownWord word;
    auto listed = token_by_text.find(text);
    if (listed == token_by_text.end()) return word;
    word.key = &tokens[listed->second].key;
    word.weight = tokens[listed->second].weight;
    return word;
  });
  if (!declared.empty()) {
    thread_local Scratch scratch;
    CollectCandidates(declared, threshold, &scratch);
    std::array<TokenSignature, kMaxNameTokens> listed_signatures;
    std::array<uint32_t, kMaxNameTokens> pair_masks;
    NormalizedName& normalized = scratch.listed_name;
    // A declared name of initials and a legal form is scored also against the names with
    // those initials and form, which share no word with it (initials_match.h).
    const std::vector<std::string> initials_keys = DeclaredInitialsKeys(declared);
    const size_t retrieved = scratch.candidates.size();
    for (const std::string& initials_key : initials_keys) {
      auto filed = initials_by_key.find(initials_key);
      if (filed == initials_by_key.end()) continue;
      for (NameSlot slot : filed->second) {
        const auto end = scratch.candidates.end();
        if (!std::binary_search(scratch.candidates.begin(), scratch.candidates.begin() + retrieved,
                                slot) &&
            std::find(scratch.candidates.begin() + retrieved, end, slot) == end) {
          scratch.candidates.push_back(slot);
        }
      }
    }
    normalized.initials_keys.clear();
    for (size_t c = 0; c < scratch.candidates.size(); ++c) {
      const NameSlot slot = scratch.candidates[c];
      const ListedName& listed = names[slot];
      if (!initials_keys.empty()) normalized.initials_keys = listed.initials_keys;
      // The name as NormalizeName gave it, from its words: the same tokens and total.
      normalized.tokens.resize(listed.token_ids.size());
      normalized.total_weight = name_records[slot].total_weight;
      for (size_t j = 0; j < listed.token_ids.size(); ++j) {
        const TokenId id = listed.token_ids[j];
        const ListedToken& word = tokens[id];
        normalized.tokens[j].text = word.text;
        normalized.tokens[j].key = word.key;
        normalized.tokens[j].weight = word.weight;
        listed_signatures[j] = word.signature;
        // Without pruning the one-by-one comparisons were not all done.
        pair_masks[j] =
            scratch.pairs_known && c < retrieved ? scratch.Peek(id).declared_mask : ~uint32_t{0};
      }
      const double score = ScoreNames(declared, scratch.signatures.data(), normalized,
                                      listed_signatures.data(), pair_masks.data());
      if (score < threshold) continue;
      hits.push_back(NameHit{listed.party, listed.published, score});
    }
  }
  if (HasArabicLetters(name)) SkeletonHits(name, threshold, &hits);
  if (!cached_names) return hits;
  absl::MutexLock lock(&cache_mu);
  if (name_cache.size() >= name_cache_entries) name_cache.clear();
  name_cache[key] = CachedNameHits{generation, threshold, hits};
  return hits;
}

void ScreeningIndex::Impl::SkeletonHits(std::string_view name, double threshold,
                                        std::vector<NameHit>* hits) const {
  const std::vector<std::string> declared = ArabicSkeletonWords(name);
  // Each Latin name holding a declared word, with how many declared letters found it; only
  // the names found by the most are scored. A bound, not an exact one: the path is for the
  // rare declaration in Arabic script and must not cost the milliseconds that scoring every
  // name holding "mhmd" would.
  // The words' names, rarest first.
  std::vector<std::pair<const std::vector<NameSlot>*, uint32_t>> postings;  // names, letters
  for (const std::string& skeleton : declared) {
    if (skeleton.size() < kMinFiledSkeletonLength) continue;
    auto filed = names_by_skeleton.find(skeleton);
    if (filed == names_by_skeleton.end()) continue;
    postings.emplace_back(&filed->second, static_cast<uint32_t>(skeleton.size()));
  }
  std::sort(postings.begin(), postings.end(),
            [](const auto& a, const auto& b) { return a.first->size() < b.first->size(); });
  absl::flat_hash_map<NameSlot, uint32_t> found;
  // Sized once for what the words can add (the growth rehashes were ~9 % of this path).
  size_t expected_found = 0;
  for (size_t k = 0; k < postings.size() && k < kReadSkeletonWords; ++k) {
    expected_found += std::min(postings[k].first->size(), kMaxReadSkeletonNames);
  }
  found.reserve(std::min(expected_found, kReadSkeletonWords * kMaxReadSkeletonNames));
  for (size_t k = 0; k < postings.size() && k < kReadSkeletonWords; ++k) {
    const std::vector<NameSlot>& names_holding = *postings[k].first;
    // Past the rarest word, a word in too many names is not read: its first names would
    // crowd out the ones found by the rarer words.
    if (k > 0 && names_holding.size() > kMaxReadSkeletonNames) break;
    const size_t read = std::min(names_holding.size(), kMaxReadSkeletonNames);
    for (size_t n = 0; n < read; ++n) found[names_holding[n]] += postings[k].second;
  }
  std::vector<std::pair<uint32_t, NameSlot>> ranked;
  ranked.reserve(found.size());
  for (const auto& [slot, letters] : found) ranked.emplace_back(letters, slot);
  const size_t scored = std::min(ranked.size(), kMaxScoredSkeletonNames);
  std::partial_sort(ranked.begin(), ranked.begin() + scored, ranked.end(),
                    [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first > b.first : a.second < b.second;
                    });
  for (size_t k = 0; k < scored; ++k) {
    const ListedName& listed = names[ranked[k].second];
    const double score = ScoreSkeletons(declared, listed.skeletons);
    if (score >= threshold) hits->push_back(NameHit{listed.party, listed.published, score});
  }
}

ScreeningIndex::ScreeningIndex() : ScreeningIndex(ScreeningIndexOptions()) {}

ScreeningIndex::ScreeningIndex(const ScreeningIndexOptions& options) : impl_(new Impl(options)) {}

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
    const bool seen =
        std::any_of(entry.identifiers.begin(), entry.identifiers.end(),
                    [&key = normalized](const auto& kept) { return kept.first == key; });
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
                 VectorBytes(impl.names) + VectorBytes(impl.name_records) +
                 VectorBytes(impl.free_names) + VectorBytes(impl.tokens) +
                 VectorBytes(impl.token_summaries) + VectorBytes(impl.free_tokens) +
                 HashMapBytes(impl.party_by_id) + HashMapBytes(impl.token_by_text) +
                 impl.tokens_by_key.memory_bytes() + HashMapBytes(impl.joined_by_key) +
                 HashMapBytes(impl.parties_by_identifier) + HashMapBytes(impl.initials_by_key) +
                 HashMapBytes(impl.names_by_skeleton);
  for (const PartyEntry& party : impl.parties) {
    bytes +=
        StringHeapBytes(party.party_id) + VectorBytes(party.names) + VectorBytes(party.identifiers);
    for (const auto& [normalized, published] : party.identifiers) {
      bytes += StringHeapBytes(normalized) + StringHeapBytes(published);
    }
  }
  for (const auto& [id, slot] : impl.party_by_id) bytes += StringHeapBytes(id);
  for (const ListedName& name : impl.names) {
    bytes += StringHeapBytes(name.published) + VectorBytes(name.token_ids) +
             VectorBytes(name.initials_keys);
    for (const std::string& key : name.initials_keys) bytes += StringHeapBytes(key);
    bytes += VectorBytes(name.skeletons);
    for (const std::string& skeleton : name.skeletons) bytes += StringHeapBytes(skeleton);
  }
  for (const ListedToken& token : impl.tokens) {
    bytes += StringHeapBytes(token.text) + StringHeapBytes(token.key) + VectorBytes(token.names) +
             VectorBytes(token.partners);
  }
  for (const auto& [text, id] : impl.token_by_text) bytes += StringHeapBytes(text);
  for (const auto& [key, joined] : impl.joined_by_key) bytes += VectorBytes(joined.postings);
  for (const auto& [skeleton, slots] : impl.names_by_skeleton) {
    bytes += StringHeapBytes(skeleton) + VectorBytes(slots);
  }
  for (const auto& [key, slots] : impl.initials_by_key) {
    bytes += StringHeapBytes(key) + VectorBytes(slots);
  }
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
