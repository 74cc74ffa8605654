#include "services/engine/fixed_point.h"

#include <limits>

#include "absl/strings/str_cat.h"

namespace gatekeeper {
namespace {

// Parses `text` as a non-negative decimal with at most `max_fraction_digits` digits after the
// point, scaled by 10^max_fraction_digits. `what` names the kind of amount in errors.
absl::StatusOr<int64_t> ParseScaled(std::string_view text, int max_fraction_digits,
                                    const char* what) {
  if (text.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(what, " is empty"));
  }
  constexpr size_t kMaxTextBytes = 40;
  const std::string shown(text.substr(0, kMaxTextBytes));
  if (text.front() == '-') {
    return absl::InvalidArgumentError(absl::StrCat(what, " \"", shown, "\" is negative"));
  }
  int64_t whole = 0;
  size_t pos = 0;
  size_t whole_digits = 0;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    const int digit = text[pos] - '0';
    if (whole > (kMax - digit) / 10) {
      return absl::InvalidArgumentError(absl::StrCat(what, " \"", shown, "\" is too large"));
    }
    whole = whole * 10 + digit;
    ++pos;
    ++whole_digits;
  }
  int64_t fraction = 0;
  int fraction_digits = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (fraction_digits == max_fraction_digits) {
        return absl::InvalidArgumentError(absl::StrCat(what, " \"", shown, "\" has more than ",
                                                       max_fraction_digits, " fraction digits"));
      }
      fraction = fraction * 10 + (text[pos] - '0');
      ++fraction_digits;
      ++pos;
    }
    if (fraction_digits == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " \"", shown, "\" has no digits after the decimal point"));
    }
  }
  if (whole_digits == 0 || pos != text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " \"", shown, "\" is not a decimal number such as \"12.5\""));
  }
  int64_t scale = 1;
  for (int i = 0; i < max_fraction_digits; ++i) scale *= 10;
  for (int i = fraction_digits; i < max_fraction_digits; ++i) fraction *= 10;
  if (whole > (kMax - fraction) / scale) {
    return absl::InvalidArgumentError(absl::StrCat(what, " \"", shown, "\" is too large"));
  }
  const int64_t scaled = whole * scale + fraction;
  if (scaled > kAmountScaledMax) {
    return absl::InvalidArgumentError(absl::StrCat(what, " \"", shown, "\" is too large"));
  }
  return scaled;
}

std::string FormatScaled(int64_t scaled, int fraction_digits) {
  const bool negative = scaled < 0;
  // Work in unsigned so that the most negative value formats too.
  uint64_t magnitude =
      negative ? uint64_t{0} - static_cast<uint64_t>(scaled) : static_cast<uint64_t>(scaled);
  uint64_t scale = 1;
  for (int i = 0; i < fraction_digits; ++i) scale *= 10;
  const uint64_t whole = magnitude / scale;
  uint64_t fraction = magnitude % scale;
  std::string out = negative ? "-" : "";
  absl::StrAppend(&out, whole);
  if (fraction != 0) {
    std::string digits(static_cast<size_t>(fraction_digits), '0');
    for (int i = fraction_digits - 1; i >= 0; --i) {
      digits[static_cast<size_t>(i)] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    absl::StrAppend(&out, ".", digits);
  }
  return out;
}

}  // namespace

absl::StatusOr<int64_t> ParseQuantityMilli(std::string_view text) {
  return ParseScaled(text, 3, "amount");
}

absl::StatusOr<int64_t> ParseMoneyCents(std::string_view text) {
  return ParseScaled(text, 2, "EUR amount");
}

std::string FormatMilli(int64_t milli) { return FormatScaled(milli, 3); }
std::string FormatCents(int64_t cents) { return FormatScaled(cents, 2); }

std::optional<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

std::optional<int64_t> CheckedSub(int64_t a, int64_t b) {
  int64_t difference = 0;
  if (__builtin_sub_overflow(a, b, &difference)) return std::nullopt;
  return difference;
}

std::optional<int64_t> CheckedPercentOf(int64_t a, uint32_t percent) {
  int64_t product = 0;
  if (__builtin_mul_overflow(a, static_cast<int64_t>(percent), &product)) return std::nullopt;
  // Floor division, so that a negative total never rounds towards a larger allowance.
  int64_t quotient = product / 100;
  if (product % 100 != 0 && product < 0) --quotient;
  return quotient;
}

}  // namespace gatekeeper
