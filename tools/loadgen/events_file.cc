#include "tools/loadgen/events_file.h"

#include <fstream>
#include <iostream>

#include "services/codec/event_kind.h"
#include "services/codec/event_stream_reader.h"

namespace gatekeeper::loadgen {

absl::Status ReadEventsFile(const std::string& path, const std::string& command,
                            SyntheticEvents& events) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return absl::NotFoundError("cannot read " + path);
    in = &file;
  }
  EventStreamReader reader(in);
  while (true) {
    absl::StatusOr<std::optional<EventStreamReader::Item>> item = reader.Next();
    if (!item.ok()) return absl::DataLossError(path + ": " + std::string(item.status().message()));
    if (!item->has_value()) break;
    if (!(*item)->event.ok()) {
      std::cerr << command << ": " << path << ": " << (*item)->where << ": "
                << (*item)->event.status().message() << " (skipped)\n";
      continue;
    }
    v1::Event& event = *(*item)->event;
    (IsCustomsEvent(event) ? events.customs : events.licensing).push_back(std::move(event));
  }
  return absl::OkStatus();
}

}  // namespace gatekeeper::loadgen
