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
  // Each edit changes the length by at most one; stripping common affixes below keeps the
  // gap, so most pairs of different words end here.
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > max_distance) {
    return too_far;
  }
  // The common prefix and suffix cost nothing; most pairs of different words are decided
  // here, and the table below only covers what is left.
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  const size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (length_gap > max_distance) return too_far;
  if (a.empty() || b.empty()) return length_gap;
  // Three rows of the dynamic-programming table: two back (for transpositions), previous and
  // current, rotated rather than copied. Cells farther than max_distance from the diagonal
  // cannot lead to an answer within the bound and are left at too_far.
  std::array<size_t, kMaxComparedLength + 1> rows[3];
  size_t* two_back = rows[0].data();
  size_t* previous = rows[1].data();
  size_t* current = rows[2].data();
  const size_t width = b.size() + 1;
  std::fill(two_back, two_back + width, too_far);
  for (size_t j = 0; j < width; ++j) previous[j] = std::min(j, too_far);
  for (size_t i = 1; i <= a.size(); ++i) {
    std::fill(current, current + width, too_far);
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
    size_t* const oldest = two_back;
    two_back = previous;
    previous = current;
    current = oldest;
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
