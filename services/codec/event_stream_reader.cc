#include "services/codec/event_stream_reader.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/codec/event_codec.h"

namespace gatekeeper {

void EventStreamReader::DetectMode() {
  head_.resize(kBinaryEventFileMagic.size());
  in_->read(head_.data(), static_cast<std::streamsize>(head_.size()));
  head_.resize(static_cast<size_t>(in_->gcount()));
  if (IsBinaryEventFileHead(head_)) {
    mode_ = Mode::kBinary;
    head_.clear();
    return;
  }
  mode_ = Mode::kJsonLines;
  // A stream shorter than the magic hit its end; the bytes read are still a line.
  if (in_->eof()) in_->clear(std::ios::eofbit);
}

bool EventStreamReader::NextLine(std::string* line) {
  if (!head_.empty()) {
    if (const size_t end = head_.find('\n'); end != std::string::npos) {
      *line = head_.substr(0, end);
      head_.erase(0, end + 1);
      return true;
    }
    std::string rest;
    if (!in_->eof()) std::getline(*in_, rest);
    *line = std::move(head_) + rest;
    head_.clear();
    return true;
  }
  return static_cast<bool>(std::getline(*in_, *line));
}

absl::StatusOr<std::optional<EventStreamReader::Item>> EventStreamReader::Next() {
  if (mode_ == Mode::kUnknown) DetectMode();
  if (mode_ == Mode::kBinary) {
    absl::StatusOr<bool> more = binary_reader_.Next(&buffer_);
    if (!more.ok()) return more.status();
    if (!*more) {
      if (in_->bad()) return absl::DataLossError("reading the event file failed");
      return std::nullopt;
    }
    return Item{DecodeEventBinary(buffer_), absl::StrCat("record ", binary_reader_.records())};
  }
  while (NextLine(&buffer_)) {
    ++line_no_;
    if (absl::StripAsciiWhitespace(buffer_).empty()) continue;
    return Item{DecodeEventJson(buffer_), absl::StrCat("line ", line_no_)};
  }
  if (in_->bad()) return absl::DataLossError("reading the event file failed");
  return std::nullopt;
}

}  // namespace gatekeeper
