// An Event file, JSON lines (the `gkctl replay` format) or a binary event file
// (services/codec/binary_event_file.h), read and decoded in full with gatekeeper's codec
// before any benchmark clock starts. An event that is not valid is counted and skipped, as
// `gkctl replay` skips it.
#ifndef GATEKEEPER_TOOLS_BENCH_EVENT_FILE_H_
#define GATEKEEPER_TOOLS_BENCH_EVENT_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gatekeeper/v1/event.pb.h"

namespace gatekeeper::bench {

// A decoded input file.
struct EventStream {
  std::vector<v1::Event> events;
  // Events read (non-blank lines or binary records), and those that were not a valid Event
  // (skipped, like gkctl).
  uint64_t lines = 0;
  uint64_t undecodable = 0;
  // The first few decoding errors, "line N: why" or "record N: why".
  std::vector<std::string> errors;
};

// Reads and decodes every event of the file with gatekeeper's codec.
absl::StatusOr<EventStream> ReadEventFile(const std::string& path);

}  // namespace gatekeeper::bench

#endif  // GATEKEEPER_TOOLS_BENCH_EVENT_FILE_H_
