#include "services/daemon/decision_summary.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/codec/number_text.h"

namespace gatekeeper::daemon {
namespace {

// A REJECTED decision's own error is kept up to this size: it names one field.
constexpr size_t kMaxKeptErrorBytes = 1024;

}  // namespace

v1::Decision SummarizeDecision(const v1::Decision& decision, size_t full_bytes,
                               absl::string_view topic) {
  v1::Decision summary = decision;
  summary.clear_items();
  for (const v1::ItemDecision& item : decision.items()) {
    v1::ItemDecision& kept = *summary.add_items();
    kept.set_item_no(item.item_no());
    kept.set_outcome(item.outcome());
    for (const v1::Reason& reason : item.reasons()) kept.add_reasons()->set_code(reason.code());
  }
  std::string error = absl::StrCat(
      kSummaryErrorPrefix, topic, " (", WithThousands(full_bytes),
      " bytes): attributions and reason details left out; OfficerService.GetDecision or "
      "`gkctl decision show ",
      decision.mrn(), "` gives it in full");
  if (!decision.error().empty()) {
    absl::string_view kept = decision.error();
    if (kept.size() > kMaxKeptErrorBytes) {
      size_t end = kMaxKeptErrorBytes;
      // Cut before a character, never inside one (the string stays valid UTF-8).
      while (end > 0 && (static_cast<unsigned char>(kept[end]) & 0xC0) == 0x80) --end;
      kept = kept.substr(0, end);
    }
    absl::StrAppend(&error, "; error: ", kept);
  }
  summary.set_error(std::move(error));
  return summary;
}

}  // namespace gatekeeper::daemon
