#include "services/screening/retrieval_keys.h"

#include <algorithm>

#include "services/screening/token_similarity.h"

namespace gatekeeper {
namespace {

constexpr KeyHash kFnvOffsetBasis = 0xcbf29ce484222325ULL;
constexpr KeyHash kFnvPrime = 0x100000001b3ULL;

KeyHash Continue(KeyHash hash, std::string_view bytes) {
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnvPrime;
  }
  return hash;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A spelling and, for typo-length ASCII spellings, the spelling with each one character
// deleted. A shorter spelling needs no variants even when its counterpart has a typo-length
// one: "mell" is filed (or looked up) as itself, which is a deletion variant of "melli".
void AppendSpellingKeys(std::string_view spelling, std::vector<KeyHash>* keys) {
  keys->push_back(HashKey(spelling));
  if (spelling.size() < kMinTypoTokenLength || !IsAscii(spelling)) return;
  // The prefix before the deleted character is hashed once for all deletions after it.
  KeyHash prefix = kFnvOffsetBasis;
  for (size_t i = 0; i < spelling.size(); ++i) {
    keys->push_back(Continue(prefix, spelling.substr(i + 1)));
    prefix = Continue(prefix, spelling.substr(i, 1));
  }
}

}  // namespace

KeyHash HashKey(std::string_view key) { return Continue(kFnvOffsetBasis, key); }

KeyHash HashJoined(std::string_view first, std::string_view second) {
  return Continue(Continue(kFnvOffsetBasis, first), second);
}

// TokenSimilarity accepts one typo in either the normalized text or the phonetic key, so
// both are filed: "grouc" is one edit from "group", but its key "gruc" is too short for
// typos.
void AppendTokenKeys(std::string_view text, std::string_view key, std::vector<KeyHash>* keys) {
  AppendSpellingKeys(key, keys);
  if (text != key) AppendSpellingKeys(text, keys);
}

}  // namespace gatekeeper
