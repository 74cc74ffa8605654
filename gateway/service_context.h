// What the three gRPC services share: the backend of the process that owns the store,
// the access policy, and the limits of watch streams.
#ifndef GATEKEEPER_GATEWAY_SERVICE_CONTEXT_H_
#define GATEKEEPER_GATEWAY_SERVICE_CONTEXT_H_

#include <cstddef>

#include "gateway/access_policy.h"
#include "gateway/gateway_backend.h"

namespace gatekeeper::gateway {

struct WatchOptions {
  // Records one subscriber may have waiting to be written; beyond it the subscriber is
  // too slow and its stream ends with RESOURCE_EXHAUSTED ("resume from sequence N").
  size_t subscriber_buffer_records = 4096;
  // Records read per step while a subscriber catches up (never more than the buffer).
  size_t catch_up_page_records = 256;
};

struct ServiceContext {
  // Must outlive the services.
  GatewayBackend* backend = nullptr;
  AccessPolicy policy = AccessPolicy::CertificateRoles();
  WatchOptions watch;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_SERVICE_CONTEXT_H_
