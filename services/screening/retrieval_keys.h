// The keys of the screening index's inverted indexes, as 64-bit hashes: a listed token is
// filed under its keys, and a declared token looks up its own, so that screening compares
// a declared word with the few listed words that share a key instead of every listed word.
//
// One-letter typos are found with deletion neighbourhoods: a token is filed and looked up
// under its phonetic key and its normalized text, and each of these of at least
// kMinTypoTokenLength ASCII characters also with one character deleted ("melli" under
// "elli", "mlli", "meli", "mell"); two spellings one edit apart (insertion, deletion,
// substitution or transposition) always share one of these keys. Two edits (which
// TokenSimilarity allows in long words) are not covered: such a name is found through its
// other words. Words written together or apart ("Alqaida" / "Al Qaida") are found by filing
// adjacent listed tokens under their joined text and joined key (HashJoined).
//
// Hashes rather than strings: no allocation per key, half the memory of the index, and a
// collision only adds a token to compare, which the comparison then rejects.
#ifndef GATEKEEPER_SERVICES_SCREENING_RETRIEVAL_KEYS_H_
#define GATEKEEPER_SERVICES_SCREENING_RETRIEVAL_KEYS_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace gatekeeper {

using KeyHash = uint64_t;

// FNV-1a, chosen because it is fixed by its definition: the same key hashes the same in
// every process and on every machine.
KeyHash HashKey(std::string_view key);

// HashKey of `first` followed by `second`, without building the joined string.
KeyHash HashJoined(std::string_view first, std::string_view second);

// Appends the hashes of every key of one token (its phonetic key and text, and their
// one-deletion variants) to *keys; may append duplicates.
void AppendTokenKeys(std::string_view text, std::string_view key, std::vector<KeyHash>* keys);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_RETRIEVAL_KEYS_H_
