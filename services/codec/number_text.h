// Numbers and times as people and outputs read them: sizes in messages, decidedAt.
#ifndef GATEKEEPER_SERVICES_CODEC_NUMBER_TEXT_H_
#define GATEKEEPER_SERVICES_CODEC_NUMBER_TEXT_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace gatekeeper {

// 1048576 -> "1,048,576": sizes and counts in messages an operator reads.
std::string WithThousands(uint64_t number);

// A decision's decidedAt: RFC 3339, UTC, milliseconds ("2025-06-02T08:15:00.004Z"). Every
// door stamps the events it applies with FormatDecidedAt(absl::Now()).
std::string FormatDecidedAt(absl::Time time);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_NUMBER_TEXT_H_
