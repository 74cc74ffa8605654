#include "services/engine/reason_limit.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/check.h"
#include "services/engine/declaration_limits.h"

namespace gatekeeper {
namespace {

// "7 EMBARGO_PROHIBITED, 5 LICENCE_NOT_FOUND": the left-out reasons by code, in the order
// each code first appears. At most one entry per reason code, so the sentence stays short.
std::string CountsByCode(const std::vector<v1::Reason>& reasons, size_t first) {
  std::vector<std::pair<v1::ReasonCode, size_t>> counts;
  for (size_t i = first; i < reasons.size(); ++i) {
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& entry) { return entry.first == reasons[i].code(); });
    if (it == counts.end()) {
      counts.emplace_back(reasons[i].code(), 1);
    } else {
      ++it->second;
    }
  }
  return absl::StrJoin(counts, ", ", [](std::string* out, const auto& entry) {
    absl::StrAppend(out, entry.second, " ", v1::ReasonCode_Name(entry.first));
  });
}

}  // namespace

void AppendReasonsBounded(std::vector<v1::Reason> reasons, v1::ItemDecision* item) {
  GK_CHECK(item->reasons().empty()) << "item " << item->item_no() << " is given reasons twice";
  const size_t kept = std::min(reasons.size(), kReasonsPerItemMax);
  if (reasons.size() > kept) {
    v1::Reason& last = reasons[kept - 1];
    last.set_detail(absl::StrCat(last.detail(), "; ", reasons.size() - kept,
                                 " more reasons for this item are not listed (at most ",
                                 kReasonsPerItemMax, " are): ", CountsByCode(reasons, kept)));
  }
  for (size_t i = 0; i < kept; ++i) *item->add_reasons() = std::move(reasons[i]);
  GK_CHECK(static_cast<size_t>(item->reasons_size()) <= kReasonsPerItemMax);
}

}  // namespace gatekeeper
