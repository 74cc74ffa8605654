// libFuzzer target: a binary event file (services/codec/binary_event_file.h) of arbitrary
// bytes, read record by record and each record decoded, as the benchmark tools read one.
// Properties: a broken header is InvalidArgument, broken framing is DataLoss and ends the
// file, and every record decodes under fuzz_properties.h's rules.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "services/codec/binary_event_file.h"
#include "services/codec/event_codec.h"
#include "tests/fuzz/fuzz_properties.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  gatekeeper::BinaryEventFileReader reader(&in);
  if (absl::Status header = reader.ReadHeader(); !header.ok()) {
    if (header.code() != absl::StatusCode::kInvalidArgument) {
      gatekeeper::fuzz::Violated("a bad header is InvalidArgument", header.ToString());
    }
    return 0;
  }
  std::string bytes;
  while (true) {
    const uint64_t before = reader.records();
    absl::StatusOr<bool> more = reader.Next(&bytes);
    if (!more.ok()) {
      if (more.status().code() != absl::StatusCode::kDataLoss) {
        gatekeeper::fuzz::Violated("broken framing is DataLoss", more.status().ToString());
      }
      break;
    }
    if (!*more) break;
    if (reader.records() != before + 1) {
      gatekeeper::fuzz::Violated("each record is counted once", std::to_string(before));
    }
    gatekeeper::fuzz::CheckDecoded(gatekeeper::DecodeEventBinary(bytes));
  }
  return 0;
}
