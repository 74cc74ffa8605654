// Paging of ListDeclarations and ListUsage: page sizes, and page tokens that are opaque to
// clients (web-safe base64 of a tagged position), so the position's form can change
// without changing the API. A token names the last entry of the previous page; the next
// page starts after it.
#ifndef GATEKEEPER_GATEWAY_PAGE_TOKEN_H_
#define GATEKEEPER_GATEWAY_PAGE_TOKEN_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gatekeeper/v1/services.pb.h"

namespace gatekeeper::gateway {

// Default and largest page of the List methods.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// The page size a request asks for: 0 means kDefaultPageSize, more than kMaxPageSize means
// kMaxPageSize; InvalidArgument naming `page.pageSize` when negative.
absl::StatusOr<size_t> ResolvePageSize(const v1::PageRequest& page);

// A position in ListDeclarations order: lodging time (Unix nanoseconds), then MRN.
struct DeclarationPosition {
  int64_t lodged_at_unix_nanos = 0;
  std::string mrn;
};

std::string EncodeDeclarationPageToken(const DeclarationPosition& position);
// InvalidArgument naming `page.pageToken` when the token is not one of ours.
absl::StatusOr<DeclarationPosition> DecodeDeclarationPageToken(absl::string_view token);

std::string EncodeUsagePageToken(uint64_t last_sequence);
// InvalidArgument naming `page.pageToken` when the token is not one of ours.
absl::StatusOr<uint64_t> DecodeUsagePageToken(absl::string_view token);

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_PAGE_TOKEN_H_
