// Reads newline-terminated lines from a file descriptor with bounded memory: at
// most `max_line_bytes` of one line are ever held. A longer line is read to its
// end without being kept and returned as too long, with its length, so the
// caller can report it and go on with the next line. A final line without a
// newline counts; a '\r' before the newline (CRLF files) is dropped.
//
//   LineReader reader(STDIN_FILENO, kMaxEventBytes);
//   while (true) {
//     absl::StatusOr<std::optional<LineReader::Line>> line = reader.Next();
//     if (!line.ok()) ...;          // Unavailable: interrupted by a signal,
//     call again if (!line->has_value()) break;  // end of input
//   }
#ifndef GATEKEEPER_TOOLS_GKCTL_LINE_READER_H_
#define GATEKEEPER_TOOLS_GKCTL_LINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace gatekeeper::gkctl {

class LineReader {
 public:
  struct Line {
    // 1-based.
    int64_t number = 0;
    // The line without its newline; empty when too_long.
    const std::string* text = nullptr;
    // The line's length in bytes, also when it was too long to keep.
    uint64_t length_bytes = 0;
    bool too_long = false;
  };

  // Does not take ownership of `fd`.
  LineReader(int fd, size_t max_line_bytes);

  // The next line, or nullopt at the end of the input. Unavailable when a
  // signal interrupted the read (nothing is lost: calling again continues);
  // Internal on a read error. The text stays valid until the next call.
  absl::StatusOr<std::optional<Line>> Next();

 private:
  // Fills the buffer; false at the end of the input.
  absl::StatusOr<bool> Fill();

  int fd_;
  size_t max_line_bytes_;
  std::vector<char> buffer_;
  size_t buffer_begin_ = 0;
  size_t buffer_end_ = 0;
  bool at_end_ = false;
  // The line being read, and the last one returned.
  std::string line_;
  std::string result_;
  uint64_t line_length_bytes_ = 0;
  int64_t line_number_ = 0;
};

}  // namespace gatekeeper::gkctl

#endif  // GATEKEEPER_TOOLS_GKCTL_LINE_READER_H_
