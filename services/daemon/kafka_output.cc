#include "services/daemon/kafka_output.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/codec/event_codec.h"
#include "services/codec/number_text.h"
#include "services/daemon/decision_summary.h"
#include "services/daemon/kafka_conf.h"

namespace gatekeeper::daemon {
namespace {

// Largest record the producer accepts by default: room for a dead letter
// carrying a whole oversized input record. The broker's own limit
// (message.max.bytes, 1 MB by default on a real cluster) may be lower; a dead
// letter it refuses is re-sent with its value cut.
constexpr char kDefaultMessageMaxBytes[] = "8388608";

// The opaque pointer of a produced record carries its id (sequence or dead-letter id) and
// its kind, so that a delivery report can be attributed without a lookup table.
enum class RecordKind : uintptr_t {
  kFull = 0,
  kSummary = 1,
  kOutputDeadLetter = 2,
  kDeadLetter = 3
};
constexpr int kKindBits = 2;

uintptr_t EncodeOpaque(RecordKind kind, uint64_t id) {
  return static_cast<uintptr_t>((id << kKindBits) | static_cast<uintptr_t>(kind));
}

const char* ContentType(OutputFormat format) {
  return format == OutputFormat::kJson ? "application/json" : "application/x-protobuf";
}

std::string Encode(const google::protobuf::Message& message, OutputFormat format) {
  if (format == OutputFormat::kProtobuf) return message.SerializeAsString();
  std::string json = ToJsonLine(message);
  while (!json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

}  // namespace

class KafkaOutput::Callbacks : public RdKafka::DeliveryReportCb, public RdKafka::EventCb {
 public:
  void dr_cb(RdKafka::Message& message) override {
    if (reports_ == nullptr) return;
    auto opaque = reinterpret_cast<uintptr_t>(message.msg_opaque());
    DeliveryReport report;
    switch (static_cast<RecordKind>(opaque & ((1 << kKindBits) - 1))) {
      case RecordKind::kFull:
        report.form = OutputForm::kFull;
        break;
      case RecordKind::kSummary:
        report.form = OutputForm::kSummary;
        break;
      case RecordKind::kOutputDeadLetter:
        report.form = OutputForm::kDeadLetter;
        break;
      case RecordKind::kDeadLetter:
        report.dead_letter = true;
        break;
    }
    report.id = static_cast<uint64_t>(opaque >> kKindBits);
    report.error = message.err();
    if (report.error != RdKafka::ERR_NO_ERROR) report.error_text = message.errstr();
    reports_->push_back(std::move(report));
  }

  void event_cb(RdKafka::Event& event) override {
    if (IsOtherClientPropertyNotice(event)) return;
    // Errors and logs are librdkafka's own report on connectivity; the records
    // themselves are accounted for by delivery reports, so these are only
    // shown.
    if (event.type() == RdKafka::Event::EVENT_ERROR || event.type() == RdKafka::Event::EVENT_LOG) {
      fprintf(stderr, "gatekeeperd: kafka producer: %s\n", event.str().c_str());
    }
  }

  void set_reports(std::vector<DeliveryReport>* reports) { reports_ = reports; }

 private:
  std::vector<DeliveryReport>* reports_ = nullptr;
};

absl::StatusOr<std::unique_ptr<KafkaOutput>> KafkaOutput::Create(
    const KafkaOutputOptions& options) {
  KafkaProperties properties = {
      {"bootstrap.servers", options.brokers},
      {"client.id", "gatekeeperd"},
      {"message.max.bytes", kDefaultMessageMaxBytes},
      {"compression.type", "lz4"},
      {"linger.ms", "2"},
      // Never give up on a record: an unreachable cluster pauses the input
      // instead.
      {"message.timeout.ms", "0"},
  };
  properties.insert(properties.end(), options.kafka_properties.begin(),
                    options.kafka_properties.end());
  // Last, so that nothing overrides them: duplicates and reordering inside the
  // producer would break "same sequence, same record" on the output topics.
  properties.push_back({"enable.idempotence", "true"});
  properties.push_back({"acks", "all"});
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf = MakeKafkaConf(properties);
  if (!conf.ok()) return conf.status();

  auto callbacks = std::make_unique<Callbacks>();
  std::string error;
  if ((*conf)->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(callbacks.get()), error) !=
          RdKafka::Conf::CONF_OK ||
      (*conf)->set("event_cb", static_cast<RdKafka::EventCb*>(callbacks.get()), error) !=
          RdKafka::Conf::CONF_OK) {
    return absl::InternalError(absl::StrCat("Kafka producer callbacks: ", error));
  }
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf->get(), error));
  if (producer == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("Kafka producer: ", error));
  }
  return std::unique_ptr<KafkaOutput>(
      new KafkaOutput(std::move(callbacks), std::move(producer), options));
}

KafkaOutput::KafkaOutput(std::unique_ptr<Callbacks> callbacks,
                         std::unique_ptr<RdKafka::Producer> producer,
                         const KafkaOutputOptions& options)
    : callbacks_(std::move(callbacks)),
      producer_(std::move(producer)),
      topics_(options.topics),
      format_(options.format) {}

KafkaOutput::~KafkaOutput() {
  // Reports arriving while the producer is destroyed have nowhere to go;
  // records not yet acknowledged stay in the outbox and are sent again at the
  // next start.
  callbacks_->set_reports(nullptr);
  producer_.reset();
}

