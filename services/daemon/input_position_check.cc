#include "services/daemon/input_position_check.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace gatekeeper::daemon {
namespace {

constexpr char kForeignOffsetsPayload[] = "gatekeeper.daemon/foreign-offsets";
// A refusal names at most this many partitions (and how many more there are).
constexpr size_t kMaxNamedPartitions = 10;

std::string DescribeAhead(const PartitionPosition& position) {
  return absl::StrCat(
      position.topic, " partition ", position.partition, ": stored offset ", position.stored_offset,
      position.end.has_value() ? absl::StrCat(", but the partition ends at ", *position.end)
                               : std::string(", but the cluster has no such partition"));
}

}  // namespace

std::string OffsetKey(absl::string_view topic, int32_t partition) {
  return absl::StrCat(kOffsetKeyPrefix, topic, "/", partition);
}

PositionVerdict JudgePositions(absl::string_view stored_cluster_id, absl::string_view cluster_id,
                               const std::vector<PartitionPosition>& positions) {
  PositionVerdict verdict;
  verdict.stored_cluster_id = std::string(stored_cluster_id);
  verdict.cluster_id = std::string(cluster_id);
  // Without stored offsets there is nothing to skip (a store used only by the gRPC door, or
  // through --embedded-kafka, whose cluster is new at every start): the new id is adopted.
  verdict.cluster_changed = !positions.empty() && !stored_cluster_id.empty() &&
                            !cluster_id.empty() && stored_cluster_id != cluster_id;
  for (const PartitionPosition& position : positions) {
    if (position.ahead()) verdict.ahead.push_back(position);
  }
  return verdict;
}

absl::Status PositionVerdict::Refusal(absl::string_view brokers) const {
  std::vector<std::string> problems;
  if (cluster_changed) {
    problems.push_back(absl::StrCat("the store's offsets were read from Kafka cluster ",
                                    stored_cluster_id, ", but ", brokers, " is cluster ",
                                    cluster_id));
  }
  for (size_t i = 0; i < ahead.size() && i < kMaxNamedPartitions; ++i) {
    problems.push_back(DescribeAhead(ahead[i]));
  }
  if (ahead.size() > kMaxNamedPartitions) {
    problems.push_back(absl::StrCat("and ", ahead.size() - kMaxNamedPartitions,
                                    " more partitions behind their stored offsets"));
  }
  absl::Status status = absl::FailedPreconditionError(absl::StrCat(
      "the stored input offsets do not fit this Kafka cluster (", absl::StrJoin(problems, "; "),
      "). Reading on would skip records as already applied. If this is the cluster to read "
      "from now on, start once with --reset-offsets: it forgets the stored offsets and reads "
      "those partitions from their start (docs/STREAMING.md, \"Another cluster\")"));
  status.SetPayload(kForeignOffsetsPayload, absl::Cord("1"));
  return status;
}

std::string PositionVerdict::ResetNotice() const {
  if (cluster_changed) {
    return absl::StrCat("gatekeeperd: --reset-offsets: forgot the offsets of Kafka cluster ",
                        stored_cluster_id, "; reading cluster ", cluster_id,
                        " from the start of every partition");
  }
  std::vector<std::string> named;
  for (const PartitionPosition& position : ahead) {
    named.push_back(absl::StrCat(position.topic, "/", position.partition));
  }
  return absl::StrCat("gatekeeperd: --reset-offsets: reading ", absl::StrJoin(named, ", "),
                      " from the start (their stored offsets were past the end)");
}

std::vector<std::string> ResetKeys(const PositionVerdict& verdict,
                                   const std::vector<std::string>& all_offset_keys) {
  if (verdict.cluster_changed) return all_offset_keys;
  std::vector<std::string> keys;
  for (const PartitionPosition& position : verdict.ahead) {
    keys.push_back(OffsetKey(position.topic, position.partition));
  }
  return keys;
}

bool IsForeignOffsets(const absl::Status& status) {
  return status.GetPayload(kForeignOffsetsPayload).has_value();
}

}  // namespace gatekeeper::daemon
