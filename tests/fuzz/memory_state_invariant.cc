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
#include "storage/line_checks.h"

namespace gatekeeper::fuzz {
namespace {

using LineId = std::pair<std::string, int32_t>;

absl::Status Violation(std::string message) {
  return absl::FailedPreconditionError(std::move(message));
}

// Consumed and reserved replayed from one line's usage movements (the verifier has no
// counterpart: the store keeps no usage-derived totals).
struct UsageTotals {
  int64_t consumed_milli = 0;
  int64_t reserved_milli = 0;
  int64_t consumed_cents = 0;
  int64_t reserved_cents = 0;
  bool overflow = false;
};

// The amounts of a usage record; a malformed amount is a violation.
absl::Status UsageAmounts(const v1::UsageRecord& usage, const std::string& source, int64_t& milli,
                          int64_t& cents) {
  milli = 0;
  cents = 0;
  if (!usage.quantity().amount().empty()) {
    absl::StatusOr<int64_t> parsed = ParseQuantityMilli(usage.quantity().amount());
    if (!parsed.ok())
      return Violation(absl::StrCat(source, ": quantity ", parsed.status().message()));
    milli = *parsed;
  }
  if (!usage.value_eur().empty()) {
    absl::StatusOr<int64_t> parsed = ParseMoneyCents(usage.value_eur());
    if (!parsed.ok())
      return Violation(absl::StrCat(source, ": valueEur ", parsed.status().message()));
    cents = *parsed;
  }
  return absl::OkStatus();
}

// Check 1: declaration records against the output log; attribution sums per line.
absl::Status SumDeclarations(const MemoryState& state,
                             std::map<LineId, storage::AttributionSums>& sums) {
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
    absl::StatusOr<std::optional<v1::AttributionState>> held =
        storage::HeldState(decision.status());
    if (!held.ok()) return Violation(absl::StrCat(where, ": ", held.status().message()));
    std::set<int32_t> items;
    for (const v1::ItemDecision& item : decision.items()) {
      const std::string source = absl::StrCat(where, " item ", item.item_no());
      if (!items.insert(item.item_no()).second) {
        return Violation(absl::StrCat(source, ": the item is decided twice"));
      }
      for (const v1::Attribution& attribution : item.attributions()) {
        if (!held->has_value() || attribution.state() != **held) {
          return Violation(
              absl::StrCat(source, ": a ", v1::DeclarationStatus_Name(decision.status()),
                           " declaration holds a ", v1::AttributionState_Name(attribution.state()),
                           " attribution to ",
                           storage::DescribeLine(attribution.licence_id(), attribution.line_no())));
        }
        if (absl::Status status = storage::AddAttribution(
                attribution, source, sums[{attribution.licence_id(), attribution.line_no()}]);
            !status.ok()) {
          return status;
        }
      }
    }
  }
  return absl::OkStatus();
}

// Consumed and reserved per line replayed from the usage records (what the licence
// authority sees); amounts are never negative.
absl::Status ReplayUsage(const MemoryState& state, std::map<LineId, UsageTotals>& sums) {
  for (const internal::OutputRecord& record : state.outputs()) {
    if (!record.has_usage()) continue;
    const v1::UsageRecord& usage = record.usage();
    const std::string source = absl::StrCat("usage record ", record.sequence());
    int64_t milli = 0;
    int64_t cents = 0;
    if (absl::Status status = UsageAmounts(usage, source, milli, cents); !status.ok()) {
      return status;
    }
    UsageTotals& line = sums[{usage.licence_id(), usage.line_no()}];
    bool& overflow = line.overflow;
    switch (usage.action()) {
      case v1::RESERVE:
        storage::AddChecked(milli, line.reserved_milli, overflow);
        storage::AddChecked(cents, line.reserved_cents, overflow);
        break;
      case v1::CONSUME:
        storage::AddChecked(milli, line.consumed_milli, overflow);
        storage::AddChecked(cents, line.consumed_cents, overflow);
        break;
      case v1::COMMIT:
        storage::AddChecked(-milli, line.reserved_milli, overflow);
        storage::AddChecked(-cents, line.reserved_cents, overflow);
        storage::AddChecked(milli, line.consumed_milli, overflow);
        storage::AddChecked(cents, line.consumed_cents, overflow);
        break;
      case v1::UNRESERVE:
        storage::AddChecked(-milli, line.reserved_milli, overflow);
        storage::AddChecked(-cents, line.reserved_cents, overflow);
        break;
      case v1::RETURN:
        storage::AddChecked(-milli, line.consumed_milli, overflow);
        storage::AddChecked(-cents, line.consumed_cents, overflow);
        break;
      default:
        return Violation(absl::StrCat(source, ": action ", v1::UsageAction_Name(usage.action())));
    }
  }
  return absl::OkStatus();
}

// The capped dimensions of a ledger against what its usage records moved.
absl::Status CompareWithUsage(const internal::LineLedger& ledger, const UsageTotals& moved) {
  const std::string line = storage::DescribeLine(ledger.licence_id(), ledger.line_no());
  if (moved.overflow) return Violation(absl::StrCat(line, ": the usage records overflow"));
  if (ledger.quantity_capped() && (ledger.consumed_milli() != moved.consumed_milli ||
                                   ledger.reserved_milli() != moved.reserved_milli)) {
    return Violation(absl::StrCat(
        line, ": consumed ", storage::DescribeQuantity(ledger.consumed_milli(), ledger.unit()),
        ", reserved ", storage::DescribeQuantity(ledger.reserved_milli(), ledger.unit()),
        " but the usage records sum to consumed ",
        storage::DescribeQuantity(moved.consumed_milli, ledger.unit()), ", reserved ",
        storage::DescribeQuantity(moved.reserved_milli, ledger.unit())));
  }
  if (ledger.value_capped() && (ledger.consumed_cents() != moved.consumed_cents ||
                                ledger.reserved_cents() != moved.reserved_cents)) {
    return Violation(absl::StrCat(
        line, ": consumed ", storage::DescribeValue(ledger.consumed_cents()), ", reserved ",
        storage::DescribeValue(ledger.reserved_cents()), " but the usage records sum to consumed ",
        storage::DescribeValue(moved.consumed_cents), ", reserved ",
        storage::DescribeValue(moved.reserved_cents)));
  }
  return absl::OkStatus();
}

// Check 2 and 3.
absl::Status CheckLedgers(const MemoryState& state,
                          std::map<LineId, storage::AttributionSums>& declared,
                          const std::map<LineId, UsageTotals>& usage) {
  const storage::AttributionSums no_attributions;
  const UsageTotals no_movements;
  for (const auto& [id, ledger] : state.lines()) {
    if (ledger.licence_id() != id.first || ledger.line_no() != id.second) {
      return Violation(absl::StrCat(storage::DescribeLine(id.first, id.second),
                                    ": the ledger is for another line"));
    }
    if (absl::Status status = storage::CheckLedgerArithmetic(ledger); !status.ok()) {
      return Violation(std::string(status.message()));
    }
    const v1::Licence* licence = state.FindLicence(ledger.licence_id());
    if (licence == nullptr) {
      return Violation(absl::StrCat(storage::DescribeLine(id.first, id.second),
                                    ": has a ledger but no licence"));
    }
    if (absl::Status status = storage::CompareWithLicence(ledger, *licence); !status.ok()) {
      return status;
    }
    auto sums = declared.find(id);
    if (absl::Status status = storage::CompareWithAttributions(
            ledger, sums == declared.end() ? no_attributions : sums->second,
            "the declarations' attributions");
        !status.ok()) {
      return status;
    }
    if (sums != declared.end()) declared.erase(sums);
    auto moved = usage.find(id);
    if (absl::Status status =
            CompareWithUsage(ledger, moved == usage.end() ? no_movements : moved->second);
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
  std::map<LineId, storage::AttributionSums> declared;
  if (absl::Status status = SumDeclarations(state, declared); !status.ok()) return status;
  std::map<LineId, UsageTotals> usage;
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
