#include "services/engine/calendar.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "services/common/check.h"

namespace gatekeeper {

absl::StatusOr<std::string> UtcDateOf(std::string_view rfc3339) {
  absl::Time instant;
  std::string error;
  // RFC3339_full accepts fractional seconds and any offset; the date is taken in UTC.
  if (rfc3339.size() < 20 ||
      !absl::ParseTime(absl::RFC3339_full, std::string(rfc3339), &instant, &error)) {
    return absl::InvalidArgumentError(absl::StrCat("\"", std::string(rfc3339.substr(0, 40)),
                                                   "\" is not an RFC 3339 instant such as ",
                                                   "\"2025-03-01T09:30:00Z\""));
  }
  return absl::FormatTime("%Y-%m-%d", instant, absl::UTCTimeZone());
}

bool IsDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  absl::Time parsed;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d", std::string(date), absl::UTCTimeZone(), &parsed, &error)) {
    return false;
  }
  // ParseTime normalizes "2025-02-30" to March; a real date formats back to itself.
  return absl::FormatTime("%Y-%m-%d", parsed, absl::UTCTimeZone()) == date;
}

std::string AddYears(std::string_view date, int years) {
  GK_CHECK(IsDate(date));
  int year = 0;
  const bool parsed = absl::SimpleAtoi(std::string(date.substr(0, 4)), &year);
  GK_CHECK(parsed);
  (void)parsed;
  return absl::StrFormat("%04d%s", year + years, std::string(date.substr(4)));
}

}  // namespace gatekeeper
