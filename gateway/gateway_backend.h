// Everything the gRPC services need from the process that owns the store, independent of
// who runs the writer loop: the submission queue (the services' EventPipeline), serialized
// store reads, the output feed for watch streams, and the declaration index.
//
// The owner of the writer loop (LocalPipeline, or gatekeeperd) must, for every group:
//  1. hold store_access().mutex() from the first Stage to the end of Commit, whatever the
//     events' origin (Kafka records, or queue().TryPopBatch() submissions applied through
//     a SubmissionApplier), and make every other call on the store under it too;
//  2. after a successful Commit, release the mutex and call PublishCommitted(), then
//     complete the submissions (SubmissionApplier::Complete);
//  3. at shutdown, call Close(), then keep draining the queue until queue().drained().
// docs/GATEWAY.md shows gatekeeperd's wiring.
#ifndef GATEKEEPER_GATEWAY_GATEWAY_BACKEND_H_
#define GATEKEEPER_GATEWAY_GATEWAY_BACKEND_H_

#include <cstddef>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gateway/declaration_index.h"
#include "gateway/output_feed.h"
#include "gateway/store_access.h"
#include "gateway/submission_queue.h"
#include "storage/store.h"

namespace gatekeeper::gateway {

struct GatewayBackendOptions {
  // Submissions waiting for the writer; beyond it Submit answers RESOURCE_EXHAUSTED.
  size_t queue_capacity_events = 4096;
  OutputFeed::Options feed;
};

class GatewayBackend {
 public:
  // Builds the index from `store`'s output log. `store` must outlive the backend, and no
  // group may be open on it yet.
  static absl::StatusOr<std::unique_ptr<GatewayBackend>> Create(
      storage::Store& store, const GatewayBackendOptions& options);

  SubmissionQueue& queue() { return queue_; }
  EventPipeline& pipeline() { return queue_; }
  const StoreAccess& store_access() const { return store_access_; }
  OutputFeed& feed() { return *feed_; }
  const DeclarationIndex& index() const { return *index_; }

  // The writer, after each successful commit (outside the store mutex): reads the output
  // records committed since the last call from the store, records them in the index and
  // hands them to the feed. An error (the store failed) is returned; the feed then stays
  // where it was. REQUIRES: called by the writer thread only.
  absl::Status PublishCommitted();

  // Refuses new submissions and ends every watch stream ("server shutting down").
  void Close();

 private:
  GatewayBackend(storage::Store& store, const GatewayBackendOptions& options);

  StoreAccess store_access_;
  SubmissionQueue queue_;
  std::unique_ptr<DeclarationIndex> index_;
  std::unique_ptr<OutputFeed> feed_;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_GATEWAY_BACKEND_H_
