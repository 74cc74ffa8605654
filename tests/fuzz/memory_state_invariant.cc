#include "tests/fuzz/memory_state_invariant.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/decision.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/engine/fixed_point.h"
#include "storage/ledger_invariant.h"
#include "storage/line_totals.h"

namespace gatekeeper::fuzz {
namespace {

using LineId = std::pair<std::string, int32_t>;

absl::Status Violation(std::string message) {
  return absl::FailedPreconditionError(std::move(message));
}

// Consumed and reserved summed over one line, from attributions or from usage movements.
struct Sums {
  uint64_t count = 0;
  int64_t consumed_milli = 0;
  int64_t reserved_milli = 0;
  int64_t consumed_cents = 0;
  int64_t reserved_cents = 0;
  // The units the quantities were given in (a capped line must see only its own).
  std::set<std::string> units;
  bool overflow = false;
};

void Add(int64_t amount, int64_t& sum, bool& overflow) {
  std::optional<int64_t> added = CheckedAdd(sum, amount);
  if (added.has_value()) {
    sum = *added;
  } else {
    overflow = true;
  }
}

// The amounts of an attribution or usage record; a malformed amount is a violation.
absl::Status Amounts(const v1::Quantity& quantity, const std::string& value_eur,
                     const std::string& source, int64_t& milli, int64_t& cents) {
  milli = 0;
  cents = 0;
  if (!quantity.amount().empty()) {
    absl::StatusOr<int64_t> parsed = ParseQuantityMilli(quantity.amount());
    if (!parsed.ok())
      return Violation(absl::StrCat(source, ": quantity ", parsed.status().message()));
    milli = *parsed;
  }
  if (!value_eur.empty()) {
    absl::StatusOr<int64_t> parsed = ParseMoneyCents(value_eur);
    if (!parsed.ok())
      return Violation(absl::StrCat(source, ": valueEur ", parsed.status().message()));
    cents = *parsed;
  }
  return absl::OkStatus();
}

// The attribution state a decision of `status` holds, nullopt for none.
std::optional<v1::AttributionState> HeldState(v1::DeclarationStatus status) {
  switch (status) {
    case v1::CLEARED:
    case v1::RELEASED:
      return v1::CONSUMED;
    case v1::HELD:
      return v1::RESERVED;
    default:
      return std::nullopt;
  }
}

// Check 1: declaration records against the output log; attribution sums per line.
absl::Status SumDeclarations(const MemoryState& state, std::map<LineId, Sums>& sums) {
  const auto& outputs = state.outputs();
  for (const auto& [mrn, record] : state.declarations()) {
    const v1::Decision& decision = record.decision();
    const std::string where = absl::StrCat("declaration ", mrn);
    if (decision.mrn() != mrn) {
      return Violation(absl::StrCat(where, ": the record holds the decision for ", decision.mrn()));
    }
    const uint64_t sequence = decision.sequence();
    if (sequence < 1 || sequence > outputs.size() || !outputs[sequence - 1].has_decision() ||
        !google::protobuf::util::MessageDifferencer::Equals(outputs[sequence - 1].decision(),
                                                            decision)) {
      return Violation(absl::StrCat(
          where, ": the output log does not hold its current decision at sequence ", sequence));
    }
    if (decision.status() == v1::DECLARATION_STATUS_UNSPECIFIED) {
      return Violation(absl::StrCat(where, ": the record has no status"));
    }
    const std::optional<v1::AttributionState> held = HeldState(decision.status());
    std::set<int32_t> items;
    for (const v1::ItemDecision& item : decision.items()) {
      const std::string source = absl::StrCat(where, " item ", item.item_no());
      if (!items.insert(item.item_no()).second) {
        return Violation(absl::StrCat(source, ": the item is decided twice"));
      }
      for (const v1::Attribution& attribution : item.attributions()) {
        if (!held.has_value() || attribution.state() != *held) {
          return Violation(
              absl::StrCat(source, ": a ", v1::DeclarationStatus_Name(decision.status()),
                           " declaration holds a ", v1::AttributionState_Name(attribution.state()),
                           " attribution to ",
                           storage::DescribeLine(attribution.licence_id(), attribution.line_no())));
        }
        int64_t milli = 0;
        int64_t cents = 0;
        if (absl::Status status =
                Amounts(attribution.quantity(), attribution.value_eur(), source, milli, cents);
            !status.ok()) {
          return status;
        }
        Sums& line = sums[{attribution.licence_id(), attribution.line_no()}];
        ++line.count;
        line.units.insert(attribution.quantity().unit());
        Add(milli, *held == v1::CONSUMED ? line.consumed_milli : line.reserved_milli,
            line.overflow);
        Add(cents, *held == v1::CONSUMED ? line.consumed_cents : line.reserved_cents,
            line.overflow);
      }
    }
  }
  return absl::OkStatus();
}

// Consumed and reserved per line replayed from the usage records (what the licence
// authority sees); amounts are never negative.
absl::Status ReplayUsage(const MemoryState& state, std::map<LineId, Sums>& sums) {
  for (const internal::OutputRecord& record : state.outputs()) {
    if (!record.has_usage()) continue;
    const v1::UsageRecord& usage = record.usage();
    const std::string source = absl::StrCat("usage record ", record.sequence());
    int64_t milli = 0;
    int64_t cents = 0;
    if (absl::Status status = Amounts(usage.quantity(), usage.value_eur(), source, milli, cents);
        !status.ok()) {
      return status;
    }
    Sums& line = sums[{usage.licence_id(), usage.line_no()}];
    bool& overflow = line.overflow;
    switch (usage.action()) {
      case v1::RESERVE:
        Add(milli, line.reserved_milli, overflow);
        Add(cents, line.reserved_cents, overflow);
        break;
      case v1::CONSUME:
        Add(milli, line.consumed_milli, overflow);
        Add(cents, line.consumed_cents, overflow);
        break;
      case v1::COMMIT:
        Add(-milli, line.reserved_milli, overflow);
        Add(-cents, line.reserved_cents, overflow);
        Add(milli, line.consumed_milli, overflow);
        Add(cents, line.consumed_cents, overflow);
        break;
      case v1::UNRESERVE:
        Add(-milli, line.reserved_milli, overflow);
        Add(-cents, line.reserved_cents, overflow);
        break;
      case v1::RETURN:
        Add(-milli, line.consumed_milli, overflow);
        Add(-cents, line.consumed_cents, overflow);
        break;
      default:
        return Violation(absl::StrCat(source, ": action ", v1::UsageAction_Name(usage.action())));
    }
  }
  return absl::OkStatus();
}

// The capped dimensions of a ledger against sums from `place`; the count only when asked
// (usage records are movements, not attributions).
absl::Status Compare(const internal::LineLedger& ledger, const Sums& sums, const char* place,
                     bool compare_count) {
  const std::string line = storage::DescribeLine(ledger.licence_id(), ledger.line_no());
  if (compare_count && ledger.attribution_count() != sums.count) {
    return Violation(absl::StrCat(line, ": attribution count ", ledger.attribution_count(), " but ",
                                  place, " hold ", sums.count));
  }
  if (sums.overflow) return Violation(absl::StrCat(line, ": ", place, " overflow"));
  if (ledger.quantity_capped()) {
    if (compare_count && sums.count > 0 &&
        (sums.units.size() != 1 || *sums.units.begin() != ledger.unit())) {
      return Violation(absl::StrCat(line, ": kept in ", ledger.unit(), " but ", place,
                                    " attribute in ", *sums.units.begin(),
                                    sums.units.size() > 1 ? " and other units" : ""));
    }
    if (ledger.consumed_milli() != sums.consumed_milli ||
        ledger.reserved_milli() != sums.reserved_milli) {
      return Violation(absl::StrCat(
          line, ": consumed ", storage::DescribeQuantity(ledger.consumed_milli(), ledger.unit()),
          ", reserved ", storage::DescribeQuantity(ledger.reserved_milli(), ledger.unit()), " but ",
          place, " sum to consumed ", storage::DescribeQuantity(sums.consumed_milli, ledger.unit()),
          ", reserved ", storage::DescribeQuantity(sums.reserved_milli, ledger.unit())));
    }
  }
  if (ledger.value_capped() && (ledger.consumed_cents() != sums.consumed_cents ||
                                ledger.reserved_cents() != sums.reserved_cents)) {
    return Violation(absl::StrCat(line, ": consumed ",
                                  storage::DescribeValue(ledger.consumed_cents()), ", reserved ",
                                  storage::DescribeValue(ledger.reserved_cents()), " but ", place,
                                  " sum to consumed ", storage::DescribeValue(sums.consumed_cents),
                                  ", reserved ", storage::DescribeValue(sums.reserved_cents)));
  }
  return absl::OkStatus();
}

// A ledger against its licence's line of the same number (the verifier's CompareWithLicence).
absl::Status CompareWithLicence(const internal::LineLedger& ledger, const MemoryState& state) {
  const std::string line = storage::DescribeLine(ledger.licence_id(), ledger.line_no());
  const v1::Licence* licence = state.FindLicence(ledger.licence_id());
  if (licence == nullptr) return Violation(absl::StrCat(line, ": has a ledger but no licence"));
  const v1::LicenceLine* licence_line = nullptr;
  for (const v1::LicenceLine& candidate : licence->lines()) {
    if (candidate.line_no() == ledger.line_no()) licence_line = &candidate;
  }
  if (licence_line == nullptr) {
    if (ledger.authorised_milli() != 0 || ledger.authorised_cents() != 0) {
      return Violation(absl::StrCat(line, ": the licence has no such line, yet it authorises"));
    }
    return absl::OkStatus();
  }
  absl::StatusOr<storage::LineTotals> totals =
      storage::TotalsOfLine(licence->licence_id(), *licence_line);
  if (!totals.ok()) return Violation(std::string(totals.status().message()));
  if (ledger.quantity_capped() != totals->quantity_capped ||
      ledger.value_capped() != totals->value_capped) {
    return Violation(absl::StrCat(line, ": the ledger's caps differ from the licence line's"));
  }
  if (totals->quantity_capped &&
      (ledger.unit() != totals->unit || ledger.authorised_milli() != totals->quantity_milli)) {
    return Violation(absl::StrCat(
        line, ": authorised ", storage::DescribeQuantity(ledger.authorised_milli(), ledger.unit()),
        " but the licence line authorises ",
        storage::DescribeQuantity(totals->quantity_milli, totals->unit)));
  }
  if (totals->value_capped && ledger.authorised_cents() != totals->value_cents) {
    return Violation(absl::StrCat(
        line, ": authorised ", storage::DescribeValue(ledger.authorised_cents()),
        " but the licence line authorises ", storage::DescribeValue(totals->value_cents)));
  }
  if (ledger.tolerance_percent() != licence_line->tolerance_percent()) {
    return Violation(absl::StrCat(line, ": tolerance ", ledger.tolerance_percent(),
                                  "% but the licence line allows ",
                                  licence_line->tolerance_percent(), "%"));
  }
  return absl::OkStatus();
}

// Check 2 and 3.
absl::Status CheckLedgers(const MemoryState& state, std::map<LineId, Sums>& declared,
                          const std::map<LineId, Sums>& usage) {
  const Sums none;
  for (const auto& [id, ledger] : state.lines()) {
    if (ledger.licence_id() != id.first || ledger.line_no() != id.second) {
      return Violation(absl::StrCat(storage::DescribeLine(id.first, id.second),
                                    ": the ledger is for another line"));
    }
    if (absl::Status status = storage::CheckLedgerArithmetic(ledger); !status.ok()) {
      return Violation(std::string(status.message()));
    }
    if (absl::Status status = CompareWithLicence(ledger, state); !status.ok()) return status;
    auto sums = declared.find(id);
    if (absl::Status status = Compare(ledger, sums == declared.end() ? none : sums->second,
                                      "the declarations' attributions", true);
        !status.ok()) {
      return status;
    }
    if (sums != declared.end()) declared.erase(sums);
    auto moved = usage.find(id);
    if (absl::Status status = Compare(ledger, moved == usage.end() ? none : moved->second,
                                      "the usage records", false);
        !status.ok()) {
      return status;
    }
  }
  if (!declared.empty()) {
    return Violation(absl::StrCat(
        "an attribution names ",
        storage::DescribeLine(declared.begin()->first.first, declared.begin()->first.second),
        ", which has no ledger"));
  }
  return absl::OkStatus();
}

// Check 4: the output log.
absl::Status CheckOutputLog(const MemoryState& state) {
  uint64_t expected = 1;
  for (const internal::OutputRecord& record : state.outputs()) {
    const uint64_t inner = record.has_usage()      ? record.usage().sequence()
                           : record.has_decision() ? record.decision().sequence()
                                                   : 0;
    if (record.sequence() != expected || inner != expected) {
      return Violation(absl::StrCat("output ", expected, " carries sequence ", record.sequence(),
                                    " (inner ", inner, ")"));
    }
    ++expected;
  }
  if (state.next_sequence() != expected) {
    return Violation(absl::StrCat("the next sequence is ", state.next_sequence(),
                                  " but the output log ends at ", expected - 1));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckMemoryState(const MemoryState& state, const std::set<std::string>& licence_ids) {
  if (absl::Status status = CheckOutputLog(state); !status.ok()) return status;
  std::map<LineId, Sums> declared;
  if (absl::Status status = SumDeclarations(state, declared); !status.ok()) return status;
  std::map<LineId, Sums> usage;
  if (absl::Status status = ReplayUsage(state, usage); !status.ok()) return status;
  if (absl::Status status = CheckLedgers(state, declared, usage); !status.ok()) return status;
  // Every licence line has a ledger (the engine creates one with the line; without it the
  // line could never be written off).
  for (const std::string& licence_id : licence_ids) {
    const v1::Licence* licence = state.FindLicence(licence_id);
    if (licence == nullptr) return Violation(absl::StrCat("licence ", licence_id, " was lost"));
    for (const v1::LicenceLine& line : licence->lines()) {
      if (!state.FindLine(licence_id, line.line_no()).has_value()) {
        return Violation(
            absl::StrCat(storage::DescribeLine(licence_id, line.line_no()), ": has no ledger"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace gatekeeper::fuzz
