#include "tools/samplegen/sample_clock.h"

#include <cassert>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace gatekeeper::samplegen {
namespace {

constexpr int64_t kWorkStartSeconds = 6 * 3600;
constexpr int64_t kWorkSeconds = 14 * 3600;
// Tries to land on a weekday before falling back to any instant of the window.
constexpr int kWeekdayAttempts = 8;

absl::CivilDay CivilDayOf(int64_t unix_seconds) {
  return absl::ToCivilDay(absl::FromUnixSeconds(unix_seconds), absl::UTCTimeZone());
}

}  // namespace

int64_t DayStart(const std::string& date) {
  absl::CivilDay day;
  const bool parsed = absl::ParseCivilTime(date, &day);
  assert(parsed);
  (void)parsed;
  return absl::ToUnixSeconds(absl::FromCivil(day, absl::UTCTimeZone()));
}

std::string DateText(int64_t unix_seconds) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

std::string InstantText(int64_t unix_seconds) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

std::string AddDays(const std::string& date, int days) {
  return DateText(DayStart(date) + int64_t{days} * kSecondsPerDay);
}

int64_t WorkingTime(int64_t from, int64_t until, SampleRandom& random) {
  assert(from < until);
  const int64_t first_day = from - from % kSecondsPerDay;
  const int64_t days = (until - first_day + kSecondsPerDay - 1) / kSecondsPerDay;
  for (int attempt = 0; attempt < kWeekdayAttempts; ++attempt) {
    const int64_t day = first_day + random.Between(0, days - 1) * kSecondsPerDay;
    const absl::Weekday weekday = absl::GetWeekday(CivilDayOf(day));
    if (weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday) continue;
    const int64_t instant = day + kWorkStartSeconds + random.Between(0, kWorkSeconds - 1);
    if (instant >= from && instant < until) return instant;
  }
  return random.Between(from, until - 1);
}

}  // namespace gatekeeper::samplegen
