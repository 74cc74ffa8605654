#include "tools/loadgen/topic_reader.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/daemon/kafka_conf.h"

namespace gatekeeper::loadgen {
namespace {

constexpr int kRequestTimeoutMs = 5000;

}  // namespace

std::optional<std::string> TopicRecord::Header(const std::string& name) const {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return std::nullopt;
}

TopicRecord CopyRecord(RdKafka::Message& message) {
  TopicRecord record;
  record.topic = message.topic_name();
  record.partition = message.partition();
  record.offset = message.offset();
  if (message.key() != nullptr) record.key = *message.key();
  if (message.payload() != nullptr) {
    record.value.assign(static_cast<const char*>(message.payload()), message.len());
  }
  if (RdKafka::Headers* headers = message.headers(); headers != nullptr) {
    for (const RdKafka::Headers::Header& header : headers->get_all()) {
      std::string value;
      if (header.value() != nullptr) {
        value.assign(static_cast<const char*>(header.value()), header.value_size());
      }
      record.headers.emplace_back(header.key(), std::move(value));
    }
  }
  return record;
}

absl::StatusOr<std::unique_ptr<TopicReader>> TopicReader::Create(const std::string& brokers,
                                                                 const std::string& topic,
                                                                 bool from_beginning,
                                                                 int fetch_wait_ms) {
  // A group id is required by the consumer API even without subscribing; it is
  // never joined and nothing is committed under it.
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf =
      daemon::MakeKafkaConf({{"bootstrap.servers", brokers},
                             {"group.id", "gk-topic-reader"},
                             {"client.id", "gk-topic-reader"},
                             {"enable.auto.commit", "false"},
                             {"enable.auto.offset.store", "false"},
                             {"fetch.wait.max.ms", absl::StrCat(fetch_wait_ms)}});
  if (!conf.ok()) return conf.status();
  std::string error;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf->get(), error));
  if (consumer == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("Kafka consumer: ", error));
  }
  std::unique_ptr<RdKafka::Topic> topic_handle(
      RdKafka::Topic::create(consumer.get(), topic, nullptr, error));
  if (topic_handle == nullptr) return absl::InternalError(error);
  RdKafka::Metadata* raw = nullptr;
  RdKafka::ErrorCode err = consumer->metadata(false, topic_handle.get(), &raw, kRequestTimeoutMs);
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (err != RdKafka::ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("metadata of ", topic, ": ", RdKafka::err2str(err)));
  }
  std::vector<int32_t> partition_ids;
  std::vector<RdKafka::TopicPartition*> assignment;
  for (const RdKafka::TopicMetadata* topic_metadata : *metadata->topics()) {
    for (const RdKafka::PartitionMetadata* partition : *topic_metadata->partitions()) {
      partition_ids.push_back(partition->id());
      assignment.push_back(RdKafka::TopicPartition::create(
          topic, partition->id(),
          from_beginning ? RdKafka::Topic::OFFSET_BEGINNING : RdKafka::Topic::OFFSET_END));
    }
  }
  if (partition_ids.empty()) {
    return absl::NotFoundError(absl::StrCat("topic ", topic, " has no partitions"));
  }
  err = consumer->assign(assignment);
  RdKafka::TopicPartition::destroy(assignment);
  if (err != RdKafka::ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("assigning ", topic, ": ", RdKafka::err2str(err)));
  }
  auto reader = std::unique_ptr<TopicReader>(
      new TopicReader(std::move(consumer), topic, std::move(partition_ids)));
  if (!from_beginning) {
    // Pin "the end" now, so that CaughtUp compares against it before anything
    // was read.
    for (size_t i = 0; i < reader->partitions_.size(); ++i) {
      int64_t low = 0;
      int64_t high = 0;
      reader->consumer_->query_watermark_offsets(topic, reader->partitions_[i], &low, &high,
                                                 kRequestTimeoutMs);
      reader->next_offsets_[i] = high;
    }
  }
  return reader;
}

TopicReader::TopicReader(std::unique_ptr<RdKafka::KafkaConsumer> consumer, std::string topic,
                         std::vector<int32_t> partitions)
    : consumer_(std::move(consumer)),
      topic_(std::move(topic)),
      partitions_(std::move(partitions)),
      next_offsets_(partitions_.size(), 0) {}

TopicReader::~TopicReader() { consumer_->close(); }

absl::StatusOr<std::optional<TopicRecord>> TopicReader::Poll(int timeout_ms) {
  std::unique_ptr<RdKafka::Message> message(consumer_->consume(timeout_ms));
  switch (message->err()) {
    case RdKafka::ERR_NO_ERROR:
      for (size_t i = 0; i < partitions_.size(); ++i) {
        if (partitions_[i] == message->partition()) next_offsets_[i] = message->offset() + 1;
      }
      return CopyRecord(*message);
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR__PARTITION_EOF:
      return std::nullopt;
    default:
      return absl::UnavailableError(absl::StrCat("reading ", topic_, ": ", message->errstr()));
  }
}

absl::StatusOr<bool> TopicReader::CaughtUp() {
  for (size_t i = 0; i < partitions_.size(); ++i) {
    int64_t low = 0;
    int64_t high = 0;
    RdKafka::ErrorCode err =
        consumer_->query_watermark_offsets(topic_, partitions_[i], &low, &high, kRequestTimeoutMs);
    if (err != RdKafka::ERR_NO_ERROR) {
      return absl::UnavailableError(
          absl::StrCat("watermarks of ", topic_, ": ", RdKafka::err2str(err)));
    }
    if (std::max(next_offsets_[i], low) < high) return false;
  }
  return true;
}

}  // namespace gatekeeper::loadgen
