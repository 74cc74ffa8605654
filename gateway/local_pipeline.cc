#include "gateway/local_pipeline.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gateway/submission_applier.h"
#include "services/codec/number_text.h"

namespace gatekeeper::gateway {
namespace {

// How long the writer waits in an empty queue before checking whether it was closed.
constexpr absl::Duration kIdleWait = absl::Milliseconds(100);

}  // namespace

absl::StatusOr<std::unique_ptr<LocalPipeline>> LocalPipeline::Open(
    const storage::StoreOptions& store_options, const LocalPipelineOptions& options) {
  absl::StatusOr<std::unique_ptr<storage::Store>> store = storage::Store::Open(store_options);
  if (!store.ok()) return store.status();
  std::unique_ptr<LocalPipeline> pipeline(new LocalPipeline(*std::move(store), options));
  absl::StatusOr<std::unique_ptr<GatewayBackend>> backend =
      GatewayBackend::Create(*pipeline->store_, options.backend);
  if (!backend.ok()) return backend.status();
  pipeline->backend_ = *std::move(backend);
  pipeline->writer_ = std::thread([p = pipeline.get()] { p->WriterLoop(); });
  return pipeline;
}

LocalPipeline::LocalPipeline(std::unique_ptr<storage::Store> store,
                             const LocalPipelineOptions& options)
    : options_(options), store_(std::move(store)), engine_(options.engine) {}

LocalPipeline::~LocalPipeline() {
  Stop();
  // The backend reads the store (feed, index): it goes first.
  backend_.reset();
}

void LocalPipeline::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (backend_ != nullptr) backend_->Close();
  if (writer_.joinable()) writer_.join();
}

absl::Status LocalPipeline::health() const {
  absl::MutexLock lock(&health_mutex_);
  return health_;
}

void LocalPipeline::WriterLoop() {
  SubmissionQueue& queue = backend_->queue();
  while (!queue.drained()) {
    std::vector<Submission> batch = queue.PopBatch(options_.group_max_events, kIdleWait);
    if (batch.empty()) continue;
    absl::Status committed = RunGroup(std::move(batch));
    if (committed.ok()) continue;
    {
      absl::MutexLock lock(&health_mutex_);
      health_ = committed;
    }
    // Memory is ahead of disk: refuse everything until the process restarts.
    backend_->Close();
    while (!queue.drained()) {
      for (Submission& submission : queue.TryPopBatch(options_.group_max_events)) {
        std::move(submission.done)(absl::UnavailableError(absl::StrCat(
            "the store failed (", committed.message(), "); the server must be restarted")));
      }
    }
    return;
  }
}

absl::Status LocalPipeline::RunGroup(std::vector<Submission> batch) {
  SubmissionApplier applier(engine_);
  absl::Status committed;
  {
    const StoreAccess& access = backend_->store_access();
    absl::MutexLock lock(&access.mutex());
    storage::Store& store = access.store();
    for (Submission& submission : batch) {
      applier.Apply(std::move(submission), store, {.now = FormatDecidedAt(absl::Now())});
    }
    committed = store.Commit();
  }
  if (!committed.ok()) {
    applier.Complete(committed);
    return committed;
  }
  // The events are durable whatever happens next; a failure to read them back for the
  // watch streams stops the writer, but their submitters get their results.
  absl::Status published = backend_->PublishCommitted();
  applier.Complete(committed);
  return published;
}

}  // namespace gatekeeper::gateway
