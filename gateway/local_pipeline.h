// The gateway's own writer: one thread that owns a storage::Store and an Engine, drains
// the submission queue in groups, applies each event, commits the group with one synced
// batch, publishes the committed outputs to the feed and the index, then completes the
// submissions. This is what gk-grpc-server runs; gatekeeperd runs its own writer loop
// with the same GatewayBackend instead (see gateway_backend.h).
//
//   absl::StatusOr<std::unique_ptr<LocalPipeline>> pipeline =
//       LocalPipeline::Open({.data_dir = dir}, LocalPipelineOptions{});
//   ... serve (*pipeline)->backend() ...
//   (*pipeline)->Stop();
//
// Group commit: a group takes every queued event, up to group_max_events; events that
// arrive during one group's fsync form the next group, so one fsync is shared by all the
// clients that submitted meanwhile. A group is durable entirely or not at all.
// If the store fails, every pending and later submission gets Unavailable and health()
// says why; the process must restart from disk.
#ifndef GATEKEEPER_GATEWAY_LOCAL_PIPELINE_H_
#define GATEKEEPER_GATEWAY_LOCAL_PIPELINE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gateway/gateway_backend.h"
#include "services/engine/engine.h"
#include "storage/store.h"

namespace gatekeeper::gateway {

struct LocalPipelineOptions {
  GatewayBackendOptions backend;
  EngineOptions engine;
  // Most events in one committed group.
  size_t group_max_events = 512;
};

class LocalPipeline {
 public:
  static absl::StatusOr<std::unique_ptr<LocalPipeline>> Open(
      const storage::StoreOptions& store_options, const LocalPipelineOptions& options);
  // Stops (see Stop) and closes the store.
  ~LocalPipeline();

  GatewayBackend& backend() { return *backend_; }

  // Refuses new submissions, applies and commits what was already queued, ends the watch
  // streams and joins the writer. Idempotent; call from one thread.
  void Stop();

  // OK, or the store failure that stopped the writer.
  absl::Status health() const;

 private:
  LocalPipeline(std::unique_ptr<storage::Store> store, const LocalPipelineOptions& options);
  void WriterLoop();
  // Applies and commits one group; returns the commit status.
  absl::Status RunGroup(std::vector<Submission> batch);

  const LocalPipelineOptions options_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<GatewayBackend> backend_;
  Engine engine_;
  std::thread writer_;
  bool stopped_ = false;

  mutable absl::Mutex health_mutex_;
  absl::Status health_ ABSL_GUARDED_BY(health_mutex_);
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_LOCAL_PIPELINE_H_
