// The sample's calendar: instants as Unix seconds (UTC), written as the contract does
// (dates "2025-03-01", instants "2025-03-01T09:30:00Z"), and working hours on weekdays,
// when customs declarations are lodged.
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_CLOCK_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_CLOCK_H_

#include <cstdint>
#include <string>

#include "tools/samplegen/sample_random.h"

namespace gatekeeper::samplegen {

inline constexpr int64_t kSecondsPerDay = 86400;

// Unix seconds of 00:00:00 UTC on `date` ("YYYY-MM-DD"). REQUIRES: a valid date.
int64_t DayStart(const std::string& date);

std::string DateText(int64_t unix_seconds);     // "2025-03-01"
std::string InstantText(int64_t unix_seconds);  // "2025-03-01T09:30:00Z"

// `date` moved by whole days (may be negative).
std::string AddDays(const std::string& date, int days);

// A random instant in [from, until) during working hours (06:00-20:00 UTC) on a weekday,
// when the window holds one; otherwise any instant of the window. REQUIRES: from < until.
int64_t WorkingTime(int64_t from, int64_t until, SampleRandom& random);

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_CLOCK_H_
