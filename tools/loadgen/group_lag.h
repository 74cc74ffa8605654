// How far a consumer group is behind on some topics: for every partition, the
// high watermark minus the offset the group committed (or minus the low
// watermark when it has committed none). gatekeeperd commits its offsets to
// Kafka after every store commit, for exactly this kind of monitoring.
//
//   auto probe = LagProbe::Create(brokers, "gatekeeperd",
//   {"gatekeeper.declarations"}); absl::StatusOr<int64_t> lag =
//   (*probe)->Lag();
//
// The probe never joins the group (it does not subscribe), so it cannot disturb
// it.
#ifndef GATEKEEPER_TOOLS_LOADGEN_GROUP_LAG_H_
#define GATEKEEPER_TOOLS_LOADGEN_GROUP_LAG_H_

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace gatekeeper::loadgen {

class LagProbe {
 public:
  static absl::StatusOr<std::unique_ptr<LagProbe>> Create(const std::string& brokers,
                                                          const std::string& group_id,
                                                          std::vector<std::string> topics);

  // Records not yet consumed (committed) by the group, over every partition.
  absl::StatusOr<int64_t> Lag();

  // Records ever written to the topics (sum of high watermarks).
  absl::StatusOr<int64_t> EndOffsets();

 private:
  struct PartitionRef {
    std::string topic;
    int32_t partition;
  };
  LagProbe(std::unique_ptr<RdKafka::KafkaConsumer> consumer, std::vector<std::string> topics);
  absl::Status LoadPartitions();

  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::vector<std::string> topics_;
  std::vector<PartitionRef> partitions_;
};

// Waits until `group` has consumed everything written to `topic` (lag 0), or
// DeadlineExceeded after `wait_s` seconds, naming the lag left.
absl::Status WaitUntilConsumed(const std::string& brokers, const std::string& group,
                               const std::string& topic, int wait_s);

}  // namespace gatekeeper::loadgen

#endif  // GATEKEEPER_TOOLS_LOADGEN_GROUP_LAG_H_
