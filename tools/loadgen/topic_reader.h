// Reads every partition of one topic without a consumer group (so it never
// disturbs one), from the beginning or from the current end. For watching
// decisions, for benchmarks and for tests that must see a topic in full.
//
//   auto reader = TopicReader::Create(brokers, "gatekeeper.decisions",
//                                     /*from_beginning=*/true);
//   while (auto record = (*reader)->Poll(100); record.ok() && record->has_value())
//     ...
//   absl::StatusOr<bool> done = (*reader)->CaughtUp();  // up to the high watermarks
//
// Records are returned as copies (TopicRecord), never as librdkafka messages:
// a librdkafka message that outlives its consumer makes the consumer's
// destruction wait forever, so callers may keep records as long as they like.
#ifndef GATEKEEPER_TOOLS_LOADGEN_TOPIC_READER_H_
#define GATEKEEPER_TOOLS_LOADGEN_TOPIC_READER_H_

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace gatekeeper::loadgen {

// One record read from Kafka, owned by the caller.
struct TopicRecord {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  // nullopt: the record has no key.
  std::optional<std::string> key;
  std::string value;
  // In record order; a name may repeat.
  std::vector<std::pair<std::string, std::string>> headers;

  // The last value of header `name`, or nullopt.
  std::optional<std::string> Header(const std::string& name) const;
};

// Copies what a TopicRecord holds out of a librdkafka message.
TopicRecord CopyRecord(RdKafka::Message& message);

// How long a fetch with nothing to read waits at the broker. The development broker
// (librdkafka's mock cluster) answers only when this wait is over, even when records arrive
// meanwhile, so it bounds the delay a record can gain on its way to the reader.
inline constexpr int kDefaultReaderFetchWaitMs = 20;

class TopicReader {
 public:
  static absl::StatusOr<std::unique_ptr<TopicReader>> Create(
      const std::string& brokers, const std::string& topic, bool from_beginning,
      int fetch_wait_ms = kDefaultReaderFetchWaitMs);
  ~TopicReader();

  // The next record, or nullopt when none arrived within timeout_ms.
  absl::StatusOr<std::optional<TopicRecord>> Poll(int timeout_ms);

  // True when every partition has been read up to its current high watermark.
  absl::StatusOr<bool> CaughtUp();

 private:
  TopicReader(std::unique_ptr<RdKafka::KafkaConsumer> consumer, std::string topic,
              std::vector<int32_t> partitions);

  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::string topic_;
  std::vector<int32_t> partitions_;
  // Next offset to read per partition (index = position in partitions_).
  std::vector<int64_t> next_offsets_;
};

}  // namespace gatekeeper::loadgen

#endif  // GATEKEEPER_TOOLS_LOADGEN_TOPIC_READER_H_
