// Numbers and times as people and outputs read them: sizes in messages, decidedAt.
#ifndef GATEKEEPER_SERVICES_CODEC_NUMBER_TEXT_H_
#define GATEKEEPER_SERVICES_CODEC_NUMBER_TEXT_H_

#include <cstdint>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace gatekeeper {

// 1048576 -> "1,048,576": sizes and counts in messages an operator reads.
std::string WithThousands(uint64_t number);

// A decision's decidedAt: RFC 3339, UTC, milliseconds ("2025-06-02T08:15:00.004Z"). Every
// door stamps the events it applies with FormatDecidedAt(absl::Now()).
std::string FormatDecidedAt(absl::Time time);

// FormatDecidedAt for a door that stamps many events a millisecond: formats the time again
// only when its millisecond changed (absl::FormatTime costs microseconds, a noticeable share
// of a declaration at tens of thousands a second). One per thread.
class DecidedAtClock {
 public:
  // decidedAt of `time`; valid until the next call.
  const std::string& Format(absl::Time time);
  const std::string& Now() { return Format(absl::Now()); }

 private:
  int64_t millis_ = INT64_MIN;
  std::string text_;
};

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_NUMBER_TEXT_H_
