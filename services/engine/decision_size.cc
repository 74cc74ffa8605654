#include "services/engine/decision_size.h"

#include "absl/strings/str_cat.h"
#include "services/codec/event_codec.h"
#include "services/codec/number_text.h"

namespace gatekeeper {
namespace {

struct Counts {
  size_t messages = 0;  // the decision and every nested message, as JsonLineBytesBound counts
  size_t reasons = 0;
};

Counts CountMessages(const v1::Decision& decision) {
  Counts counts;
  counts.messages = 1 + (decision.has_disposition() ? 1 : 0);
  for (const v1::ItemDecision& item : decision.items()) {
    counts.reasons += static_cast<size_t>(item.reasons_size());
    // An attribution holds one Quantity.
    counts.messages += 1 + static_cast<size_t>(item.reasons_size()) +
                       2 * static_cast<size_t>(item.attributions_size());
  }
  return counts;
}

absl::Status TooLarge(size_t bytes, const char* encoding, size_t limit_bytes,
                      const v1::Decision& decision, const Counts& counts) {
  return absl::ResourceExhaustedError(
      absl::StrCat("decision would be ", WithThousands(bytes), " bytes as ", encoding,
                   ", the limit is ", WithThousands(limit_bytes), ": split the declaration (",
                   WithThousands(static_cast<uint64_t>(decision.items_size())), " items, ",
                   WithThousands(counts.reasons), " reasons)"));
}

}  // namespace

absl::Status CheckDecisionSize(const v1::Decision& decision, size_t limit_bytes) {
  const size_t binary_bytes = decision.ByteSizeLong();
  const Counts counts = CountMessages(decision);
  if (binary_bytes > limit_bytes) {
    return TooLarge(binary_bytes, "binary protobuf", limit_bytes, decision, counts);
  }
  // Printing JSON costs about as much as deciding a small declaration; the bound keeps it to
  // decisions that could be too large (tens of thousands of bytes and up).
  if (JsonLineBytesBound(binary_bytes, counts.messages) <= limit_bytes) return absl::OkStatus();
  const size_t json_bytes = ToJsonLine(decision).size();
  if (json_bytes > limit_bytes) return TooLarge(json_bytes, "JSON", limit_bytes, decision, counts);
  return absl::OkStatus();
}

}  // namespace gatekeeper
