// Decoding of outside input into Events, and encoding of output records. Every
// door (files, Kafka, gRPC) goes through here, so bad input is refused the same
// way everywhere: InvalidArgument with a message that names the field and the
// problem
// ("items[0].quantity.amount: ..."; "unknown field \"writeOf\""; "event is
// 2,000,000 bytes, the limit is 1,048,576"). Decoding never aborts on any input
// (fuzzed in tests/fuzz).
//
// JSON is the proto3 JSON mapping (protobuf's own parser): both lowerCamelCase
// and proto field names are accepted, enums by name; unknown fields are
// refused.
//
// After parsing, every decoded event passes the same structural check
// (CheckEventStructure): exactly one payload member set; no string longer than
// kMaxStringFieldBytes; no list longer than kMaxRepeatedEntries; strings valid
// UTF-8; enum values known; no field the schema does not know (binary input may
// carry unknown field numbers, which are refused rather than silently dropped:
// the contract changes only by a new package version). Paths in messages use
// the JSON names: "declaration.items[3].description is 100,000 bytes; the limit
// is 4,096". Semantic validation (MRN format, amounts, countries) is the
// engine's job.
//
// While decoding, protobuf's own log output (e.g. its invalid-UTF-8 complaint)
// is captured into the returned error instead of being printed to stderr;
// outside decoding, protobuf logs go to whichever handler was installed before
// the codec's first use.
//
//   absl::StatusOr<v1::Event> event = DecodeEventJson(line);
//   if (!event.ok()) report(event.status().message());
//   std::cout << ToJsonLine(decision) << "\n";
#ifndef GATEKEEPER_SERVICES_CODEC_EVENT_CODEC_H_
#define GATEKEEPER_SERVICES_CODEC_EVENT_CODEC_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
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

// Both return InvalidArgument with a readable one-line message on any bad
// input, including input larger than kMaxEventBytes (checked before parsing).
absl::StatusOr<v1::Event> DecodeEventJson(std::string_view json);
absl::StatusOr<v1::Event> DecodeEventBinary(std::string_view bytes);

// The wire-level check DecodeEventBinary applies to input its fast path does not recognize
// as well formed (at most one member of each oneof, also across merged occurrences); OK or
// InvalidArgument. For tests of that fast path (services/codec/wire_precheck.h).
absl::Status CheckEventWire(std::string_view bytes);

// The structural check both decoders apply after parsing, for doors that
// receive an already parsed Event (gRPC). OK or InvalidArgument naming the path
// of the offending field.
absl::Status CheckEventStructure(const v1::Event& event);

// One JSON object on one line, proto3 JSON mapping, lowerCamelCase names, enums
// by name. Every scalar and list field is printed, even when empty or zero
// (officers see the empty `error`); message fields and proto3 `optional` fields
// only when set. Never fails: a string that is not valid UTF-8 (which no
// decoded event carries) loses its invalid bytes.
std::string ToJsonLine(const google::protobuf::Message& message);

// Same, but fields holding their default value (empty string, zero, empty list)
// are left out: for views whose empty fields mean "not applicable", such as the
// *ValueEur balances of a licence line without a value cap.
std::string ToJsonLineSetFieldsOnly(const google::protobuf::Message& message);

// ToJsonLine prints at most this many bytes for each byte of a message's binary encoding, on
// top of each message's fixed cost below: a control character, '<', '>' or DEL in a string is
// printed as a backslash, 'u' and four hex digits (1 byte printed as 6); every other byte
// costs less (a C1 control, 2 bytes, and U+2028, 3 bytes, both become 6; numbers, enum names
// and booleans of set fields fit in 6 times their tag and value).
inline constexpr size_t kJsonBytesPerBinaryByteMax = 6;
// The fixed cost of one message in ToJsonLine beyond that: its braces, the key naming it in
// its parent, a comma, and every field printed at its default ("", 0, the UNSPECIFIED enum
// name, []), which the binary encoding leaves out. The largest gatekeeper.v1 message at its
// default, Rule, prints 238 bytes; tests/codec checks the bound for every v1 message.
inline constexpr size_t kJsonBytesPerMessageMax = 320;

// An upper bound on ToJsonLine(message).size() that costs no printing, for a message whose
// ByteSizeLong() is `binary_bytes` and that holds `message_count` messages (itself and every
// nested message that is set, each element of a repeated field counted once):
// binary_bytes * kJsonBytesPerBinaryByteMax + message_count * kJsonBytesPerMessageMax.
// Lets a caller with a size limit print JSON only when the bound exceeds it.
size_t JsonLineBytesBound(size_t binary_bytes, size_t message_count);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_EVENT_CODEC_H_
