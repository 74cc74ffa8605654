// absl::Status <-> grpc::Status. The canonical codes are the same numbers in both, so the
// code and the message (a sentence for the caller) pass through unchanged.
#ifndef GATEKEEPER_GATEWAY_STATUS_CONVERSION_H_
#define GATEKEEPER_GATEWAY_STATUS_CONVERSION_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace gatekeeper::gateway {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status ToAbslStatus(const grpc::Status& status);

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_STATUS_CONVERSION_H_
