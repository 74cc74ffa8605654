#include "tools/bench/event_file.h"

#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/codec/event_codec.h"

namespace gatekeeper::bench {
namespace {

// Decoding errors kept for the report (all are counted).
constexpr size_t kMaxErrorsKept = 10;

}  // namespace

absl::StatusOr<EventStream> ReadEventFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  EventStream stream;
  std::string line;
  uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    ++stream.lines;
    absl::StatusOr<v1::Event> event = DecodeEventJson(line);
    if (!event.ok()) {
      ++stream.undecodable;
      if (stream.errors.size() < kMaxErrorsKept) {
        stream.errors.push_back(absl::StrCat("line ", number, ": ", event.status().message()));
      }
      continue;
    }
    stream.events.push_back(std::move(*event));
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("reading ", path, " failed"));
  return stream;
}

}  // namespace gatekeeper::bench
