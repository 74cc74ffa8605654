// What every decoder must guarantee on any input, checked by both fuzz targets:
// a refusal is InvalidArgument with a one-line message, and an accepted event
// passes the structural check and survives both encodings unchanged (what
// gkctl prints, or a Kafka producer sends, decodes to the same event). A
// violation aborts, which libFuzzer reports as a crash with the input saved.
#ifndef GATEKEEPER_TESTS_FUZZ_FUZZ_PROPERTIES_H_
#define GATEKEEPER_TESTS_FUZZ_FUZZ_PROPERTIES_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/statusor.h"
#include "services/codec/event_codec.h"

namespace gatekeeper::fuzz {

[[noreturn]] inline void Violated(const char* property, const std::string& detail) {
  std::fprintf(stderr, "fuzz property violated: %s: %s\n", property, detail.c_str());
  std::abort();
}

inline void CheckRefusal(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kInvalidArgument) {
    Violated("a refusal is InvalidArgument", status.ToString());
  }
  const std::string message(status.message());
  if (message.empty()) Violated("a refusal says why", "empty message");
  if (message.find('\n') != std::string::npos) {
    Violated("a refusal is one line", message);
  }
}

inline void CheckAccepted(const v1::Event& event) {
  if (absl::Status status = CheckEventStructure(event); !status.ok()) {
    Violated("an accepted event passes the structural check", std::string(status.message()));
  }
  const std::string binary = event.SerializeAsString();
  absl::StatusOr<v1::Event> from_binary = DecodeEventBinary(binary);
  if (!from_binary.ok()) {
    Violated("an accepted event decodes from its binary form",
             std::string(from_binary.status().message()));
  }
  if (from_binary->SerializeAsString() != binary) {
    Violated("the binary round trip keeps the event", event.DebugString());
  }
  // JSON is larger than the binary form: an event near the size limit may not
  // fit in JSON, which is a refusal, not a loss.
  const std::string json = ToJsonLine(event);
  if (json.size() > kMaxEventBytes) return;
  absl::StatusOr<v1::Event> from_json = DecodeEventJson(json);
  if (!from_json.ok()) {
    Violated("an accepted event decodes from its JSON form",
             std::string(from_json.status().message()) + " in " + json);
  }
  if (from_json->SerializeAsString() != binary) {
    Violated("the JSON round trip keeps the event", json);
  }
}

inline void CheckDecoded(const absl::StatusOr<v1::Event>& decoded) {
  if (decoded.ok()) {
    CheckAccepted(*decoded);
  } else {
    CheckRefusal(decoded.status());
  }
}

}  // namespace gatekeeper::fuzz

#endif  // GATEKEEPER_TESTS_FUZZ_FUZZ_PROPERTIES_H_
