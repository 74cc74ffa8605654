// Dates and instants as the contract writes them (§1): dates "2025-03-01", instants
// RFC 3339. A licence or rule valid from D1 until D2 covers every instant of D1 through D2 in
// UTC, so validity is decided by comparing the UTC calendar date of lodgedAt with D1 and D2;
// canonical "YYYY-MM-DD" strings compare correctly as strings.
#ifndef GATEKEEPER_SERVICES_ENGINE_CALENDAR_H_
#define GATEKEEPER_SERVICES_ENGINE_CALENDAR_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace gatekeeper {

// The UTC date ("YYYY-MM-DD") of an RFC 3339 instant; InvalidArgument when malformed.
absl::StatusOr<std::string> UtcDateOf(std::string_view rfc3339);

// True when `date` is a real calendar date written "YYYY-MM-DD".
bool IsDate(std::string_view date);

// `date` moved `years` later ("2022-02-28" + 3 -> "2025-02-28"; Feb 29 stays "02-29", which
// still orders correctly against real dates). REQUIRES: IsDate(date).
std::string AddYears(std::string_view date, int years);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_CALENDAR_H_
