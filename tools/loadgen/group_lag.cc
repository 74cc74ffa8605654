#include "tools/loadgen/group_lag.h"

#include <chrono>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/daemon/kafka_conf.h"

namespace gatekeeper::loadgen {
namespace {

constexpr int kRequestTimeoutMs = 5000;

}  // namespace

absl::StatusOr<std::unique_ptr<LagProbe>> LagProbe::Create(const std::string& brokers,
                                                           const std::string& group_id,
                                                           std::vector<std::string> topics) {
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf =
      daemon::MakeKafkaConf({{"bootstrap.servers", brokers},
                             {"group.id", group_id},
                             {"client.id", "gk-lag-probe"},
                             {"enable.auto.commit", "false"}});
  if (!conf.ok()) return conf.status();
  std::string error;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf->get(), error));
  if (consumer == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("Kafka consumer: ", error));
  }
  return std::unique_ptr<LagProbe>(new LagProbe(std::move(consumer), std::move(topics)));
}

LagProbe::LagProbe(std::unique_ptr<RdKafka::KafkaConsumer> consumer,
                   std::vector<std::string> topics)
    : consumer_(std::move(consumer)), topics_(std::move(topics)) {}

absl::Status LagProbe::LoadPartitions() {
  if (!partitions_.empty()) return absl::OkStatus();
  for (const std::string& topic_name : topics_) {
    std::string error;
    std::unique_ptr<RdKafka::Topic> topic(
        RdKafka::Topic::create(consumer_.get(), topic_name, nullptr, error));
    if (topic == nullptr) return absl::InternalError(error);
    RdKafka::Metadata* raw = nullptr;
    RdKafka::ErrorCode err = consumer_->metadata(false, topic.get(), &raw, kRequestTimeoutMs);
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    if (err != RdKafka::ERR_NO_ERROR) {
      return absl::UnavailableError(
          absl::StrCat("metadata of ", topic_name, ": ", RdKafka::err2str(err)));
    }
    for (const RdKafka::TopicMetadata* topic_metadata : *metadata->topics()) {
      for (const RdKafka::PartitionMetadata* partition : *topic_metadata->partitions()) {
        partitions_.push_back({topic_name, partition->id()});
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> LagProbe::EndOffsets() {
  if (absl::Status status = LoadPartitions(); !status.ok()) return status;
  int64_t total = 0;
  for (const PartitionRef& ref : partitions_) {
    int64_t low = 0;
    int64_t high = 0;
    RdKafka::ErrorCode err = consumer_->query_watermark_offsets(ref.topic, ref.partition, &low,
                                                                &high, kRequestTimeoutMs);
    if (err != RdKafka::ERR_NO_ERROR) {
      return absl::UnavailableError(absl::StrCat("watermarks of ", ref.topic, "/", ref.partition,
                                                 ": ", RdKafka::err2str(err)));
    }
    total += high;
  }
  return total;
}

absl::StatusOr<int64_t> LagProbe::Lag() {
  if (absl::Status status = LoadPartitions(); !status.ok()) return status;
  std::vector<RdKafka::TopicPartition*> committed;
  for (const PartitionRef& ref : partitions_) {
    committed.push_back(RdKafka::TopicPartition::create(ref.topic, ref.partition));
  }
  RdKafka::ErrorCode err = consumer_->committed(committed, kRequestTimeoutMs);
  if (err != RdKafka::ERR_NO_ERROR) {
    RdKafka::TopicPartition::destroy(committed);
    return absl::UnavailableError(absl::StrCat("committed offsets: ", RdKafka::err2str(err)));
  }
  int64_t lag = 0;
  for (RdKafka::TopicPartition* partition : committed) {
    int64_t low = 0;
    int64_t high = 0;
    err = consumer_->query_watermark_offsets(partition->topic(), partition->partition(), &low,
                                             &high, kRequestTimeoutMs);
    if (err != RdKafka::ERR_NO_ERROR) break;
    int64_t position = partition->offset() >= 0 ? partition->offset() : low;
    lag += std::max<int64_t>(0, high - position);
  }
  RdKafka::TopicPartition::destroy(committed);
  if (err != RdKafka::ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("watermarks: ", RdKafka::err2str(err)));
  }
  return lag;
}

absl::Status WaitUntilConsumed(const std::string& brokers, const std::string& group,
                               const std::string& topic, int wait_s) {
  absl::StatusOr<std::unique_ptr<LagProbe>> probe = LagProbe::Create(brokers, group, {topic});
  if (!probe.ok()) return probe.status();
  const std::chrono::steady_clock::time_point deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
  while (true) {
    absl::StatusOr<int64_t> lag = (*probe)->Lag();
    if (lag.ok() && *lag == 0) return absl::OkStatus();
    if (std::chrono::steady_clock::now() >= deadline) {
      return absl::DeadlineExceededError(
          "group " + group + " has not consumed " + topic + " after " + std::to_string(wait_s) +
          " s" +
          (lag.ok() ? " (lag " + std::to_string(*lag) + ")" : ": " + lag.status().ToString()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace gatekeeper::loadgen
