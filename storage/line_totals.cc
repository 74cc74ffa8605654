#include "storage/line_totals.h"

#include "absl/strings/str_cat.h"
#include "services/engine/fixed_point.h"
#include "storage/ledger_invariant.h"

namespace gatekeeper::storage {

absl::StatusOr<LineTotals> TotalsOfLine(std::string_view licence_id,
                                        const v1::LicenceLine& line) {
  LineTotals totals;
  if (line.has_quantity() && !line.quantity().amount().empty()) {
    absl::StatusOr<int64_t> milli = ParseQuantityMilli(line.quantity().amount());
    if (!milli.ok()) {
      return absl::DataLossError(absl::StrCat(DescribeLine(licence_id, line.line_no()),
                                              ": stored quantity: ", milli.status().message()));
    }
    totals.quantity_capped = true;
    totals.quantity_milli = *milli;
    totals.unit = line.quantity().unit();
  }
  if (!line.value_eur().empty()) {
    absl::StatusOr<int64_t> cents = ParseMoneyCents(line.value_eur());
    if (!cents.ok()) {
      return absl::DataLossError(absl::StrCat(DescribeLine(licence_id, line.line_no()),
                                              ": stored valueEur: ", cents.status().message()));
    }
    totals.value_capped = true;
    totals.value_cents = *cents;
  }
  return totals;
}

}  // namespace gatekeeper::storage
