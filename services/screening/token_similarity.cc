#include "services/screening/token_similarity.h"

#include <algorithm>
#include <array>

namespace gatekeeper {
namespace {

// Longer tokens are compared as if cut here; the fixed rows keep the distance computation
// allocation-free.
constexpr size_t kMaxComparedLength = kMaxComparedTokenLength;

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

// What one byte adds to a SpellingSignature: its bit in `letters` (normalized ASCII tokens
// hold only [a-z0-9]; anything else shares the last bit, which only makes the filter
// weaker) and one in its 4-bit group of `counts` (letters that share a group only make the
// filter weaker too). Tables, because every word of every declared name is signed.
struct ByteSignatures {
  std::array<uint64_t, 256> letter_bit;
  std::array<uint8_t, 256> count_group;
};

constexpr ByteSignatures MakeByteSignatures() {
  ByteSignatures table{};
  for (int byte = 0; byte < 256; ++byte) {
    uint64_t bit = uint64_t{1} << 63;
    if (byte >= 'a' && byte <= 'z') bit = uint64_t{1} << (byte - 'a');
    if (byte >= '0' && byte <= '9') bit = uint64_t{1} << (26 + (byte - '0'));
    table.letter_bit[byte] = bit;
    table.count_group[byte] = static_cast<uint8_t>(byte & 15);
  }
  return table;
}

constexpr ByteSignatures kByteSignatures = MakeByteSignatures();

// A count saturates at 15; a spelling this short cannot reach it.
constexpr size_t kMaxUnsaturatedLength = 15;

SpellingSignature SignatureOfSpelling(std::string_view spelling) {
  spelling = spelling.substr(0, std::min(spelling.size(), kMaxComparedLength));
  SpellingSignature signature;
  for (char c : spelling) {
    const unsigned char byte = static_cast<unsigned char>(c);
    signature.letters |= kByteSignatures.letter_bit[byte];
    const unsigned shift = 4u * kByteSignatures.count_group[byte];
    if (spelling.size() <= kMaxUnsaturatedLength || ((signature.counts >> shift) & 15u) != 15u) {
      signature.counts += uint64_t{1} << shift;
    }
  }
  return signature;
}

// Without the POPCNT instruction (the build targets baseline x86-64), the compiler's
// popcount is a library call.
size_t BitCount(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<size_t>((x * 0x0101010101010101ULL) >> 56);
}

// Sum over the bytes of |x - y|, for bytes below 16.
uint64_t ByteDistance(uint64_t x, uint64_t y) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  // Each byte holds x - y as a signed byte, computed without borrows between bytes.
  const uint64_t difference = ((x | kHigh) - y) ^ kHigh;
  const uint64_t negative = (difference & kHigh) >> 7;
  const uint64_t absolute = (difference ^ (negative * 0xFF)) + negative;
  return (absolute * 0x0101010101010101ULL) >> 56;
}

// The L1 distance of two count vectors: a necessary condition for d edits is at most 2 d.
size_t CountDistance(uint64_t a, uint64_t b) {
  constexpr uint64_t kLowNibbles = 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<size_t>(ByteDistance(a & kLowNibbles, b & kLowNibbles) +
                             ByteDistance((a >> 4) & kLowNibbles, (b >> 4) & kLowNibbles));
}

// Whether TypoSimilarity(a, b) can be above 0, from what it depends on: the allowed edits
// (by the longer full length), the lengths compared (cut at kMaxComparedLength) and the
// letters. A necessary condition: each edit changes the length by at most one, the letter
// set by at most two bits and the letter counts by at most two.
bool TypoMayMatch(std::string_view a, std::string_view b, const SpellingSignature& a_signature,
                  const SpellingSignature& b_signature) {
  const size_t allowed = AllowedEdits(std::max(a.size(), b.size()));
  if (allowed == 0) return false;
  const size_t a_compared = std::min(a.size(), kMaxComparedLength);
  const size_t b_compared = std::min(b.size(), kMaxComparedLength);
  const size_t gap = a_compared > b_compared ? a_compared - b_compared : b_compared - a_compared;
  if (gap > allowed) return false;
  if (BitCount(a_signature.letters ^ b_signature.letters) > 2 * allowed) return false;
  return CountDistance(a_signature.counts, b_signature.counts) <= 2 * allowed;
}

// The two-edit case of TypoSimilarity(a, b) > 0.
bool TwoEditTypo(std::string_view a, std::string_view b, const SpellingSignature& a_signature,
                 const SpellingSignature& b_signature) {
  if (AllowedEdits(std::max(a.size(), b.size())) < 2) return false;
  if (!TypoMayMatch(a, b, a_signature, b_signature)) return false;
  return BoundedEditDistance(a, b, 2) <= 2;
}

}  // namespace

