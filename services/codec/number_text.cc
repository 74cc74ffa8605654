#include "services/codec/number_text.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace gatekeeper {

std::string WithThousands(uint64_t number) {
  const std::string digits = absl::StrCat(number);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string FormatDecidedAt(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E3SZ", time, absl::UTCTimeZone());
}

const std::string& DecidedAtClock::Format(absl::Time time) {
  const int64_t millis = absl::ToUnixMillis(time);
  if (millis != millis_) {
    // The text of the millisecond itself, so that every event of it gets the same stamp
    // FormatDecidedAt would give the first one.
    text_ = FormatDecidedAt(absl::FromUnixMillis(millis));
    millis_ = millis;
  }
  return text_;
}

}  // namespace gatekeeper
