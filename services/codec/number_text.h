// Numbers as people read them in error messages and summaries.
#ifndef GATEKEEPER_SERVICES_CODEC_NUMBER_TEXT_H_
#define GATEKEEPER_SERVICES_CODEC_NUMBER_TEXT_H_

#include <cstdint>
#include <string>

namespace gatekeeper {

// 1048576 -> "1,048,576": sizes and counts in messages an operator reads.
std::string WithThousands(uint64_t number);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_NUMBER_TEXT_H_
