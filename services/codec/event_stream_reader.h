// Reads the events of a file in either form the tools exchange: JSON lines (the `gkctl
// replay` format, one Event per line, blank lines ignored) or a binary event file
// (binary_event_file.h), told apart by the binary form's magic at the start. Each event is
// decoded with the codec's door for that form, so a file is held to exactly the checks of
// the same records on Kafka.
//
//   EventStreamReader reader(&in);
//   while (true) {
//     absl::StatusOr<std::optional<EventStreamReader::Item>> item = reader.Next();
//     if (!item.ok()) fail(item.status());          // framing lost: nothing more to read
//     if (!item->has_value()) break;                 // the end
//     if (!(*item)->event.ok()) skip((*item)->where, (*item)->event.status());
//   }
#ifndef GATEKEEPER_SERVICES_CODEC_EVENT_STREAM_READER_H_
#define GATEKEEPER_SERVICES_CODEC_EVENT_STREAM_READER_H_

#include <cstdint>
#include <istream>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "gatekeeper/v1/event.pb.h"
#include "services/codec/binary_event_file.h"

namespace gatekeeper {

class EventStreamReader {
 public:
  explicit EventStreamReader(std::istream* in) : in_(in), binary_reader_(in) {}

  struct Item {
    // The decoded event, or InvalidArgument naming the field (the input is skipped).
    absl::StatusOr<v1::Event> event;
    // Where it was: "line N" or "record N".
    std::string where;
  };

  // The next event or refusal; nullopt at the end. DataLoss when the stream fails or a
  // binary file's framing breaks (nothing after that point can be read).
  absl::StatusOr<std::optional<Item>> Next();

  // Whether the stream is a binary event file (known after the first Next).
  bool binary() const { return mode_ == Mode::kBinary; }

 private:
  enum class Mode { kUnknown, kJsonLines, kBinary };

  // Reads the first bytes and decides the mode; they stay in head_ for a JSON stream.
  void DetectMode();
  // The next line of a JSON stream, head_ first; false at the end.
  bool NextLine(std::string* line);

  std::istream* in_;
  BinaryEventFileReader binary_reader_;
  Mode mode_ = Mode::kUnknown;
  std::string head_;
  uint64_t line_no_ = 0;
  std::string buffer_;
};

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_CODEC_EVENT_STREAM_READER_H_
