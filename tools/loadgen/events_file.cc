#include "tools/loadgen/events_file.h"

#include <fstream>
#include <iostream>

#include "services/codec/event_codec.h"
#include "tools/loadgen/event_routing.h"

namespace gatekeeper::loadgen {

absl::Status ReadEventsFile(const std::string& path, const std::string& command,
                            SyntheticEvents& events) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path);
    if (!file) return absl::NotFoundError("cannot read " + path);
    in = &file;
  }
  std::string line;
  for (size_t line_no = 1; std::getline(*in, line); ++line_no) {
    if (line.empty()) continue;
    absl::StatusOr<v1::Event> event = DecodeEventJson(line);
    if (!event.ok()) {
      std::cerr << command << ": " << path << ":" << line_no << ": " << event.status().message()
                << " (skipped)\n";
      continue;
    }
    (IsCustomsEvent(*event) ? events.customs : events.licensing).push_back(*std::move(event));
  }
  if (in->bad()) return absl::DataLossError("reading " + path + " failed");
  return absl::OkStatus();
}

}  // namespace gatekeeper::loadgen
