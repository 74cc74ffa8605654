#include "services/daemon/kafka_input.h"

#include <chrono>
#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::daemon {
namespace {

// The same transient consumer error is shown at most this often, so that a
// broker outage does not flood the log.
constexpr std::chrono::seconds kErrorReportInterval(10);

void Assign(RdKafka::KafkaConsumer* consumer, std::vector<RdKafka::TopicPartition*>& partitions,
            bool cooperative) {
  RdKafka::Error* error = nullptr;
  RdKafka::ErrorCode err = RdKafka::ERR_NO_ERROR;
  if (cooperative) {
    error = consumer->incremental_assign(partitions);
  } else {
    err = consumer->assign(partitions);
  }
  if (error != nullptr) {
    fprintf(stderr, "gatekeeperd: kafka consumer: assign: %s\n", error->str().c_str());
    delete error;
  } else if (err != RdKafka::ERR_NO_ERROR) {
    fprintf(stderr, "gatekeeperd: kafka consumer: assign: %s\n", RdKafka::err2str(err).c_str());
  }
}

void Unassign(RdKafka::KafkaConsumer* consumer, std::vector<RdKafka::TopicPartition*>& partitions,
              bool cooperative) {
  if (cooperative) {
    delete consumer->incremental_unassign(partitions);
  } else {
    consumer->unassign();
  }
}

}  // namespace

class KafkaInput::Callbacks : public RdKafka::RebalanceCb, public RdKafka::EventCb {
 public:
  Callbacks(PartitionListener* listener, const bool* paused)
      : listener_(listener), paused_(paused) {}

  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                    std::vector<RdKafka::TopicPartition*>& partitions) override {
    bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
    if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
      for (RdKafka::TopicPartition* partition : partitions) {
        std::optional<int64_t> offset =
            listener_->ResumeOffset(partition->topic(), partition->partition());
        partition->set_offset(offset.has_value() ? *offset : RdKafka::Topic::OFFSET_BEGINNING);
      }
      Assign(consumer, partitions, cooperative);
      if (*paused_) consumer->pause(partitions);
      return;
    }
    // Revoked, lost, or a rebalance error: the partitions may go to another
    // member, which must find everything applied so far in this member's store
    // before it takes over.
    listener_->BeforeRevoke();
    Unassign(consumer, partitions, cooperative);
  }

  void event_cb(RdKafka::Event& event) override {
    if (IsOtherClientPropertyNotice(event)) return;
    if (event.type() == RdKafka::Event::EVENT_ERROR || event.type() == RdKafka::Event::EVENT_LOG) {
      fprintf(stderr, "gatekeeperd: kafka consumer: %s\n", event.str().c_str());
    }
  }

  // Shows a transient error unless the same one was shown recently.
  void ReportTransient(const std::string& text) {
    auto now = std::chrono::steady_clock::now();
    if (text == last_error_ && now - last_error_at_ < kErrorReportInterval) return;
    last_error_ = text;
    last_error_at_ = now;
    fprintf(stderr, "gatekeeperd: kafka consumer: %s\n", text.c_str());
  }

 private:
  PartitionListener* listener_;
  const bool* paused_;
  std::string last_error_;
  std::chrono::steady_clock::time_point last_error_at_;
};

absl::StatusOr<std::unique_ptr<KafkaInput>> KafkaInput::Create(const KafkaInputOptions& options,
                                                               PartitionListener* listener) {
  KafkaProperties properties = {
      {"bootstrap.servers", options.brokers},
      {"group.id", options.group_id},
      {"client.id", "gatekeeperd"},
      // Where no stored offset exists yet, or a stored one fell out of
      // retention.
      {"auto.offset.reset", "earliest"},
  };
  properties.insert(properties.end(), options.kafka_properties.begin(),
                    options.kafka_properties.end());
  // Last, so that nothing overrides them: the store owns the read position, and
  // records of aborted transactions from other producers must never be applied.
  properties.push_back({"enable.auto.commit", "false"});
  properties.push_back({"enable.auto.offset.store", "false"});
  properties.push_back({"isolation.level", "read_committed"});
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf = MakeKafkaConf(properties);
  if (!conf.ok()) return conf.status();

  auto input = std::unique_ptr<KafkaInput>(new KafkaInput(nullptr, nullptr));
  input->callbacks_ = std::make_unique<Callbacks>(listener, &input->paused_);
  std::string error;
  if ((*conf)->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(input->callbacks_.get()),
                   error) != RdKafka::Conf::CONF_OK ||
      (*conf)->set("event_cb", static_cast<RdKafka::EventCb*>(input->callbacks_.get()), error) !=
          RdKafka::Conf::CONF_OK) {
    return absl::InternalError(absl::StrCat("Kafka consumer callbacks: ", error));
  }
  input->consumer_.reset(RdKafka::KafkaConsumer::create(conf->get(), error));
  if (input->consumer_ == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("Kafka consumer: ", error));
  }
  RdKafka::ErrorCode err = input->consumer_->subscribe(options.topics);
  if (err != RdKafka::ERR_NO_ERROR) {
    return absl::InvalidArgumentError(
        absl::StrCat("Kafka consumer: subscribing: ", RdKafka::err2str(err)));
  }
  return input;
}