TokenSignature SignatureOf(std::string_view text, std::string_view key) {
  TokenSignature signature;
  signature.text = SignatureOfSpelling(text);
  signature.key_is_text = key == text;
  signature.key = signature.key_is_text ? signature.text : SignatureOfSpelling(key);
  signature.ascii = IsAscii(text);
  return signature;
}

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
  // What is left starts and ends with different characters on each side, so it takes one
  // edit only as one substitution or one transposition; anything else takes two. Most
  // comparisons allow one edit (words of 5 to 8 letters, legal forms), and this spares
  // them the table.
  if (a.size() <= 2 && b.size() <= 2) {
    if (a.size() == 1 && b.size() == 1) return 1;
    if (a.size() == 2 && b.size() == 2 && a[0] == b[1] && a[1] == b[0]) return 1;
  }
  if (max_distance <= 1) return too_far;
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

double TokenSimilarity(std::string_view text_a, std::string_view key_a,
                       const TokenSignature& signature_a, std::string_view text_b,
                       std::string_view key_b, const TokenSignature& signature_b) {
  if (text_a == text_b) return 1.0;
  if (key_a == key_b) return kSpellingVariantSimilarity;
  if (!signature_a.ascii || !signature_b.ascii) return 0;
  double similarity = 0;
  if (TypoMayMatch(text_a, text_b, signature_a.text, signature_b.text)) {
    similarity = TypoSimilarity(text_a, text_b);
  }
  // Most words are their own key; the texts have then answered for the keys too.
  const bool keys_are_texts = signature_a.key_is_text && signature_b.key_is_text;
  if (!keys_are_texts && TypoMayMatch(key_a, key_b, signature_a.key, signature_b.key)) {
    similarity = std::max(similarity, TypoSimilarity(key_a, key_b));
  }
  return std::min(similarity, kSpellingVariantSimilarity);
}

bool MayBeOneEditApart(std::string_view a, std::string_view b, const SpellingSignature& a_signature,
                       const SpellingSignature& b_signature) {
  const size_t a_compared = std::min(a.size(), kMaxComparedLength);
  const size_t b_compared = std::min(b.size(), kMaxComparedLength);
  if ((a_compared > b_compared ? a_compared - b_compared : b_compared - a_compared) > 1) {
    return false;
  }
  return BitCount(a_signature.letters ^ b_signature.letters) <= 2 &&
         CountDistance(a_signature.counts, b_signature.counts) <= 2;
}

bool WithinTwoEditTypo(std::string_view text_a, std::string_view key_a,
                       const TokenSignature& signature_a, std::string_view text_b,
                       std::string_view key_b, const TokenSignature& signature_b) {
  if (!signature_a.ascii || !signature_b.ascii) return false;
  if (TwoEditTypo(text_a, text_b, signature_a.text, signature_b.text)) return true;
  // Most words are their own key; the comparison above has then answered for both.
  if (signature_a.key_is_text && signature_b.key_is_text) return false;
  return TwoEditTypo(key_a, key_b, signature_a.key, signature_b.key);
}

}  // namespace gatekeeper
