// The arithmetic invariant of one licence-line ledger (contract §4), checked by the store on
// every ledger it stages and by Verify on every ledger it reads:
//   * consumed >= 0 and reserved >= 0, for quantity and value;
//   * authorised = remaining + consumed + reserved, for quantity and value;
//   * for a capped quantity or value, remaining >= -(authorised * tolerance_percent / 100),
//     unless lowered_by_replacement (a replacement may lower the total below what is already
//     used; contract §2);
//   * an uncapped quantity or value carries no balance: its four amounts are all 0.
//
//   absl::Status status = CheckLedgerArithmetic(ledger);
//   // FailedPrecondition: "licence NL-DU-2025-000123 line 1: consumed -5 NAR is negative"
#ifndef GATEKEEPER_STORAGE_LEDGER_INVARIANT_H_
#define GATEKEEPER_STORAGE_LEDGER_INVARIANT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "gatekeeper/internal/records.pb.h"

namespace gatekeeper::storage {

// OK, or FailedPrecondition naming the licence, the line and the first broken rule.
absl::Status CheckLedgerArithmetic(const internal::LineLedger& ledger);

// "licence NL-DU-2025-000123 line 1", the prefix of every ledger message.
std::string DescribeLine(std::string_view licence_id, int32_t line_no);

// "40 NAR" (quantity in milli-units) and "480.5 EUR" (value in cents), as messages show them.
std::string DescribeQuantity(int64_t milli, std::string_view unit);
std::string DescribeValue(int64_t cents);

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_LEDGER_INVARIANT_H_
