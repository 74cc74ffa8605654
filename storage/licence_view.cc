#include "storage/licence_view.h"

#include <cstdint>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/common/check.h"
#include "services/engine/fixed_point.h"
#include "storage/ledger_invariant.h"
#include "storage/line_totals.h"

namespace gatekeeper::storage {
namespace {

v1::Quantity MakeQuantity(int64_t milli, const std::string& unit) {
  v1::Quantity quantity;
  quantity.set_amount(FormatMilli(milli));
  quantity.set_unit(unit);
  return quantity;
}

v1::LineBalance BalanceOfLedger(const internal::LineLedger& ledger) {
  v1::LineBalance balance;
  balance.set_line_no(ledger.line_no());
  balance.set_tolerance_percent(ledger.tolerance_percent());
  if (ledger.quantity_capped()) {
    *balance.mutable_authorised() = MakeQuantity(ledger.authorised_milli(), ledger.unit());
    *balance.mutable_consumed() = MakeQuantity(ledger.consumed_milli(), ledger.unit());
    *balance.mutable_reserved() = MakeQuantity(ledger.reserved_milli(), ledger.unit());
    *balance.mutable_remaining() = MakeQuantity(ledger.remaining_milli(), ledger.unit());
  }
  if (ledger.value_capped()) {
    balance.set_authorised_value_eur(FormatCents(ledger.authorised_cents()));
    balance.set_consumed_value_eur(FormatCents(ledger.consumed_cents()));
    balance.set_reserved_value_eur(FormatCents(ledger.reserved_cents()));
    balance.set_remaining_value_eur(FormatCents(ledger.remaining_cents()));
  }
  return balance;
}

absl::StatusOr<v1::LineBalance> BalanceOfUntouchedLine(const v1::Licence& licence,
                                                       const v1::LicenceLine& line) {
  absl::StatusOr<LineTotals> totals = TotalsOfLine(licence.licence_id(), line);
  if (!totals.ok()) return totals.status();
  v1::LineBalance balance;
  balance.set_line_no(line.line_no());
  balance.set_tolerance_percent(line.tolerance_percent());
  if (totals->quantity_capped) {
    *balance.mutable_authorised() = MakeQuantity(totals->quantity_milli, totals->unit);
    *balance.mutable_consumed() = MakeQuantity(0, totals->unit);
    *balance.mutable_reserved() = MakeQuantity(0, totals->unit);
    *balance.mutable_remaining() = MakeQuantity(totals->quantity_milli, totals->unit);
  }
  if (totals->value_capped) {
    balance.set_authorised_value_eur(FormatCents(totals->value_cents));
    balance.set_consumed_value_eur(FormatCents(0));
    balance.set_reserved_value_eur(FormatCents(0));
    balance.set_remaining_value_eur(FormatCents(totals->value_cents));
  }
  return balance;
}

}  // namespace

absl::StatusOr<v1::LicenceView> BuildLicenceView(const v1::Licence& licence,
                                                 absl::Span<const internal::LineLedger> ledgers) {
  std::map<int32_t, v1::LineBalance> by_line;
  for (const internal::LineLedger& ledger : ledgers) {
    GK_CHECK(ledger.licence_id() == licence.licence_id());
    by_line[ledger.line_no()] = BalanceOfLedger(ledger);
  }
  for (const v1::LicenceLine& line : licence.lines()) {
    if (by_line.contains(line.line_no())) continue;
    absl::StatusOr<v1::LineBalance> balance = BalanceOfUntouchedLine(licence, line);
    if (!balance.ok()) return balance.status();
    by_line[line.line_no()] = *std::move(balance);
  }
  v1::LicenceView view;
  *view.mutable_licence() = licence;
  for (auto& [line_no, balance] : by_line) *view.add_balances() = std::move(balance);
  return view;
}

}  // namespace gatekeeper::storage
