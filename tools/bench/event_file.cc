#include "tools/bench/event_file.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "services/codec/event_stream_reader.h"

namespace gatekeeper::bench {
namespace {

// Decoding errors kept for the report (all are counted).
constexpr size_t kMaxErrorsKept = 10;

}  // namespace

absl::StatusOr<EventStream> ReadEventFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  EventStream stream;
  EventStreamReader reader(&in);
  while (true) {
    absl::StatusOr<std::optional<EventStreamReader::Item>> item = reader.Next();
    if (!item.ok()) return absl::DataLossError(absl::StrCat(path, ": ", item.status().message()));
    if (!item->has_value()) break;
    ++stream.lines;
    if (!(*item)->event.ok()) {
      ++stream.undecodable;
      if (stream.errors.size() < kMaxErrorsKept) {
        stream.errors.push_back(
            absl::StrCat((*item)->where, ": ", (*item)->event.status().message()));
      }
      continue;
    }
    stream.events.push_back(*std::move((*item)->event));
  }
  return stream;
}

}  // namespace gatekeeper::bench
