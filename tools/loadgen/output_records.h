// Reading what gatekeeperd publishes: decisions and usage records in binary
// protobuf or JSON, chosen by the record's content-type header
// (application/json, else binary).
#ifndef GATEKEEPER_TOOLS_LOADGEN_OUTPUT_RECORDS_H_
#define GATEKEEPER_TOOLS_LOADGEN_OUTPUT_RECORDS_H_

#include "absl/status/statusor.h"
#include "gatekeeper/v1/decision.pb.h"
#include "tools/loadgen/topic_reader.h"

namespace gatekeeper::loadgen {

// InvalidArgument naming the record's topic, partition and offset when the
// value does not parse.
absl::StatusOr<v1::Decision> DecodeDecisionRecord(const TopicRecord& record);
absl::StatusOr<v1::UsageRecord> DecodeUsageRecord(const TopicRecord& record);

}  // namespace gatekeeper::loadgen

#endif  // GATEKEEPER_TOOLS_LOADGEN_OUTPUT_RECORDS_H_
