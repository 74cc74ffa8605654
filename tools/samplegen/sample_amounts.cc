#include "tools/samplegen/sample_amounts.h"

#include <cassert>

#include "absl/strings/str_cat.h"

namespace gatekeeper::samplegen {
namespace {

std::string ScaledText(int64_t scaled, int fraction_digits) {
  assert(scaled >= 0);
  int64_t scale = 1;
  for (int i = 0; i < fraction_digits; ++i) scale *= 10;
  std::string text = absl::StrCat(scaled / scale);
  int64_t fraction = scaled % scale;
  if (fraction == 0) return text;
  std::string digits = absl::StrCat(fraction + scale).substr(1);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return absl::StrCat(text, ".", digits);
}

int64_t ParseScaled(const std::string& text, int fraction_digits) {
  int64_t whole = 0;
  int64_t fraction = 0;
  int seen_fraction_digits = -1;
  for (char c : text) {
    if (c == '.') {
      seen_fraction_digits = 0;
      continue;
    }
    assert(c >= '0' && c <= '9');
    if (seen_fraction_digits < 0) {
      whole = whole * 10 + (c - '0');
    } else {
      fraction = fraction * 10 + (c - '0');
      ++seen_fraction_digits;
    }
  }
  for (int i = seen_fraction_digits < 0 ? 0 : seen_fraction_digits; i < fraction_digits; ++i) {
    fraction *= 10;
  }
  int64_t scale = 1;
  for (int i = 0; i < fraction_digits; ++i) scale *= 10;
  return whole * scale + fraction;
}

}  // namespace

std::string MilliText(int64_t milli) { return ScaledText(milli, 3); }
std::string CentsText(int64_t cents) { return ScaledText(cents, 2); }
int64_t ParseMilli(const std::string& text) { return ParseScaled(text, 3); }
int64_t ParseCents(const std::string& text) { return ParseScaled(text, 2); }

}  // namespace gatekeeper::samplegen
