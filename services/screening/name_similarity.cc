#include "services/screening/name_similarity.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "services/screening/initials_match.h"
#include "services/screening/name_normalizer.h"
#include "services/screening/party_screener.h"
#include "services/screening/token_similarity.h"

namespace gatekeeper {
namespace {

struct TokenPair {
  double similarity;
  size_t declared_index;
  size_t listed_index;
  double weight;  // both tokens' weights
};

// Whether `whole` is `first` followed by `second`.
bool IsConcatenation(std::string_view whole, std::string_view first, std::string_view second) {
  return whole.size() == first.size() + second.size() && whole.substr(0, first.size()) == first &&
         whole.substr(first.size()) == second;
}

// Which tokens of a name are already paired. Names have at most kMaxNameTokens tokens
// (name_normalizer.h), so a fixed array avoids an allocation per scored name.
using UsedTokens = std::array<bool, kMaxNameTokens>;

// Tokens past kMaxNameTokens (only in a NormalizedName built by hand) are not compared.
size_t ComparedTokens(const NormalizedName& name) {
  return std::min(name.tokens.size(), kMaxNameTokens);
}

// Pairs each unused token of `one` with two adjacent unused tokens of `other` that spell it
// as two words; returns the matched weight and marks the tokens used.
double MatchJoinedWords(const NormalizedName& one, const NormalizedName& other,
                        UsedTokens* one_used, UsedTokens* other_used) {
  double matched = 0;
  for (size_t i = 0; i < ComparedTokens(one); ++i) {
    if ((*one_used)[i]) continue;
    const NameToken& whole = one.tokens[i];
    for (size_t j = 0; j + 1 < ComparedTokens(other); ++j) {
      if ((*other_used)[j] || (*other_used)[j + 1]) continue;
      const NameToken& first = other.tokens[j];
      const NameToken& second = other.tokens[j + 1];
      if (IsConcatenation(whole.text, first.text, second.text) ||
          IsConcatenation(whole.key, first.key, second.key)) {
        matched += kJoinedWordsSimilarity * (whole.weight + first.weight + second.weight);
        (*one_used)[i] = true;
        (*other_used)[j] = true;
        (*other_used)[j + 1] = true;
        break;
      }
    }
  }
  return matched;
}

std::array<TokenSignature, kMaxNameTokens> Signatures(const NormalizedName& name) {
  std::array<TokenSignature, kMaxNameTokens> signatures;
  for (size_t i = 0; i < ComparedTokens(name); ++i) {
    signatures[i] = SignatureOf(name.tokens[i].text, name.tokens[i].key);
  }
  return signatures;
}

}  // namespace

double ScoreNames(const NormalizedName& declared, const NormalizedName& listed) {
  return ScoreNames(declared, Signatures(declared).data(), listed, Signatures(listed).data());
}

double ScoreNames(const NormalizedName& declared, const TokenSignature* declared_signatures,
                  const NormalizedName& listed, const TokenSignature* listed_signatures) {
  std::array<uint32_t, kMaxNameTokens> all_pairs;
  all_pairs.fill(~uint32_t{0});
  return ScoreNames(declared, declared_signatures, listed, listed_signatures, all_pairs.data());
}

double ScoreNames(const NormalizedName& declared, const TokenSignature* declared_signatures,
                  const NormalizedName& listed, const TokenSignature* listed_signatures,
                  const uint32_t* listed_pair_masks) {
  static_assert(kMaxNameTokens <= 32, "pair masks have a bit per declared token");
  if (declared.empty() || listed.empty()) return 0;
  // Typical names have a handful of tokens: 64 pairs fit without a heap allocation.
  absl::InlinedVector<TokenPair, 64> pairs;
  for (size_t i = 0; i < ComparedTokens(declared); ++i) {
    const NameToken& a = declared.tokens[i];
    for (size_t j = 0; j < ComparedTokens(listed); ++j) {
      if ((listed_pair_masks[j] & (uint32_t{1} << i)) == 0) continue;
      const NameToken& b = listed.tokens[j];
      const double similarity = TokenSimilarity(a.text, a.key, declared_signatures[i], b.text,
                                                b.key, listed_signatures[j]);
      if (similarity > 0) pairs.push_back({similarity, i, j, a.weight + b.weight});
    }
  }
  // Best pairs first; among equals the heavier pair, then position, so that the result is
  // deterministic.
  std::sort(pairs.begin(), pairs.end(), [](const TokenPair& x, const TokenPair& y) {
    if (x.similarity != y.similarity) return x.similarity > y.similarity;
    if (x.weight != y.weight) return x.weight > y.weight;
    if (x.declared_index != y.declared_index) return x.declared_index < y.declared_index;
    return x.listed_index < y.listed_index;
  });
  UsedTokens declared_used{};
  UsedTokens listed_used{};
  double matched = 0;
  for (const TokenPair& pair : pairs) {
    if (declared_used[pair.declared_index] || listed_used[pair.listed_index]) continue;
    declared_used[pair.declared_index] = true;
    listed_used[pair.listed_index] = true;
    matched += pair.similarity * pair.weight;
  }
  matched += MatchJoinedWords(declared, listed, &declared_used, &listed_used);
  matched += MatchJoinedWords(listed, declared, &listed_used, &declared_used);
  const double score = matched / (declared.total_weight + listed.total_weight);
  // Rounded to kScoreResolution: the sums are formed in different orders, and a score must
  // not fall below a threshold it equals on paper (identical names score exactly 1, a typo
  // worth 0.9 is not 0.8999999).
  // Divided by the (exact) step count rather than multiplied by the (inexact) step: 0.9
  // must come out as the double nearest 0.9, which a threshold of "0.90" also is.
  constexpr double kStepsPerUnit = 1e6;
  static_assert(kStepsPerUnit * kScoreResolution == 1.0);
  const double rounded = std::clamp(std::round(score * kStepsPerUnit) / kStepsPerUnit, 0.0, 1.0);
  // Only a declared name of one short word and a legal form can be initials: most names
  // are not, and pay one size check.
  if (declared.tokens.size() != 1 || declared.legal_form.empty()) return rounded;
  return std::max(rounded, InitialsScore(declared, listed));
}

double NameSimilarity(std::string_view declared_name, std::string_view listed_name) {
  return ScoreNames(NormalizeName(declared_name), NormalizeName(listed_name));
}

}  // namespace gatekeeper
