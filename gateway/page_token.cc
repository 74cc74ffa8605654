#include "gateway/page_token.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace gatekeeper::gateway {
namespace {

constexpr absl::string_view kDeclarationTag = "d1";
constexpr absl::string_view kUsageTag = "u1";

absl::Status BadToken() {
  return absl::InvalidArgumentError(
      "page.pageToken: not a token this server issued; pass nextPageToken back unchanged");
}

}  // namespace

absl::StatusOr<size_t> ResolvePageSize(const v1::PageRequest& page) {
  if (page.page_size() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page.pageSize: ", page.page_size(), " is negative"));
  }
  if (page.page_size() == 0) return kDefaultPageSize;
  return std::min(page.page_size(), kMaxPageSize);
}

std::string EncodeDeclarationPageToken(const DeclarationPosition& position) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kDeclarationTag, ":", position.lodged_at_unix_nanos, ":", position.mrn));
}

absl::StatusOr<DeclarationPosition> DecodeDeclarationPageToken(absl::string_view token) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return BadToken();
  std::vector<absl::string_view> parts = absl::StrSplit(raw, absl::MaxSplits(':', 2));
  DeclarationPosition position;
  if (parts.size() != 3 || parts[0] != kDeclarationTag ||
      !absl::SimpleAtoi(parts[1], &position.lodged_at_unix_nanos)) {
    return BadToken();
  }
  position.mrn = std::string(parts[2]);
  return position;
}

std::string EncodeUsagePageToken(uint64_t last_sequence) {
  return absl::WebSafeBase64Escape(absl::StrCat(kUsageTag, ":", last_sequence));
}

absl::StatusOr<uint64_t> DecodeUsagePageToken(absl::string_view token) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return BadToken();
  std::vector<absl::string_view> parts = absl::StrSplit(raw, absl::MaxSplits(':', 1));
  uint64_t last_sequence = 0;
  if (parts.size() != 2 || parts[0] != kUsageTag || !absl::SimpleAtoi(parts[1], &last_sequence)) {
    return BadToken();
  }
  return last_sequence;
}

}  // namespace gatekeeper::gateway
