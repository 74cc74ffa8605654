// A fast first look at binary input, before the full structural checks of the codec.
//
// The full checks (CheckWireOneofs and CheckEventStructure in event_codec.cc) parse the wire
// format a second time into UnknownFieldSets and walk the parsed event by reflection, which
// cost about as much as deciding a declaration. Nearly all input is well formed, so this walks
// the bytes once, without allocating, and answers only "certainly passes every check" or "not
// sure". On "not sure" (any unknown field number, a wire type the schema does not expect, two
// members of one oneof, a singular message field that occurs twice, a packed list, a string
// over the limit, an unknown enum value, too many entries or too deep) the caller runs the full
// checks, which find the problem and word the error. So this never changes what is refused or
// how: it only skips work for input the full checks would accept (tested against them on
// mutated input in tests/codec/wire_precheck_test.cc).
#ifndef GATEKEEPER_SERVICES_CODEC_WIRE_PRECHECK_H_
#define GATEKEEPER_SERVICES_CODEC_WIRE_PRECHECK_H_

#include <cstddef>
#include <string_view>

#include "google/protobuf/descriptor.h"

namespace gatekeeper {

struct WireLimits {
  size_t max_string_bytes = 0;
  size_t max_repeated_entries = 0;
  int max_depth = 0;
};

// True when `bytes`, the wire form of a `descriptor` message, certainly passes the codec's
// structural checks with these limits; false when the full checks must look.
bool WireIsPlainlyValid(const google::protobuf::Descriptor& descriptor, std::string_view bytes,
                        const WireLimits& limits);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_WIRE_PRECHECK_H_
