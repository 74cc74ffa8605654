#include "storage/ledger_invariant.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "services/engine/fixed_point.h"

namespace gatekeeper::storage {
namespace {

// One dimension (quantity or value) of a ledger.
struct Dimension {
  bool is_quantity = false;
  bool capped = false;
  int64_t authorised = 0;
  int64_t consumed = 0;
  int64_t reserved = 0;
  int64_t remaining = 0;
  std::string_view unit;

  std::string describe(int64_t amount) const {
    return is_quantity ? DescribeQuantity(amount, unit) : DescribeValue(amount);
  }
};

// Messages are built only on failure: this runs for every ledger the store stages.
absl::Status CheckDimension(const Dimension& d, const internal::LineLedger& ledger) {
  const auto line = [&ledger] { return DescribeLine(ledger.licence_id(), ledger.line_no()); };
  if (!d.capped) {
    // An uncapped quantity may mix units across declarations, so nothing is summed for it.
    if (d.authorised == 0 && d.consumed == 0 && d.reserved == 0 && d.remaining == 0) {
      return absl::OkStatus();
    }
    return absl::FailedPreconditionError(absl::StrCat(
        line(), ": ", d.is_quantity ? "quantity" : "value",
        " is not capped, yet the ledger holds authorised ", d.describe(d.authorised),
        ", consumed ", d.describe(d.consumed), ", reserved ", d.describe(d.reserved),
        ", remaining ", d.describe(d.remaining), " (all must be 0)"));
  }
  if (d.consumed < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(line(), ": consumed ", d.describe(d.consumed), " is negative"));
  }
  if (d.reserved < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(line(), ": reserved ", d.describe(d.reserved), " is negative"));
  }
  std::optional<int64_t> used = CheckedAdd(d.consumed, d.reserved);
  std::optional<int64_t> total =
      used.has_value() ? CheckedAdd(*used, d.remaining) : std::nullopt;
  if (!total.has_value() || *total != d.authorised) {
    return absl::FailedPreconditionError(absl::StrCat(
        line(), ": authorised ", d.describe(d.authorised), " but remaining ",
        d.describe(d.remaining), " + consumed ", d.describe(d.consumed), " + reserved ",
        d.describe(d.reserved),
        total.has_value() ? absl::StrCat(" = ", d.describe(*total)) : " overflows"));
  }
  if (ledger.lowered_by_replacement()) return absl::OkStatus();
  std::optional<int64_t> excess = CheckedPercentOf(d.authorised, ledger.tolerance_percent());
  if (!excess.has_value() || d.remaining < -*excess) {
    return absl::FailedPreconditionError(absl::StrCat(
        line(), ": remaining ", d.describe(d.remaining), " is below the tolerance floor of -",
        excess.has_value() ? d.describe(*excess) : "(overflow)", " (",
        ledger.tolerance_percent(), "% of ", d.describe(d.authorised), ")"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string DescribeLine(std::string_view licence_id, int32_t line_no) {
  return absl::StrCat("licence ", std::string(licence_id), " line ", line_no);
}

std::string DescribeQuantity(int64_t milli, std::string_view unit) {
  if (unit.empty()) return FormatMilli(milli);
  return absl::StrCat(FormatMilli(milli), " ", std::string(unit));
}

std::string DescribeValue(int64_t cents) { return absl::StrCat(FormatCents(cents), " EUR"); }

absl::Status CheckLedgerArithmetic(const internal::LineLedger& ledger) {
  const Dimension quantity{.is_quantity = true,
                           .capped = ledger.quantity_capped(),
                           .authorised = ledger.authorised_milli(),
                           .consumed = ledger.consumed_milli(),
                           .reserved = ledger.reserved_milli(),
                           .remaining = ledger.remaining_milli(),
                           .unit = ledger.unit()};
  if (absl::Status status = CheckDimension(quantity, ledger); !status.ok()) return status;
  const Dimension value{.is_quantity = false,
                        .capped = ledger.value_capped(),
                        .authorised = ledger.authorised_cents(),
                        .consumed = ledger.consumed_cents(),
                        .reserved = ledger.reserved_cents(),
                        .remaining = ledger.remaining_cents(),
                        .unit = {}};
  return CheckDimension(value, ledger);
}

}  // namespace gatekeeper::storage
