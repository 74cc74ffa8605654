// The heart of gatekeeperd: input records from Kafka, through the engine and
// the store, to decisions, usage records and dead letters on Kafka, exactly
// once across crashes without Kafka transactions (docs/STREAMING.md has the
// full argument).
//
//   StreamProcessor processor(options, *store);
//   absl::Status status = processor.Run(stop_requested);   // until
//   stop_requested is set
//
// One thread (the caller of Run) owns the store and does everything but the fsync, in a
// loop:
//  1. read input records into the open group; each is decoded (binary protobuf, or JSON with
//     content-type: application/json), applied by the engine and staged in the store
//     together with its partition's next offset ("offset/<topic>/<partition>"); a record
//     that cannot be decoded, that its topic does not admit (topic_admission.h), or that the
//     engine refuses is staged as a dead letter
//     ("dlq/<id>") with the same offset write;
//  2. commit the group: one synced RocksDB batch. Pipelined (the Kafka-only daemon): the
//     group is sealed and written on the store's commit thread while step 1 goes on
//     filling the next group, which is sealed as soon as the write before it is durable.
//     So a group holds what arrived during one fsync (at most batch_max_records), nothing
//     waits for a timer, and a saturated daemon decides and syncs at the same time. With a
//     gRPC side input the group is committed in place instead, for at most
//     batch_max_delay_ms after its first record: gRPC readers share the store under its
//     mutex and are answered per commit (see SideInput);
//  3. hand the newly committed outputs (read back from the store's output log)
//  and dead
//     letters to the idempotent producer;
//  4. on delivery reports, advance the published position
//  ("outbox/published_sequence") and
//     erase delivered dead letters, both staged with the next commit.
// On start the published position is read and everything after it is sent
// again, so after a crash a reader may see a record twice, with the same
// sequence and content, never a different one and never none. Input records
// below a partition's stored offset are never applied twice. Input is paused
// while the backlog of unacknowledged outputs exceeds outbox_max_backlog, and
// resumed below half of it.
//
// A stop request finishes the batch, commits, leaves the consumer group and
// waits (bounded) for the outstanding outputs to be acknowledged. Run returns
// an error only when going on could be wrong (the store failed, Kafka refuses
// every record: a missing topic, no authorization); everything committed stays correct, and the
// next start resumes from it. A record that Kafka refuses for its size is not such
// a reason: it goes out in a smaller form (kafka_output.h, OutputForm), and one that
// fits none is reported and counted, never allowed to stop the stream.
#ifndef GATEKEEPER_SERVICES_DAEMON_STREAM_PROCESSOR_H_
#define GATEKEEPER_SERVICES_DAEMON_STREAM_PROCESSOR_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/codec/number_text.h"
#include "services/daemon/daemon_metrics.h"
#include "services/daemon/dead_letter.pb.h"
#include "services/daemon/delivery_tracker.h"
#include "services/daemon/input_position_check.h"
#include "services/daemon/kafka_input.h"
#include "services/daemon/kafka_output.h"
#include "services/daemon/output_backlog.h"
#include "services/daemon/topic_admission.h"
#include "services/engine/engine.h"
#include "storage/store.h"

