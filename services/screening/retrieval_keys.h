// The keys of the screening index's inverted index: a listed name is filed under each of
// its tokens' keys, and a declared name looks up its tokens' keys, so that screening reads
// only the names that share a (nearly) equal token instead of scanning every name.
//
// One-letter typos are found with deletion neighbourhoods: a token is filed and looked up
// under its phonetic key and its normalized text, and each of these of at least
// kMinTypoTokenLength characters also with one character deleted ("melli" under "elli",
// "mlli", "meli", "mell"); two spellings one edit apart (insertion, deletion, substitution
// or transposition) always share one of these keys. Two edits (which TokenSimilarity allows
// in long words) are not covered: such a name is found through its other words.
// Words written together or apart ("Alqaida" / "Al Qaida") are found by filing the
// concatenated keys of adjacent tokens.
#ifndef GATEKEEPER_SERVICES_SCREENING_RETRIEVAL_KEYS_H_
#define GATEKEEPER_SERVICES_SCREENING_RETRIEVAL_KEYS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "services/screening/normalized_name.h"

namespace gatekeeper {

// Every key a listed name is filed under, without duplicates, in a deterministic order.
std::vector<std::string> ListedNameKeys(const NormalizedName& name);

// The keys of token `index` of a name: its key and text, their one-deletion variants, and
// its key joined with each neighbour's. A declared token looks these up; a listed token is
// filed under them (their union over the tokens is ListedNameKeys), so that the index knows
// which listed tokens a declared name found. May hold duplicates. REQUIRES: index <
// name.tokens.size().
std::vector<std::string> DeclaredTokenKeys(const NormalizedName& name, size_t index);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_RETRIEVAL_KEYS_H_
