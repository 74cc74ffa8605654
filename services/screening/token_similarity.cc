#include "services/screening/token_similarity.h"

#include <algorithm>
#include <array>

namespace gatekeeper {
namespace {

// Longer tokens are compared as if cut here; with the 1024-byte name bound no token is
// longer, and the fixed rows keep the distance computation allocation-free.
constexpr size_t kMaxComparedLength = 64;

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

size_t AllowedEdits(size_t length) {
  if (length >= kMinTwoTypoTokenLength) return 2;
  if (length >= kMinTypoTokenLength) return 1;
  return 0;
}

// The similarity of one pair of spellings under the typo rule, 0 when too far apart.
double TypoSimilarity(std::string_view a, std::string_view b) {
  const size_t length = std::max(a.size(), b.size());
  const size_t allowed = AllowedEdits(length);
  if (allowed == 0) return 0;
  const size_t distance = BoundedEditDistance(a, b, allowed);
  if (distance > allowed) return 0;
  return 1.0 - kEditCostFactor * static_cast<double>(distance) / static_cast<double>(length);
}

}  // namespace

size_t BoundedEditDistance(std::string_view a, std::string_view b, size_t max_distance) {
  a = a.substr(0, std::min(a.size(), kMaxComparedLength));
  b = b.substr(0, std::min(b.size(), kMaxComparedLength));
  const size_t too_far = max_distance + 1;
  const size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (length_gap > max_distance) return too_far;
  // Three rows of the dynamic-programming table: two back (for transpositions), previous and
  // current. Cells farther than max_distance from the diagonal cannot lead to an answer
  // within the bound and are left at too_far.
  std::array<size_t, kMaxComparedLength + 1> two_back;
  std::array<size_t, kMaxComparedLength + 1> previous;
  std::array<size_t, kMaxComparedLength + 1> current;
  two_back.fill(too_far);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = std::min(j, too_far);
  for (size_t i = 1; i <= a.size(); ++i) {
    current.fill(too_far);
    current[0] = std::min(i, too_far);
    const size_t first = i > max_distance ? i - max_distance : 1;
    const size_t last = std::min(b.size(), i + max_distance);
    size_t row_minimum = current[0];
    for (size_t j = first; j <= last; ++j) {
      const size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, two_back[j - 2] + 1);
      }
      current[j] = std::min(best, too_far);
      row_minimum = std::min(row_minimum, current[j]);
    }
    if (row_minimum >= too_far) return too_far;
    two_back = previous;
    previous = current;
  }
  return std::min(previous[b.size()], too_far);
}

double TokenSimilarity(std::string_view text_a, std::string_view key_a, std::string_view text_b,
                       std::string_view key_b) {
  if (text_a == text_b) return 1.0;
  if (key_a == key_b) return kSpellingVariantSimilarity;
  if (!IsAscii(text_a) || !IsAscii(text_b)) return 0;
  const double similarity = std::max(TypoSimilarity(text_a, text_b), TypoSimilarity(key_a, key_b));
  return std::min(similarity, kSpellingVariantSimilarity);
}

}  // namespace gatekeeper
