// Fixed-point decimal amounts for the ledger. The contract (§1) forbids floating point in the
// ledger: quantities are held in milli-units (3 fraction digits) and money in euro cents
// (2 fraction digits), both as int64. Every arithmetic step on them is overflow-checked.
//
//   absl::StatusOr<int64_t> q = ParseQuantityMilli("12.5");   // 12500
//   FormatMilli(12500) == "12.5";  FormatCents(4800000) == "48000";
#ifndef GATEKEEPER_SERVICES_ENGINE_FIXED_POINT_H_
#define GATEKEEPER_SERVICES_ENGINE_FIXED_POINT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace gatekeeper {

// The largest amount the ledger accepts: 10^12 units (in milli-units) and 10^13 EUR (in
// cents). Far above any real licence, and low enough that a total plus its tolerance, or a
// few thousand such amounts added up, can never overflow int64.
inline constexpr int64_t kAmountScaledMax = 1'000'000'000'000'000;

// Parses a non-negative decimal with at most 3 fraction digits ("40", "40.0", "40.000",
// "12.5") into milli-units. Errors (InvalidArgument, message names the problem and the
// text): empty, sign, exponent, spaces, more than 3 fraction digits, above
// kAmountScaledMax.
absl::StatusOr<int64_t> ParseQuantityMilli(std::string_view text);

// Same for money with at most 2 fraction digits, into cents.
absl::StatusOr<int64_t> ParseMoneyCents(std::string_view text);

// The shortest exact decimal form: 12500 -> "12.5", 40000 -> "40", -500 -> "-0.5".
std::string FormatMilli(int64_t milli);
std::string FormatCents(int64_t cents);

// Overflow-checked arithmetic: nullopt on overflow.
std::optional<int64_t> CheckedAdd(int64_t a, int64_t b);
std::optional<int64_t> CheckedSub(int64_t a, int64_t b);
// a * percent / 100, rounded down; nullopt on overflow.
std::optional<int64_t> CheckedPercentOf(int64_t a, uint32_t percent);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_FIXED_POINT_H_