namespace gatekeeper::daemon {

// Events of another door (the gRPC gateway) that join the Kafka records'
// groups, so that every door takes one ordered, durable path: staged between
// Kafka records of the same group, committed by the same synced batch,
// published by the same outbox.
class SideInput {
 public:
  virtual ~SideInput() = default;
  // The mutex that every other user of the store (gRPC readers) holds. The
  // processor holds it whenever it calls the store, and from the first Stage of
  // a group until its Commit returns, so readers only see committed state. It
  // is released only while the processor waits for Kafka with nothing staged.
  virtual absl::Mutex& store_mutex() = 0;
  // Decides and stages the queued events into the open group; returns how many
  // it staged (0 when none were queued). Called with store_mutex() held.
  virtual size_t StageQueued(storage::Store& store, const Engine& engine) = 0;
  // After every commit attempt, OK or the failure, without store_mutex(): the
  // committed outputs (of any door) can be handed to gRPC watchers, and the
  // staged events' callers told.
  virtual void AfterCommit(const absl::Status& commit_status) = 0;
};

struct StreamProcessorOptions {
  KafkaInputOptions input;
  KafkaOutputOptions output;
  // The most records in one group.
  size_t batch_max_records = 1000;
  // With a side input only (groups committed in place): how long a group stays open after
  // its first record. The pipelined Kafka-only path seals a group when the previous one is
  // durable instead.
  int batch_max_delay_ms = 5;
  uint64_t outbox_max_backlog = 100000;
  // 0 = only at exit.
  int metrics_interval_ms = 5000;
  EngineOptions engine;
  // Where the one-line metrics reports go.
  std::function<void(const std::string& line)> report = nullptr;
  // Another door's events; null = Kafka only. Must outlive the processor.
  SideInput* side_input = nullptr;
  // Officers' dispositions are admitted on the declarations topic (relayed by the customs
  // clearance system); false = only through the gRPC OfficerService (topic_admission.h).
  bool kafka_dispositions = true;
  // At start, stored input offsets that do not fit the cluster (another cluster id, or past
  // a partition's end) are forgotten instead of refused (input_position_check.h).
  bool reset_offsets = false;
};

class StreamProcessor : public PartitionListener {
 public:
  // `store` must outlive the processor.
  StreamProcessor(StreamProcessorOptions options, storage::Store& store);
  ~StreamProcessor() override;

  // Connects to Kafka and runs until `stop` is set (by a signal handler or
  // another thread), then shuts down as described above.
  absl::Status Run(const std::atomic<bool>& stop);

  const DaemonMetrics& metrics() const { return metrics_; }

  // PartitionListener (called from inside the consumer's Poll, on Run's
  // thread).
  std::optional<int64_t> ResumeOffset(const std::string& topic, int32_t partition) override;
  void BeforeRevoke() override;

 private:
  // Staged outputs held in memory for publishing: about 1.5 s at the sustained rate of
  // docs/BENCHMARKS.md (19,183 declarations/s; 1.10 outputs per declaration event in a
  // 100,000-declaration run: 103,997 decisions and 8,785 usage records for 102,545). Beyond
  // it, they are read back from the store.
  static constexpr size_t kMaxBacklogOutputs = 32768;

  struct PendingDeadLetter {
    uint64_t id = 0;
    DeadLetter letter;
  };
  // What one group holds besides the store's batch: released when it is durable.
  struct Group {
    size_t records = 0;
    // Dead letters staged in it; published once it is committed.
    std::vector<PendingDeadLetter> dead_letters;
    // Next offsets staged in it; reported to Kafka once committed.
    std::map<std::pair<std::string, int32_t>, int64_t> offsets;
    // The published position it makes durable.
    uint64_t published_sequence = 0;
  };

