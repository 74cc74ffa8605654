#include "tools/loadgen/output_records.h"

#include <google/protobuf/util/json_util.h>

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::loadgen {
namespace {

template <typename Message>
absl::StatusOr<Message> Decode(const TopicRecord& record) {
  Message message;
  std::optional<std::string> content_type = record.Header("content-type");
  if (content_type.has_value() &&
      absl::StartsWith(*content_type, "application/json")) {
    google::protobuf::util::Status status =
        google::protobuf::util::JsonStringToMessage(record.value, &message);
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "JSON ", message.GetTypeName(), " at ", record.topic, "/",
          record.partition, "@", record.offset, ": ", status.ToString()));
    }
    return message;
  }
  if (!message.ParseFromString(record.value)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "binary ", message.GetTypeName(), " at ", record.topic, "/",
        record.partition, "@", record.offset, " does not parse"));
  }
  return message;
}

}  // namespace

absl::StatusOr<v1::Decision> DecodeDecisionRecord(const TopicRecord& record) {
  return Decode<v1::Decision>(record);
}

absl::StatusOr<v1::UsageRecord> DecodeUsageRecord(const TopicRecord& record) {
  return Decode<v1::UsageRecord>(record);
}

}  // namespace gatekeeper::loadgen
