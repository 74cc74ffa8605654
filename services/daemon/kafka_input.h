// The Kafka consumer side of gatekeeperd: the input topics in one consumer
// group, with the read position owned by gatekeeperd's store, not by Kafka.
//
// Guarantees: Kafka never decides where reading resumes. Auto-commit and the
// offset store are off; when partitions are assigned (at start and on every
// rebalance) the listener is asked for each partition's resume offset (the one
// stored with the last applied record), and reading starts there, or at the
// beginning of the partition when there is none. Before partitions are revoked
// the listener is told, so it can make everything it applied durable first.
// Offsets are committed to Kafka only on request, for monitoring (lag), never
// read back.
//
// Every callback runs inside Poll(), on the caller's thread, so the listener
// may use state that only that thread owns (the store). Not thread-safe: one
// thread calls every method.
#ifndef GATEKEEPER_SERVICES_DAEMON_KAFKA_INPUT_H_
#define GATEKEEPER_SERVICES_DAEMON_KAFKA_INPUT_H_

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/daemon/kafka_conf.h"

namespace gatekeeper::daemon {

class PartitionListener {
 public:
  virtual ~PartitionListener() = default;
  // The offset of the next record to read from a newly assigned partition, or
  // nullopt to start at its beginning.
  virtual std::optional<int64_t> ResumeOffset(const std::string& topic, int32_t partition) = 0;
  // Partitions are about to be taken away (rebalance or close): make what was
  // applied durable now.
  virtual void BeforeRevoke() = 0;
};

struct KafkaInputOptions {
  std::string brokers;
  std::string group_id;
  std::vector<std::string> topics;
  // Applied after gatekeeperd's defaults.
  KafkaProperties kafka_properties;
};

// Where reading a partition stands: `offset` is the next record to read.
struct PartitionOffset {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
};

class KafkaInput {
 public:
  // Creates the consumer and subscribes to the topics. `listener` must outlive
  // it.
  static absl::StatusOr<std::unique_ptr<KafkaInput>> Create(const KafkaInputOptions& options,
                                                            PartitionListener* listener);
  ~KafkaInput();

  // The next record, or nullptr when none arrived within timeout_ms (also while
  // paused). Transient errors (a broker down, a topic not created yet) are
  // reported on stderr and give nullptr; an error is returned only when the
  // consumer cannot go on.
  absl::StatusOr<std::unique_ptr<RdKafka::Message>> Poll(int timeout_ms);

  // Stops (or restarts) fetching from every assigned partition, including
  // partitions assigned later while paused. Records already fetched may still
  // arrive.
  void SetPaused(bool paused);
  bool paused() const { return paused_; }

  // The id of the cluster the brokers belong to, waiting up to timeout_ms; Unavailable
  // when none answered in time.
  absl::StatusOr<std::string> ClusterId(int timeout_ms);

  // The partition's end (high watermark: the offset its next record gets), waiting up to
  // timeout_ms; NotFound when the cluster has no such topic or partition, Unavailable when
  // no broker answered in time.
  absl::StatusOr<int64_t> PartitionEnd(const std::string& topic, int32_t partition, int timeout_ms);

  // Commits the positions to Kafka asynchronously, for monitoring only.
  void CommitForMonitoring(const std::vector<PartitionOffset>& positions);

  // Leaves the group (the listener's BeforeRevoke runs first). Idempotent.
  void Close();

 private:
  class Callbacks;
  KafkaInput(std::unique_ptr<Callbacks> callbacks,
             std::unique_ptr<RdKafka::KafkaConsumer> consumer);

  std::unique_ptr<Callbacks> callbacks_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  bool paused_ = false;
  bool closed_ = false;
};

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_KAFKA_INPUT_H_
