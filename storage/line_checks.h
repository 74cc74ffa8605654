// The checks of one licence line that `gkctl verify` (storage/verifier.cc) makes against what
// the declarations hold, without RocksDB: the engine fuzzer (tests/fuzz) makes the same
// checks on a MemoryState. Every message names the licence and the line.
//
//   AttributionSums sums;
//   for (const v1::Attribution& a : attributions) RETURN_IF_ERROR(AddAttribution(a, where, sums));
//   absl::Status status = CompareWithAttributions(ledger, sums, "the declarations' attributions");
#ifndef GATEKEEPER_STORAGE_LINE_CHECKS_H_
#define GATEKEEPER_STORAGE_LINE_CHECKS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/licence.pb.h"

namespace gatekeeper::storage {

// The live (CONSUMED and RESERVED) attributions to one licence line, counted and summed.
// Sums that overflow are flagged rather than reported at once: an uncapped dimension is never
// compared, and its amounts may even be in different units.
struct AttributionSums {
  uint64_t count = 0;
  int64_t consumed_milli = 0;
  int64_t reserved_milli = 0;
  int64_t consumed_cents = 0;
  int64_t reserved_cents = 0;
  bool quantity_overflow = false;
  bool value_overflow = false;
  // The unit of the first attribution, and the first attribution in another unit.
  std::string unit;
  std::string other_unit_source;
  // Who attributed first, for the message when the line has no ledger.
  std::string first_source;
};

// Adds `amount` to `sum`, or sets `overflow` when the sum would not fit.
void AddChecked(int64_t amount, int64_t& sum, bool& overflow);

// Adds one attribution; `source` says where it was found, for messages. FailedPrecondition
// for a malformed amount or a state other than CONSUMED and RESERVED.
absl::Status AddAttribution(const v1::Attribution& attribution, const std::string& source,
                            AttributionSums& sums);

// The attribution state every attribution of a decision with `status` must have; nullopt
// when such a decision holds none (refused, invalidated and rejected declarations hold
// nothing). FailedPrecondition for a status that is not a decided one.
absl::StatusOr<std::optional<v1::AttributionState>> HeldState(v1::DeclarationStatus status);

// Compares a ledger's consumed, reserved and attribution count with the attributions to its
// line found in one place (`place` names it in the message). Only capped dimensions are
// tracked by a ledger, so only they are compared.
absl::Status CompareWithAttributions(const internal::LineLedger& ledger,
                                     const AttributionSums& sums, std::string_view place);

// Compares a ledger's totals, caps, unit and tolerance with the licence's line of the same
// number; a line the licence no longer has must authorise nothing.
absl::Status CompareWithLicence(const internal::LineLedger& ledger, const v1::Licence& licence);

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_LINE_CHECKS_H_
