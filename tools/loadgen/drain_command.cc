// gk-loadgen drain --brokers B [--topic T] [--timeout-s N]
//
// The librdkafka consume rate, the ceiling of gatekeeperd's input door: reads every
// partition of --topic (default gatekeeper.declarations) from the beginning up to the high
// watermarks taken at start, with the consumer settings gatekeeperd uses (KafkaConsumer,
// one consume() call per record, read_committed), and does nothing with the records but
// count them and their bytes. No group is joined or committed to, so it can run against
// a topic gatekeeperd has already consumed: tools/bench/run drains the declarations the
// end-to-end run published, so the records and their sizes are the same.
//
// Prints a summary and `RESULT records=N bytes=N seconds=S records_per_s=R`.
#include <chrono>
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/daemon/kafka_conf.h"
#include "services/daemon/topic_names.h"
#include "tools/loadgen/commands.h"

namespace gatekeeper::loadgen {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kRequestTimeoutMs = 5000;

int Fail(const std::string& why) {
  std::cerr << "gk-loadgen drain: " << why << "\n";
  return 1;
}

}  // namespace

int RunDrain(CommandFlags& flags) {
  const std::string brokers = flags.String("brokers", "");
  const std::string topic = flags.String("topic", daemon::TopicNames{}.declarations);
  absl::StatusOr<int64_t> timeout_s = flags.Int("timeout-s", 300);
  if (!timeout_s.ok() || !flags.CheckAllUsed().ok() || brokers.empty()) {
    std::cerr << "usage: gk-loadgen drain --brokers B [--topic T] [--timeout-s N]\n";
    return 64;
  }
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf =
      daemon::MakeKafkaConf({{"bootstrap.servers", brokers},
                             {"group.id", "gk-loadgen-drain"},
                             {"client.id", "gk-loadgen-drain"},
                             {"enable.auto.commit", "false"},
                             {"enable.auto.offset.store", "false"},
                             {"isolation.level", "read_committed"}});
  if (!conf.ok()) return Fail(std::string(conf.status().message()));
  std::string error;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf->get(), error));
  if (consumer == nullptr) return Fail("Kafka consumer: " + error);
  std::unique_ptr<RdKafka::Topic> handle(
      RdKafka::Topic::create(consumer.get(), topic, nullptr, error));
  if (handle == nullptr) return Fail(error);
  RdKafka::Metadata* raw = nullptr;
  if (RdKafka::ErrorCode err = consumer->metadata(false, handle.get(), &raw, kRequestTimeoutMs);
      err != RdKafka::ERR_NO_ERROR) {
    return Fail("metadata of " + topic + ": " + RdKafka::err2str(err));
  }
  std::unique_ptr<RdKafka::Metadata> metadata(raw);
  std::vector<RdKafka::TopicPartition*> assignment;
  int64_t expected = 0;
  for (const RdKafka::TopicMetadata* topic_metadata : *metadata->topics()) {
    for (const RdKafka::PartitionMetadata* partition : *topic_metadata->partitions()) {
      int64_t low = 0;
      int64_t high = 0;
      if (consumer->query_watermark_offsets(topic, partition->id(), &low, &high,
                                            kRequestTimeoutMs) != RdKafka::ERR_NO_ERROR) {
        return Fail("watermarks of " + topic);
      }
      expected += high - low;
      assignment.push_back(RdKafka::TopicPartition::create(topic, partition->id(),
                                                           RdKafka::Topic::OFFSET_BEGINNING));
    }
  }
  if (assignment.empty()) return Fail("topic " + topic + " has no partitions");
  RdKafka::ErrorCode assigned = consumer->assign(assignment);
  RdKafka::TopicPartition::destroy(assignment);
  if (assigned != RdKafka::ERR_NO_ERROR) return Fail("assign: " + RdKafka::err2str(assigned));

  int64_t records = 0;
  int64_t bytes = 0;
  Clock::time_point first{};
  Clock::time_point last{};
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(*timeout_s);
  while (records < expected && Clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> message(consumer->consume(100));
    if (message->err() == RdKafka::ERR__TIMED_OUT ||
        message->err() == RdKafka::ERR__PARTITION_EOF) {
      continue;
    }
    if (message->err() != RdKafka::ERR_NO_ERROR) return Fail(message->errstr());
    last = Clock::now();
    if (records == 0) first = last;
    ++records;
    bytes += static_cast<int64_t>(message->len()) +
             (message->key() != nullptr ? static_cast<int64_t>(message->key()->size()) : 0);
  }
  consumer->close();
  // From the first record received: connecting and the first fetch are not the rate.
  const double seconds = std::chrono::duration<double>(last - first).count();
  const double per_second = seconds > 0 ? (records - 1) / seconds : 0;
  std::cout << absl::StrFormat(
      "drained %d of %d records (%d bytes, %.0f bytes/record) of %s in %.3f s: %.0f records/s\n",
      records, expected, bytes, records > 0 ? static_cast<double>(bytes) / records : 0.0, topic,
      seconds, per_second);
  std::cout << absl::StrFormat(
      "RESULT records=%d expected=%d bytes=%d seconds=%.3f records_per_s=%.0f\n", records, expected,
      bytes, seconds, per_second);
  return records == expected ? 0 : 1;
}

}  // namespace gatekeeper::loadgen
