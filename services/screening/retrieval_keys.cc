#include "services/screening/retrieval_keys.h"

#include <algorithm>
#include <cassert>
#include <string_view>

#include "services/screening/token_similarity.h"

namespace gatekeeper {
namespace {

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A spelling and, for typo-length ASCII spellings, the spelling with each one character
// deleted.
void AppendSpellingKeys(std::string_view spelling, std::vector<std::string>* keys) {
  keys->emplace_back(spelling);
  // A shorter spelling needs no variants even when its counterpart has a typo-length one:
  // "mell" is filed (or looked up) as itself, which is a deletion variant of "melli".
  if (spelling.size() < kMinTypoTokenLength || !IsAscii(spelling)) return;
  for (size_t i = 0; i < spelling.size(); ++i) {
    std::string deleted(spelling.substr(0, i));
    deleted.append(spelling.substr(i + 1));
    keys->push_back(std::move(deleted));
  }
}

// TokenSimilarity accepts one typo in either the normalized text or the phonetic key, so
// both are filed: "grouc" is one edit from "group", but its key "gruc" is too short for
// typos.
void AppendTokenKeys(const NameToken& token, std::vector<std::string>* keys) {
  AppendSpellingKeys(token.key, keys);
  if (token.text != token.key) AppendSpellingKeys(token.text, keys);
}

void SortUnique(std::vector<std::string>* keys) {
  std::sort(keys->begin(), keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
}

}  // namespace

std::vector<std::string> ListedNameKeys(const NormalizedName& name) {
  std::vector<std::string> keys;
  for (size_t i = 0; i < name.tokens.size(); ++i) {
    AppendTokenKeys(name.tokens[i], &keys);
    if (i + 1 < name.tokens.size()) keys.push_back(name.tokens[i].key + name.tokens[i + 1].key);
  }
  SortUnique(&keys);
  return keys;
}

std::vector<std::string> DeclaredTokenKeys(const NormalizedName& name, size_t index) {
  assert(index < name.tokens.size());
  std::vector<std::string> keys;
  const std::string& key = name.tokens[index].key;
  AppendTokenKeys(name.tokens[index], &keys);
  if (index > 0) keys.push_back(name.tokens[index - 1].key + key);
  if (index + 1 < name.tokens.size()) keys.push_back(key + name.tokens[index + 1].key);
  // Not sorted or deduplicated: the index hashes and deduplicates them anyway, and sorting
  // strings here was a tenth of the cost of screening a name.
  return keys;
}

}  // namespace gatekeeper
