// The authorised totals of one licence line in ledger units (milli-units and cents), read
// from the licence as the authority sent it. A line caps quantity when it has a quantity
// with an amount, and value when value_eur is non-empty (contract §2: no quantity = no
// quantity cap, no valueEur = no value cap).
#ifndef GATEKEEPER_STORAGE_LINE_TOTALS_H_
#define GATEKEEPER_STORAGE_LINE_TOTALS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "gatekeeper/v1/licence.pb.h"

namespace gatekeeper::storage {

struct LineTotals {
  bool quantity_capped = false;
  int64_t quantity_milli = 0;
  std::string unit;
  bool value_capped = false;
  int64_t value_cents = 0;
};

// DataLoss naming the licence and line when a stored amount does not parse (the engine
// validates licences before they are stored, so this means the store was damaged).
absl::StatusOr<LineTotals> TotalsOfLine(std::string_view licence_id,
                                        const v1::LicenceLine& line);

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_LINE_TOTALS_H_