KafkaInput::KafkaInput(std::unique_ptr<Callbacks> callbacks,
                       std::unique_ptr<RdKafka::KafkaConsumer> consumer)
    : callbacks_(std::move(callbacks)), consumer_(std::move(consumer)) {}

KafkaInput::~KafkaInput() { Close(); }

absl::StatusOr<std::unique_ptr<RdKafka::Message>> KafkaInput::Poll(int timeout_ms) {
  std::unique_ptr<RdKafka::Message> message(consumer_->consume(timeout_ms));
  switch (message->err()) {
    case RdKafka::ERR_NO_ERROR:
      return message;
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR__PARTITION_EOF:
      return nullptr;
    case RdKafka::ERR__FATAL: {
      std::string error;
      consumer_->fatal_error(error);
      return absl::InternalError(absl::StrCat("Kafka consumer fatal error: ", error));
    }
    default:
      callbacks_->ReportTransient(message->errstr());
      return nullptr;
  }
}

absl::StatusOr<std::string> KafkaInput::ClusterId(int timeout_ms) {
  std::string id = consumer_->clusterid(timeout_ms);
  if (id.empty()) {
    return absl::UnavailableError(
        absl::StrCat("no Kafka broker told its cluster id within ", timeout_ms, " ms"));
  }
  return id;
}

absl::StatusOr<int64_t> KafkaInput::PartitionEnd(const std::string& topic, int32_t partition,
                                                 int timeout_ms) {
  int64_t low = 0;
  int64_t high = 0;
  RdKafka::ErrorCode err =
      consumer_->query_watermark_offsets(topic, partition, &low, &high, timeout_ms);
  switch (err) {
    case RdKafka::ERR_NO_ERROR:
      return high;
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
    case RdKafka::ERR__UNKNOWN_PARTITION:
    case RdKafka::ERR__UNKNOWN_TOPIC:
      return absl::NotFoundError(
          absl::StrCat(topic, " partition ", partition, ": ", RdKafka::err2str(err)));
    default:
      return absl::UnavailableError(absl::StrCat("the end of ", topic, " partition ", partition,
                                                 ": ", RdKafka::err2str(err)));
  }
}

void KafkaInput::SetPaused(bool paused) {
  if (paused == paused_) return;
  paused_ = paused;
  std::vector<RdKafka::TopicPartition*> partitions;
  consumer_->assignment(partitions);
  if (paused) {
    consumer_->pause(partitions);
  } else {
    consumer_->resume(partitions);
  }
  RdKafka::TopicPartition::destroy(partitions);
}

void KafkaInput::CommitForMonitoring(const std::vector<PartitionOffset>& positions) {
  if (positions.empty() || closed_) return;
  std::vector<RdKafka::TopicPartition*> offsets;
  offsets.reserve(positions.size());
  for (const PartitionOffset& position : positions) {
    RdKafka::TopicPartition* partition =
        RdKafka::TopicPartition::create(position.topic, position.partition);
    partition->set_offset(position.offset);
    offsets.push_back(partition);
  }
  // Fire and forget: a failed monitoring commit only makes the reported lag
  // stale.
  consumer_->commitAsync(offsets);
  RdKafka::TopicPartition::destroy(offsets);
}

void KafkaInput::Close() {
  if (closed_ || consumer_ == nullptr) return;
  closed_ = true;
  consumer_->close();
}

}  // namespace gatekeeper::daemon
