// Reads a list file whole. List files are a few megabytes; reading them whole keeps the
// parsers simple and lets an importer fail before producing anything.
#ifndef GATEKEEPER_TOOLS_SCREENING_FILE_CONTENTS_H_
#define GATEKEEPER_TOOLS_SCREENING_FILE_CONTENTS_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace gatekeeper::screening {

// Files larger than this are refused rather than read: the published lists are under
// 10 MB, and the bound keeps a wrong path (a disk image, a device) from exhausting memory.
inline constexpr size_t kMaxListFileBytes = 256 << 20;

// The bytes of the file at `path`. NotFound when it cannot be opened, FailedPrecondition
// when it is larger than kMaxListFileBytes, DataLoss when reading fails; messages name the
// path.
absl::StatusOr<std::string> ReadFileContents(const std::string& path);

// The last path component, for messages ("/data/ofac-sdn.csv" -> "ofac-sdn.csv").
std::string FileBaseName(const std::string& path);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_FILE_CONTENTS_H_
