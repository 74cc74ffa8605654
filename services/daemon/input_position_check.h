// Whether the input offsets in gatekeeperd's store belong to the Kafka cluster it reads.
//
// The store keeps, per input partition, the offset of the next record to apply, and the id
// of the Kafka cluster those offsets were read from (kClusterIdKey, stored with the first
// commit). Pointed at another cluster (a new broker, a restored backup on a fresh cluster)
// or at a partition that was recreated, those offsets mean nothing: records below them
// would be skipped as "already applied". So at start gatekeeperd compares them with the
// connected cluster and refuses to start when
//   * the cluster id differs from the stored one and offsets of the input topics are
//     stored (without any, nothing can be skipped and the new id is adopted), or
//   * a stored offset is past the partition's end (its high watermark), or the partition
//     does not exist;
// unless the operator says --reset-offsets. What the reset forgets is ResetKeys().
//
//   PositionVerdict verdict = JudgePositions(stored_cluster_id, cluster_id, positions);
//   if (!verdict.fits()) return verdict.Refusal(brokers);
#ifndef GATEKEEPER_SERVICES_DAEMON_INPUT_POSITION_CHECK_H_
#define GATEKEEPER_SERVICES_DAEMON_INPUT_POSITION_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace gatekeeper::daemon {

// Store metadata: the id of the Kafka cluster the stored offsets were read from.
inline constexpr char kClusterIdKey[] = "kafka/cluster_id";
// Store metadata: "offset/<topic>/<partition>" = the next offset to apply.
inline constexpr char kOffsetKeyPrefix[] = "offset/";

std::string OffsetKey(absl::string_view topic, int32_t partition);

// One stored offset beside the partition's end on the connected cluster.
struct PartitionPosition {
  std::string topic;
  int32_t partition = 0;
  int64_t stored_offset = 0;
  // The high watermark (the offset the next record will get); nullopt = the cluster has no
  // such partition.
  std::optional<int64_t> end;

  bool ahead() const { return !end.has_value() || stored_offset > *end; }
};

struct PositionVerdict {
  // Both set and different, with stored offsets of the input topics.
  bool cluster_changed = false;
  std::string stored_cluster_id;
  std::string cluster_id;
  // Stored offsets past their partition's end.
  std::vector<PartitionPosition> ahead;

  bool fits() const { return !cluster_changed && ahead.empty(); }
  // FailedPrecondition naming the clusters and partitions and saying --reset-offsets;
  // IsForeignOffsets() recognizes it.
  absl::Status Refusal(absl::string_view brokers) const;
  // One line for stderr: what --reset-offsets forgot.
  std::string ResetNotice() const;
};

// `stored_cluster_id` empty = none stored (a store from before the check, or never used
// with Kafka). `positions`: every stored offset of the input topics, with its end.
PositionVerdict JudgePositions(absl::string_view stored_cluster_id, absl::string_view cluster_id,
                               const std::vector<PartitionPosition>& positions);

// The offsets --reset-offsets forgets: every stored one when the cluster changed (those of
// `all_offset_keys`), else those past their partition's end.
std::vector<std::string> ResetKeys(const PositionVerdict& verdict,
                                   const std::vector<std::string>& all_offset_keys);

// The status is PositionVerdict::Refusal's (gatekeeperd exits with kExitForeignOffsets).
bool IsForeignOffsets(const absl::Status& status);

// sysexits' EX_CONFIG: a restart cannot help until the operator decides.
inline constexpr int kExitForeignOffsets = 78;

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_INPUT_POSITION_CHECK_H_
