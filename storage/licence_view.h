// Builds the balance view of a licence (v1.LicenceView) from the licence and the ledgers of
// its lines, as `gkctl licence show` and LicensingService.GetLicence present it.
//
// One LineBalance per line number that the licence has or that has a ledger (a line a
// replacement dropped keeps its ledger and stays visible while anything is written off
// against it), in line-number order. A licence line never written off has no ledger yet
// and shows authorised = remaining = the line's total, consumed = reserved = 0. Quantity
// fields are set only for quantity-capped lines, value fields only for value-capped ones.
#ifndef GATEKEEPER_STORAGE_LICENCE_VIEW_H_
#define GATEKEEPER_STORAGE_LICENCE_VIEW_H_

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/licence.pb.h"

namespace gatekeeper::storage {

// REQUIRES: every ledger belongs to `licence`. DataLoss when a stored line total is not a
// valid amount.
absl::StatusOr<v1::LicenceView> BuildLicenceView(const v1::Licence& licence,
                                                 absl::Span<const internal::LineLedger> ledgers);

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_LICENCE_VIEW_H_