absl::Status KafkaOutput::Publish(const internal::OutputRecord& record, OutputForm form) {
  if (!record.has_decision() && !record.has_usage()) {
    return absl::InternalError(
        absl::StrCat("output record ", record.sequence(), " is neither a decision nor usage"));
  }
  switch (form) {
    case OutputForm::kFull:
      return PublishFull(record, EncodeOpaque(RecordKind::kFull, record.sequence()));
    case OutputForm::kSummary:
      if (record.has_decision()) {
        return PublishSummary(record, EncodeOpaque(RecordKind::kSummary, record.sequence()));
      }
      break;
    case OutputForm::kDeadLetter:
      break;
  }
  return PublishOutputDeadLetter(record,
                                 EncodeOpaque(RecordKind::kOutputDeadLetter, record.sequence()));
}

absl::Status KafkaOutput::PublishFull(const internal::OutputRecord& record, uint64_t opaque) {
  RdKafka::Headers* headers = RdKafka::Headers::create();
  headers->add("content-type", std::string(ContentType(format_)));
  if (record.has_decision()) {
    return Produce(topics_.decisions, record.decision().mrn(), Encode(record.decision(), format_),
                   headers, opaque);
  }
  return Produce(topics_.usage, record.usage().licence_id(), Encode(record.usage(), format_),
                 headers, opaque);
}

absl::Status KafkaOutput::PublishSummary(const internal::OutputRecord& record, uint64_t opaque) {
  const size_t full_bytes = Encode(record.decision(), format_).size();
  RdKafka::Headers* headers = RdKafka::Headers::create();
  headers->add("content-type", std::string(ContentType(format_)));
  headers->add("gk-summary-of-bytes", absl::StrCat(full_bytes));
  return Produce(
      topics_.decisions, record.decision().mrn(),
      Encode(SummarizeDecision(record.decision(), full_bytes, topics_.decisions), format_), headers,
      opaque);
}

absl::Status KafkaOutput::PublishOutputDeadLetter(const internal::OutputRecord& record,
                                                  uint64_t opaque) {
  std::string topic;
  std::string key;
  std::string error;
  if (record.has_decision()) {
    topic = topics_.decisions;
    key = record.decision().mrn();
    error = absl::StrCat("decision sequence ", record.sequence(), " is too large for ", topic, " (",
                         WithThousands(Encode(record.decision(), format_).size()),
                         " bytes), and so is its summary; OfficerService.GetDecision or `gkctl "
                         "decision show ",
                         key, "` gives it in full");
  } else {
    topic = topics_.usage;
    key = record.usage().licence_id();
    error = absl::StrCat("usage record sequence ", record.sequence(), " is too large for ", topic,
                         " (", WithThousands(Encode(record.usage(), format_).size()),
                         " bytes); ListUsage gives it");
  }
  RdKafka::Headers* headers = RdKafka::Headers::create();
  headers->add("gk-error", error);
  headers->add("gk-source-topic", topic);
  headers->add("gk-sequence", absl::StrCat(record.sequence()));
  return Produce(topics_.deadletter, key, "", headers, opaque);
}

absl::Status KafkaOutput::PublishDeadLetter(uint64_t id, const DeadLetter& letter) {
  RdKafka::Headers* headers = RdKafka::Headers::create();
  headers->add("gk-error", letter.error());
  headers->add("gk-source-topic", letter.source_topic());
  headers->add("gk-source-partition", absl::StrCat(letter.source_partition()));
  headers->add("gk-source-offset", absl::StrCat(letter.source_offset()));
  if (!letter.content_type().empty()) headers->add("content-type", letter.content_type());
  if (letter.original_value_bytes() != 0) {
    headers->add("gk-original-bytes", absl::StrCat(letter.original_value_bytes()));
  }
  return Produce(topics_.deadletter, letter.key(), letter.value(), headers,
                 EncodeOpaque(RecordKind::kDeadLetter, id));
}

absl::Status KafkaOutput::Produce(const std::string& topic, const std::string& key,
                                  const std::string& value, RdKafka::Headers* headers,
                                  uint64_t opaque) {
  RdKafka::ErrorCode err = producer_->produce(
      topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
      const_cast<char*>(value.data()), value.size(), key.empty() ? nullptr : key.data(), key.size(),
      /*timestamp=*/0, headers, reinterpret_cast<void*>(opaque));
  if (err == RdKafka::ERR_NO_ERROR) return absl::OkStatus();  // headers now owned by Kafka
  delete headers;
  if (err == RdKafka::ERR__QUEUE_FULL) {
    return absl::ResourceExhaustedError("Kafka producer queue is full");
  }
  if (err == RdKafka::ERR_MSG_SIZE_TOO_LARGE) {
    return absl::OutOfRangeError(absl::StrCat("a ", value.size(), "-byte record for ", topic,
                                              " is larger than the producer allows"));
  }
  return absl::UnavailableError(absl::StrCat("publishing to ", topic, ": ", RdKafka::err2str(err)));
}

void KafkaOutput::Poll(int timeout_ms, std::vector<DeliveryReport>& reports) {
  callbacks_->set_reports(&reports);
  producer_->poll(timeout_ms);
  callbacks_->set_reports(nullptr);
}

int KafkaOutput::in_flight() const { return producer_->outq_len(); }

absl::Status KafkaOutput::fatal_error() const {
  std::string error;
  RdKafka::ErrorCode err = producer_->fatal_error(error);
  if (err == RdKafka::ERR_NO_ERROR) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("Kafka producer fatal error: ", error));
}

}  // namespace gatekeeper::daemon
