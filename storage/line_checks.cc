#include "storage/line_checks.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/engine/fixed_point.h"
#include "storage/ledger_invariant.h"
#include "storage/line_totals.h"

namespace gatekeeper::storage {
namespace {

absl::Status Violation(std::string message) {
  return absl::FailedPreconditionError(std::move(message));
}

}  // namespace

void AddChecked(int64_t amount, int64_t& sum, bool& overflow) {
  std::optional<int64_t> added = CheckedAdd(sum, amount);
  if (added.has_value()) {
    sum = *added;
  } else {
    overflow = true;
  }
}

absl::Status AddAttribution(const v1::Attribution& attribution, const std::string& source,
                            AttributionSums& sums) {
  int64_t milli = 0;
  if (attribution.has_quantity() && !attribution.quantity().amount().empty()) {
    absl::StatusOr<int64_t> parsed = ParseQuantityMilli(attribution.quantity().amount());
    if (!parsed.ok()) {
      return Violation(absl::StrCat(source, ": quantity ", parsed.status().message()));
    }
    milli = *parsed;
  }
  int64_t cents = 0;
  if (!attribution.value_eur().empty()) {
    absl::StatusOr<int64_t> parsed = ParseMoneyCents(attribution.value_eur());
    if (!parsed.ok()) {
      return Violation(absl::StrCat(source, ": valueEur ", parsed.status().message()));
    }
    cents = *parsed;
  }
  switch (attribution.state()) {
    case v1::CONSUMED:
      AddChecked(milli, sums.consumed_milli, sums.quantity_overflow);
      AddChecked(cents, sums.consumed_cents, sums.value_overflow);
      break;
    case v1::RESERVED:
      AddChecked(milli, sums.reserved_milli, sums.quantity_overflow);
      AddChecked(cents, sums.reserved_cents, sums.value_overflow);
      break;
    default:
      return Violation(absl::StrCat(source, ": attribution state ",
                                    v1::AttributionState_Name(attribution.state()),
                                    " is neither CONSUMED nor RESERVED"));
  }
  const std::string& unit = attribution.quantity().unit();
  if (sums.count == 0) {
    sums.unit = unit;
    sums.first_source = source;
  } else if (unit != sums.unit && sums.other_unit_source.empty()) {
    sums.other_unit_source = source;
  }
  ++sums.count;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::AttributionState>> HeldState(v1::DeclarationStatus status) {
  switch (status) {
    case v1::CLEARED:
    case v1::RELEASED:
      return std::optional<v1::AttributionState>(v1::CONSUMED);
    case v1::HELD:
      return std::optional<v1::AttributionState>(v1::RESERVED);
    case v1::REFUSED:
    case v1::INVALIDATED:
    case v1::REJECTED:
      return std::optional<v1::AttributionState>();
    default:
      return absl::FailedPreconditionError(
          absl::StrCat("status ", v1::DeclarationStatus_Name(status), " is not a decided status"));
  }
}

absl::Status CompareWithAttributions(const internal::LineLedger& ledger,
                                     const AttributionSums& sums, std::string_view place) {
  const std::string line = DescribeLine(ledger.licence_id(), ledger.line_no());
  const auto mismatch = [&](std::string_view what, const std::string& held,
                            const std::string& summed) {
    return Violation(absl::StrCat(line, ": ", std::string(what), " ", held, " but ",
                                  std::string(place), " sum to ", summed));
  };
  if (ledger.attribution_count() != sums.count) {
    return Violation(absl::StrCat(line, ": attribution count ", ledger.attribution_count(), " but ",
                                  std::string(place), " hold ", sums.count, " attributions on it"));
  }
  if (ledger.quantity_capped()) {
    if (sums.quantity_overflow) {
      return Violation(absl::StrCat(line, ": ", std::string(place), " overflow in quantity"));
    }
    if (sums.count > 0 && sums.unit != ledger.unit()) {
      return Violation(absl::StrCat(line, ": kept in ", ledger.unit(), " but ", sums.first_source,
                                    " attributes in ", sums.unit));
    }
    if (!sums.other_unit_source.empty()) {
      return Violation(absl::StrCat(line, ": kept in ", ledger.unit(), " but ",
                                    sums.other_unit_source, " attributes in another unit"));
    }
    if (ledger.consumed_milli() != sums.consumed_milli) {
      return mismatch("consumed", DescribeQuantity(ledger.consumed_milli(), ledger.unit()),
                      DescribeQuantity(sums.consumed_milli, ledger.unit()));
    }
    if (ledger.reserved_milli() != sums.reserved_milli) {
      return mismatch("reserved", DescribeQuantity(ledger.reserved_milli(), ledger.unit()),
                      DescribeQuantity(sums.reserved_milli, ledger.unit()));
    }
  }
  if (ledger.value_capped()) {
    if (sums.value_overflow) {
      return Violation(absl::StrCat(line, ": ", std::string(place), " overflow in value"));
    }
    if (ledger.consumed_cents() != sums.consumed_cents) {
      return mismatch("consumed", DescribeValue(ledger.consumed_cents()),
                      DescribeValue(sums.consumed_cents));
    }
    if (ledger.reserved_cents() != sums.reserved_cents) {
      return mismatch("reserved", DescribeValue(ledger.reserved_cents()),
                      DescribeValue(sums.reserved_cents));
    }
  }
  return absl::OkStatus();
}

absl::Status CompareWithLicence(const internal::LineLedger& ledger, const v1::Licence& licence) {
  const std::string line = DescribeLine(ledger.licence_id(), ledger.line_no());
  const v1::LicenceLine* licence_line = nullptr;
  for (const v1::LicenceLine& candidate : licence.lines()) {
    if (candidate.line_no() == ledger.line_no()) licence_line = &candidate;
  }
  if (licence_line == nullptr) {
    if (ledger.authorised_milli() != 0 || ledger.authorised_cents() != 0) {
      return Violation(absl::StrCat(line,
                                    ": the licence has no such line, yet the ledger "
                                    "authorises ",
                                    DescribeQuantity(ledger.authorised_milli(), ledger.unit()),
                                    " and ", DescribeValue(ledger.authorised_cents())));
    }
    return absl::OkStatus();
  }
  absl::StatusOr<LineTotals> totals = TotalsOfLine(licence.licence_id(), *licence_line);
  if (!totals.ok()) return Violation(std::string(totals.status().message()));
  if (ledger.quantity_capped() != totals->quantity_capped) {
    return Violation(absl::StrCat(
        line, ": the ledger ", ledger.quantity_capped() ? "caps" : "does not cap",
        " quantity but the licence line ", totals->quantity_capped ? "does" : "does not"));
  }
  if (ledger.value_capped() != totals->value_capped) {
    return Violation(
        absl::StrCat(line, ": the ledger ", ledger.value_capped() ? "caps" : "does not cap",
                     " value but the licence line ", totals->value_capped ? "does" : "does not"));
  }
  if (totals->quantity_capped && ledger.unit() != totals->unit) {
    return Violation(absl::StrCat(line, ": the ledger is kept in ", ledger.unit(),
                                  " but the licence line in ", totals->unit));
  }
  if (totals->quantity_capped && ledger.authorised_milli() != totals->quantity_milli) {
    return Violation(absl::StrCat(line, ": authorised ",
                                  DescribeQuantity(ledger.authorised_milli(), ledger.unit()),
                                  " but the licence line authorises ",
                                  DescribeQuantity(totals->quantity_milli, totals->unit)));
  }
  if (totals->value_capped && ledger.authorised_cents() != totals->value_cents) {
    return Violation(absl::StrCat(line, ": authorised ", DescribeValue(ledger.authorised_cents()),
                                  " but the licence line authorises ",
                                  DescribeValue(totals->value_cents)));
  }
  if (ledger.tolerance_percent() != licence_line->tolerance_percent()) {
    return Violation(absl::StrCat(line, ": tolerance ", ledger.tolerance_percent(),
                                  "% but the licence line allows ",
                                  licence_line->tolerance_percent(), "%"));
  }
  return absl::OkStatus();
}

}  // namespace gatekeeper::storage
