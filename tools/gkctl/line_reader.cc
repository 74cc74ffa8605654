#include "tools/gkctl/line_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::gkctl {
namespace {

// One read(2) at a time; large enough that reading is never the bottleneck.
constexpr size_t kReadChunkBytes = 64 * 1024;

}  // namespace

LineReader::LineReader(int fd, size_t max_line_bytes)
    : fd_(fd), max_line_bytes_(max_line_bytes), buffer_(kReadChunkBytes) {}

absl::StatusOr<bool> LineReader::Fill() {
  const ssize_t got = read(fd_, buffer_.data(), buffer_.size());
  if (got < 0) {
    if (errno == EINTR) return absl::UnavailableError("interrupted");
    return absl::InternalError(absl::StrCat("cannot read the input: ", std::strerror(errno)));
  }
  buffer_begin_ = 0;
  buffer_end_ = static_cast<size_t>(got);
  return got > 0;
}

absl::StatusOr<std::optional<LineReader::Line>> LineReader::Next() {
  // A line in progress (after an interruption) continues where it stopped.
  while (!at_end_) {
    if (buffer_begin_ == buffer_end_) {
      absl::StatusOr<bool> filled = Fill();
      if (!filled.ok()) return filled.status();
      if (!*filled) {
        at_end_ = true;
        break;
      }
    }
    const char* begin = buffer_.data() + buffer_begin_;
    const size_t available = buffer_end_ - buffer_begin_;
    const void* newline = std::memchr(begin, '\n', available);
    const size_t take = newline == nullptr ? available : static_cast<const char*>(newline) - begin;
    // Keep one byte beyond the limit, for the '\r' of a CRLF line at the limit.
    const size_t room = max_line_bytes_ + 1 > line_.size() ? max_line_bytes_ + 1 - line_.size() : 0;
    line_.append(begin, std::min(take, room));
    line_length_bytes_ += take;
    buffer_begin_ += take;
    if (newline != nullptr) {
      ++buffer_begin_;
      break;
    }
  }
  if (at_end_ && line_length_bytes_ == 0 && line_.empty()) {
    // Nothing after the last newline.
    return std::nullopt;
  }
  Line line;
  line.number = ++line_number_;
  line.length_bytes = line_length_bytes_;
  if (line.length_bytes > 0 && line_.size() == line.length_bytes && line_.back() == '\r') {
    line_.pop_back();
    --line.length_bytes;
  }
  line.too_long = line.length_bytes > max_line_bytes_;
  if (line.too_long) line_.clear();
  result_ = std::move(line_);
  line_.clear();
  line_length_bytes_ = 0;
  line.text = &result_;
  return line;
}

}  // namespace gatekeeper::gkctl
