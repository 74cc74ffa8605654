// Applies submitted events inside a writer's open store group, and completes them once
// the group is committed: the piece a writer loop (LocalPipeline's, or gatekeeperd's
// between its Kafka records) needs to take gRPC events onto the one durable path.
//
//   SubmissionApplier applier(engine);
//   absl::Status committed;
//   {
//     absl::MutexLock lock(&backend.store_access().mutex());
//     for (Submission& s : backend.queue().TryPopBatch(n)) {
//       applier.Apply(std::move(s), store, {.now = ...});
//     }
//     committed = store.Commit();
//   }
//   if (committed.ok()) backend.PublishCommitted();
//   applier.Complete(committed);
//
// Guarantee: a submission that changed something has its `done` run in Complete(), after
// the commit, with its outputs, never before; if the commit failed, with Unavailable. One
// that changed nothing (refused by the engine or the store, or a duplicate) is answered
// inside Apply() when it was decided on committed state only (the store had nothing
// staged and nothing in flight), since no commit can change that answer; else in
// Complete(), with the group it was decided in. An event the engine refuses, or whose
// effects the store cannot stage, changes nothing and does not stop the group: the other
// events of the group are committed as usual.
#ifndef GATEKEEPER_GATEWAY_SUBMISSION_APPLIER_H_
#define GATEKEEPER_GATEWAY_SUBMISSION_APPLIER_H_

#include <cstddef>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gateway/submission_queue.h"
#include "services/engine/engine.h"
#include "storage/store.h"

namespace gatekeeper::gateway {

class SubmissionApplier {
 public:
  // `engine` must outlive the applier.
  explicit SubmissionApplier(const Engine& engine);
  // Completes whatever is still pending with Unavailable (a writer that forgot Complete
  // must not leave a client waiting forever).
  ~SubmissionApplier();

  SubmissionApplier(const SubmissionApplier&) = delete;
  SubmissionApplier& operator=(const SubmissionApplier&) = delete;

  // Decides `submission` on `store` (which sees every event staged before it) and stages
  // its effects. The result (outputs, or the engine's or the store's refusal) is kept for
  // Complete(), or given to `done` at once (see the header comment: `done` then runs
  // under the writer's lock). REQUIRES: the caller holds the store's writer lock
  // (StoreAccess::mutex()).
  void Apply(Submission submission, storage::Store& store, const ApplyContext& context);

  // Runs every pending `done`: with its result when `commit_status` is OK, else with
  // Unavailable naming the store failure. Call after Commit, outside the writer lock.
  void Complete(const absl::Status& commit_status);

  size_t pending() const { return pending_.size(); }

 private:
  struct Pending {
    PipelineDone done;
    absl::StatusOr<PipelineResult> result;
  };

  // The engine's answer, its effects staged when it changed something.
  absl::StatusOr<PipelineResult> Decide(const v1::Event& event, storage::Store& store,
                                        const ApplyContext& context);

  const Engine& engine_;
  std::vector<Pending> pending_;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_SUBMISSION_APPLIER_H_
