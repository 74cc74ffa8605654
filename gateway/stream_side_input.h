// The gRPC door inside gatekeeperd: the gateway's submission queue as a side input of the
// Kafka stream processor, so events that arrive by gRPC (Submit, Dispose, Apply,
// ApplyStream) are decided by the processor's engine, staged into the same groups as Kafka
// records, committed by the same synced batch and published by the same outbox: one
// ordered, durable path whatever the door.
//
//   GatewaySideInput side_input(backend);
//   options.side_input = &side_input;          // StreamProcessorOptions
//   StreamProcessor processor(options, store);  // backend built on the same store
//
// After every commit (of Kafka records, gRPC events or both) the committed outputs are
// read back into the backend's index and watch feed, then the gRPC callers are answered.
#ifndef GATEKEEPER_GATEWAY_STREAM_SIDE_INPUT_H_
#define GATEKEEPER_GATEWAY_STREAM_SIDE_INPUT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "gateway/gateway_backend.h"
#include "gateway/submission_applier.h"
#include "services/daemon/stream_processor.h"

namespace gatekeeper::gateway {

class GatewaySideInput final : public daemon::SideInput {
 public:
  // `backend` must outlive this object. `report` receives problems worth a log line.
  explicit GatewaySideInput(GatewayBackend& backend, size_t group_max_events = 512,
                            std::function<void(const std::string&)> report = nullptr);

  absl::Mutex& store_mutex() override { return backend_.store_access().mutex(); }
  size_t StageQueued(storage::Store& store, const Engine& engine) override;
  void AfterCommit(const absl::Status& commit_status) override;

  // After the processor stopped: refuses new submissions, ends the watch streams and
  // answers whatever is still queued with Unavailable (it was not applied).
  void Close();

 private:
  GatewayBackend& backend_;
  const size_t group_max_events_;
  std::function<void(const std::string&)> report_;
  // Created with the processor's engine at the first staged event.
  std::unique_ptr<SubmissionApplier> applier_;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_STREAM_SIDE_INPUT_H_
