// What the three gRPC services share: the backend of the process that owns the store,
// the access policy, and the limits of watch streams.
#ifndef GATEKEEPER_GATEWAY_SERVICE_CONTEXT_H_
#define GATEKEEPER_GATEWAY_SERVICE_CONTEXT_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

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

// What the watch streams of one server hold, for tests and operators: the proof that a
// subscriber that does not read costs a bounded amount of memory.
struct WatchStats {
  // Records waiting in subscriber buffers now, and the most there ever were at once.
  std::atomic<int64_t> buffered_records{0};
  std::atomic<int64_t> buffered_records_max{0};
  // Subscribers cut off as too slow (RESOURCE_EXHAUSTED).
  std::atomic<uint64_t> subscribers_cut_off{0};

  void AddBuffered(int64_t delta) {
    const int64_t now = buffered_records.fetch_add(delta) + delta;
    int64_t max = buffered_records_max.load();
    while (now > max && !buffered_records_max.compare_exchange_weak(max, now)) {
    }
  }
};

struct ServiceContext {
  // Must outlive the services.
  GatewayBackend* backend = nullptr;
  AccessPolicy policy = AccessPolicy::CertificateRoles();
  WatchOptions watch;
  // Shared: a subscription may outlive the server by one fan-out round.
  std::shared_ptr<WatchStats> watch_stats = std::make_shared<WatchStats>();
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_SERVICE_CONTEXT_H_
