// Binary event files: a stream of Events in protobuf's binary encoding, for tools that read
// the same large workload several times (tools/bench/run: the engine benchmark, the load
// generator and the PostgreSQL baseline each read a million events; the engine benchmark's
// step took 166 s on the JSON-lines form and 40-45 s on this one, docs/BENCHMARKS.md).
//
// Layout: the 8 bytes kBinaryEventFileMagic, then per event its length as a 4-byte
// little-endian unsigned integer and that many bytes of v1::Event. Each record is decoded
// with DecodeEventBinary, so a record is held to exactly the checks of a binary record on
// Kafka (size, structure, unknown fields).
//
//   std::ofstream out(path, std::ios::binary);
//   WriteBinaryEventFileHeader(out);
//   for (const v1::Event& event : events) AppendBinaryEvent(out, event);
//
//   BinaryEventFileReader reader(&in);
//   if (absl::Status s = reader.ReadHeader(); !s.ok()) ...;
//   std::string bytes;
//   while (true) {
//     absl::StatusOr<bool> more = reader.Next(&bytes);   // DataLoss: framing broken
//     if (!more.ok() || !*more) break;
//     absl::StatusOr<v1::Event> event = DecodeEventBinary(bytes);   // skip if invalid
//   }
#ifndef GATEKEEPER_SERVICES_CODEC_BINARY_EVENT_FILE_H_
#define GATEKEEPER_SERVICES_CODEC_BINARY_EVENT_FILE_H_

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gatekeeper/v1/event.pb.h"

namespace gatekeeper {

inline constexpr std::string_view kBinaryEventFileMagic = "GKEVB01\n";

// True when `head` (a file's first bytes) starts like a binary event file.
bool IsBinaryEventFileHead(std::string_view head);

void WriteBinaryEventFileHeader(std::ostream& out);
// InvalidArgument when the event's encoding is larger than kMaxEventBytes (no reader would
// take it); nothing is written then.
absl::Status AppendBinaryEvent(std::ostream& out, const v1::Event& event);

class BinaryEventFileReader {
 public:
  explicit BinaryEventFileReader(std::istream* in) : in_(in) {}

  // InvalidArgument when the stream does not begin with kBinaryEventFileMagic.
  absl::Status ReadHeader();

  // The next record's bytes into *bytes: true, or false at the end of the stream. DataLoss
  // when the stream ends inside a record or a length is over kMaxEventBytes: the framing is
  // lost and nothing after that point can be read.
  absl::StatusOr<bool> Next(std::string* bytes);

  // Records returned by Next so far.
  uint64_t records() const { return records_; }

 private:
  std::istream* in_;
  uint64_t records_ = 0;
};

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_BINARY_EVENT_FILE_H_
