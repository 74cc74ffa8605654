// The Kafka producer side of gatekeeperd: decisions, usage records and dead
// letters, through an idempotent producer (enable.idempotence=true, acks=all),
// so that retries inside the producer never duplicate or reorder a record
// within a partition.
//
// Guarantees: a record handed over with Publish*() is reported exactly once by
// Poll(), as delivered or failed. Delivery never times out
// (message.timeout.ms=0): while Kafka is unreachable records wait in the
// producer's queue, which is bounded (Publish*() then returns ResourceExhausted
// and the daemon stops reading input). A failure reported by Poll() is
// permanent (the record is too large, the topic is missing or not allowed, the
// idempotent producer was fenced).
//
// Records: decisions keyed by MRN and usage records keyed by licence id,
// encoded as the v1 message in binary or JSON with a matching content-type
// header; dead letters carry the original key and value with headers gk-error,
// gk-source-topic, gk-source-partition, gk-source-offset (and the original
// content-type, and gk-original-bytes when the value was cut). An output record
// that no form below kDeadLetter fits goes to the dead-letter topic keyed by its MRN
// (or licence id), with an empty value and headers gk-error, gk-source-topic (the
// output topic it was meant for) and gk-sequence. Not thread-safe: one thread calls
// every method.
#ifndef GATEKEEPER_SERVICES_DAEMON_KAFKA_OUTPUT_H_
#define GATEKEEPER_SERVICES_DAEMON_KAFKA_OUTPUT_H_

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gatekeeper/internal/records.pb.h"
#include "services/daemon/daemon_config.h"
#include "services/daemon/dead_letter.pb.h"
#include "services/daemon/topic_names.h"

namespace gatekeeper::daemon {

struct KafkaOutputOptions {
  std::string brokers;
  TopicNames topics;
  OutputFormat format = OutputFormat::kProtobuf;
  // Applied after gatekeeperd's defaults.
  std::vector<std::pair<std::string, std::string>> kafka_properties;
};

// How an output record (decision or usage record) goes to Kafka: in full; as a summary
// (decision_summary.h: a decision too large for the decisions topic); or, when even that
// is too large, as a record on the dead-letter topic that names its sequence. Each form
// carries the record's sequence, so its delivery acknowledges that sequence.
enum class OutputForm { kFull, kSummary, kDeadLetter };

struct DeliveryReport {
  // An input record's dead letter (else an output record, in `form`).
  bool dead_letter = false;
  OutputForm form = OutputForm::kFull;
  // The output record's sequence, or the dead letter's id.
  uint64_t id = 0;
  RdKafka::ErrorCode error = RdKafka::ERR_NO_ERROR;
  std::string error_text;

  bool ok() const { return error == RdKafka::ERR_NO_ERROR; }
  // The broker or the producer refused the record for its size: a smaller form may pass.
  bool too_large() const {
    return error == RdKafka::ERR_MSG_SIZE_TOO_LARGE || error == RdKafka::ERR_RECORD_LIST_TOO_LARGE;
  }
};

class KafkaOutput {
 public:
  static absl::StatusOr<std::unique_ptr<KafkaOutput>> Create(const KafkaOutputOptions& options);
  ~KafkaOutput();

  // Hands a decision or usage record to the producer in `form` (a usage record has no
  // summary: kSummary sends it as kDeadLetter). ResourceExhausted when the producer's
  // queue is full (serve Poll() and retry); OutOfRange when the record is larger than the
  // producer allows (try the next form); other errors are permanent.
  absl::Status Publish(const internal::OutputRecord& record, OutputForm form = OutputForm::kFull);

  // Hands a dead letter to the producer. ResourceExhausted as above; OutOfRange
  // when the record is larger than the producer allows (cut the value and
  // retry).
  absl::Status PublishDeadLetter(uint64_t id, const DeadLetter& letter);

  // Serves delivery reports, waiting up to timeout_ms for the first, and
  // appends them.
  void Poll(int timeout_ms, std::vector<DeliveryReport>& reports);

  // Records handed over and not yet reported.
  int in_flight() const;

  // OK, or the producer's fatal error (after which nothing more can be
  // delivered).
  absl::Status fatal_error() const;

 private:
  class Callbacks;
  KafkaOutput(std::unique_ptr<Callbacks> callbacks, std::unique_ptr<RdKafka::Producer> producer,
              const KafkaOutputOptions& options);
  absl::Status PublishFull(const internal::OutputRecord& record, uint64_t opaque);
  absl::Status PublishSummary(const internal::OutputRecord& record, uint64_t opaque);
  absl::Status PublishOutputDeadLetter(const internal::OutputRecord& record, uint64_t opaque);
  absl::Status Produce(const std::string& topic, const std::string& key, const std::string& value,
                       RdKafka::Headers* headers, uint64_t opaque);

  std::unique_ptr<Callbacks> callbacks_;
  std::unique_ptr<RdKafka::Producer> producer_;
  TopicNames topics_;
  OutputFormat format_;
};

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_KAFKA_OUTPUT_H_