  absl::Status Recover();
  // Refuses to start (IsForeignOffsets) when the stored offsets do not fit the cluster,
  // unless options_.reset_offsets; waits while Kafka cannot be asked, until `stop`.
  absl::Status CheckInputPositions(const std::atomic<bool>& stop);
  // The stored offsets of the input topics; every stored offset key into all_offset_keys.
  absl::StatusOr<std::vector<PartitionPosition>> StoredPositions(
      std::vector<std::string>& all_offset_keys);
  // Fills in each partition's end; returns the cluster id.
  absl::StatusOr<std::string> AskPartitionEnds(std::vector<PartitionPosition>& positions);
  // Reads and stages one batch; returns after the batch is complete or when
  // idle.
  void ReadBatch(const std::atomic<bool>& stop);
  // The same for the pipelined path: fills the open group while the sealed one is written,
  // and returns when that write is done (or, with none in flight, as soon as anything is
  // staged), when the group is full, or after an idle tick.
  void ReadPipelined(const std::atomic<bool>& stop);
  void ProcessRecord(RdKafka::Message& message);
  void StageDeadLetter(RdKafka::Message& message, absl::string_view reason, absl::string_view error,
                       const storage::MetaWrite& offset_write);
  // Stages the published position and delivered dead-letter erasures, then
  // commits (waiting for a group in flight first, and for this one).
  void CommitGroup();
  // The same, but only starts the write (pipelined path); requires no group in flight.
  void SealGroup();
  // Waits up to `timeout` for the group in flight; true when it is done (or failed, or
  // none was in flight), after releasing what it held.
  bool CollectGroup(absl::Duration timeout);
  // After the sealed group is durable: its dead letters become publishable, its offsets
  // reportable, its published position the stored one.
  void ReleaseSealed();
  void PublishCommitted();
  void PublishDeadLetters();
  // Hands the outputs Kafka refused for their size over again, in their next smaller form.
  void PublishResends();
  // Hands one committed output to the producer in `form`, or in the next smaller form
  // while the producer refuses it for its size (kafka_output.h, OutputForm); one that
  // fits no form is given up. `resend`: it was handed over before (Kafka refused it).
  absl::Status PublishOutput(const internal::OutputRecord& record, OutputForm form, bool resend);
  // An output or dead letter that no form fits: reported on stderr, counted, and counted
  // as published, so that it cannot hold up the stream.
  void GiveUpOutput(uint64_t sequence, absl::string_view why, bool resend);
  void GiveUpDeadLetter(const PendingDeadLetter& dead_letter, absl::string_view why);
  void ServeDeliveries(int timeout_ms);
  void OutputDelivered(const DeliveryReport& report);
  void DeadLetterDelivered(const DeliveryReport& report);
  // Reports the durable offsets to Kafka (monitoring); unless `now`, not more often than
  // every kOffsetReportInterval.
  void ReportOffsets(bool now);
  void UpdateBackPressure();
  uint64_t Backlog() const;
  bool AllPublished() const;
  void Shutdown();
  void Fail(absl::Status status);
  void Report();
  // The side input's store mutex (no-ops without a side input).
  void LockStore();
  void UnlockStore();
  // Stages the side input's queued events into the open group.
  void StageSideInput();

  StreamProcessorOptions options_;
  storage::Store& store_;
  std::unique_ptr<KafkaOutput> output_;
  std::unique_ptr<KafkaInput> input_;
  Engine engine_;
  DecidedAtClock decided_at_;
  // Which events each input topic admits.
  TopicAdmission admission_;

  // Next offset to apply, per "topic/partition", as stored (staged or
  // committed).
  absl::flat_hash_map<std::string, int64_t> next_offsets_;
  // The group being filled, and the one being written (pipelined path).
  Group open_;
  Group sealed_;
  // Commits run on the store's commit thread, overlapping the next group.
  const bool pipelined_;
  // Durable next offsets not yet reported to Kafka (for monitoring).
  std::map<std::pair<std::string, int32_t>, int64_t> offsets_to_report_;

  DeliveryTracker tracker_{0};
  // Outputs this thread staged, held until published (bounded; the store has them all).
  OutputBacklog backlog_{kMaxBacklogOutputs};
  uint64_t stored_published_sequence_ = 0;
  uint64_t next_dead_letter_id_ = 1;
  // Committed, waiting for the producer (bounded by the back-pressure on
  // input).
  std::deque<PendingDeadLetter> ready_dead_letters_;
  // Handed to the producer, by id.
  std::map<uint64_t, PendingDeadLetter> dead_letters_in_flight_;
  // Delivered (or given up); their store entries are erased with the next commit.
  std::vector<uint64_t> delivered_dead_letters_;
  // Outputs Kafka refused for their size, by sequence, with the form to try next.
  std::deque<std::pair<uint64_t, OutputForm>> resends_;

  // Something (events or metadata) is staged in the open group.
  bool staged_ = false;
  std::chrono::steady_clock::time_point last_commit_at_;
  std::chrono::steady_clock::time_point last_report_at_;
  std::chrono::steady_clock::time_point last_offset_report_at_;

  absl::Status failure_;
  // The side input's store mutex is held by Run's thread.
  bool store_locked_ = false;
  DaemonMetrics metrics_;
  MetricsReporter reporter_;
};

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_STREAM_PROCESSOR_H_
