// Fixed-point amounts as the contract writes them (§1): quantities in milli-units, money in
// euro cents, printed in the shortest exact decimal form ("12.5", "40", "48000"). The
// sample never uses floating point for an amount, so its numbers are exact and identical on
// every platform.
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_AMOUNTS_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_AMOUNTS_H_

#include <cstdint>
#include <string>

namespace gatekeeper::samplegen {

// 12500 -> "12.5". REQUIRES: milli >= 0.
std::string MilliText(int64_t milli);
// 4800000 -> "48000", 1250 -> "12.5". REQUIRES: cents >= 0.
std::string CentsText(int64_t cents);

// Inverse of the above for the texts the sample writes (digits, optionally a point and up
// to 3 or 2 fraction digits); 0 for an empty text.
int64_t ParseMilli(const std::string& text);
int64_t ParseCents(const std::string& text);

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_AMOUNTS_H_
