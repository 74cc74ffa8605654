#include "tools/screening/file_contents.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::screening {

absl::StatusOr<std::string> ReadFileContents(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  const std::streamoff size = in.tellg();
  if (size < 0) return absl::DataLossError(absl::StrCat(path, ": cannot read its size"));
  if (static_cast<size_t>(size) > kMaxListFileBytes) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": ", size, " bytes, more than the ",
                                                      kMaxListFileBytes,
                                                      " a list file may have"));
  }
  std::string contents(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(contents.data(), size)) {
    return absl::DataLossError(absl::StrCat(path, ": read failed"));
  }
  return contents;
}

std::string FileBaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace gatekeeper::screening
