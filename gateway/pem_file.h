// Reading PEM files (certificates, keys) for TLS, on both ends of a gateway connection.
#ifndef GATEKEEPER_GATEWAY_PEM_FILE_H_
#define GATEKEEPER_GATEWAY_PEM_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace gatekeeper::gateway {

// The file's contents. NotFound naming the path when it cannot be read, InvalidArgument
// when it holds no PEM block.
absl::StatusOr<std::string> ReadPemFile(const std::string& path);

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_PEM_FILE_H_
