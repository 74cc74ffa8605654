// Decoding of outside input into Events, and encoding of output records. Every door (files,
// Kafka, gRPC) goes through here, so bad input is refused the same way everywhere:
// InvalidArgument with a message that names the field and the problem
// ("items[0].quantity.amount: ..."; "unknown field \"writeOf\""; "event is 2,000,000 bytes,
// the limit is 1,048,576"). Decoding never aborts on any input (fuzzed in tests/fuzz).
//
// JSON is the proto3 JSON mapping (protobuf's own parser): both lowerCamelCase and proto
// field names are accepted, enums by name; unknown fields are refused.
#ifndef GATEKEEPER_SERVICES_CODEC_EVENT_CODEC_H_
#define GATEKEEPER_SERVICES_CODEC_EVENT_CODEC_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/event.pb.h"
#include "gatekeeper/v1/licence.pb.h"

namespace gatekeeper {

// Largest encoded event accepted by any door.
inline constexpr size_t kMaxEventBytes = 1 << 20;
// Largest single string field (names, descriptions, references) accepted.
inline constexpr size_t kMaxStringFieldBytes = 4096;
// Most repeated entries in any one list (items, documents, names, lines).
inline constexpr size_t kMaxRepeatedEntries = 10000;

absl::StatusOr<v1::Event> DecodeEventJson(std::string_view json);
absl::StatusOr<v1::Event> DecodeEventBinary(std::string_view bytes);

// One JSON object on one line, proto3 JSON mapping, lowerCamelCase names.
std::string ToJsonLine(const google::protobuf::Message& message);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_EVENT_CODEC_H_
