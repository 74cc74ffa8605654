// The entrance of the one ordered, durable path every event takes, whichever door it came
// through: an event submitted here is applied by the engine, staged in the store and
// committed with the store's next group, in submission order, exactly like a Kafka record.
//
//   pipeline.Submit(std::move(event), [](absl::StatusOr<PipelineResult> result) {
//     if (result.ok()) ... result->outputs are durable ...
//   });
//
// `done` runs exactly once: after the group holding the event's effects is committed (the
// outputs are durable and already in the output log), or with the engine's refusal
// (InvalidArgument, NotFound, FailedPrecondition: nothing changed), or ResourceExhausted
// when the queue is full (nothing was applied; retry later), or Unavailable when the
// pipeline is stopping or its store failed. It runs on the writer thread (or inline, for
// an immediate refusal), possibly while the writer holds the store's lock (an answer that
// changed nothing goes out at once, see submission_applier.h), so it must neither block
// nor read through StoreAccess: what it needs is in PipelineResult.
#ifndef GATEKEEPER_GATEWAY_EVENT_PIPELINE_H_
#define GATEKEEPER_GATEWAY_EVENT_PIPELINE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/event.pb.h"

namespace gatekeeper::gateway {

// What one applied event did.
struct PipelineResult {
  // The event had already been applied (same MRN, version <= current): nothing changed.
  bool duplicate = false;
  // Its usage records and decision, with their sequences, in publication order.
  std::vector<internal::OutputRecord> outputs;
  // Licences it created, replaced or gave a new status, sorted.
  std::vector<std::string> licence_ids;
  // A duplicate declaration: the MRN's current decision (what a client's retry answers).
  std::optional<v1::Decision> current_decision;
};

using PipelineDone = absl::AnyInvocable<void(absl::StatusOr<PipelineResult>) &&>;

class EventPipeline {
 public:
  virtual ~EventPipeline() = default;

  // Queues `event` without waiting: a full queue completes `done` at once with
  // ResourceExhausted.
  virtual void Submit(v1::Event event, PipelineDone done) = 0;

  // Queues `event`, waiting until `deadline` for room in the queue (for ordered streams,
  // where skipping an event is worse than waiting). Blocks the calling thread meanwhile.
  virtual void SubmitWaiting(v1::Event event, absl::Time deadline, PipelineDone done) = 0;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_EVENT_PIPELINE_H_
