#include "services/engine/engine.h"

#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/codec/number_text.h"
#include "services/common/check.h"
#include "services/engine/calendar.h"
#include "services/engine/decision_size.h"
#include "services/engine/declaration_decider.h"
#include "services/engine/declaration_limits.h"
#include "services/engine/event_validation.h"
#include "services/engine/fixed_point.h"
#include "services/engine/line_workspace.h"

namespace gatekeeper {
namespace {

using internal::DeclarationRecord;
using internal::LineLedger;

// Appends output records with consecutive sequences.
class OutputLog {
 public:
  explicit OutputLog(LedgerEffects* effects, uint64_t first_sequence)
      : effects_(effects), next_sequence_(first_sequence) {}

  void AddUsage(const v1::Attribution& attribution, const std::string& mrn, uint32_t version,
                int32_t item_no, v1::UsageAction action) {
    internal::OutputRecord& record = effects_->outputs.emplace_back();
    record.set_sequence(next_sequence_++);
    v1::UsageRecord* usage = record.mutable_usage();
    usage->set_sequence(record.sequence());
    usage->set_licence_id(attribution.licence_id());
    usage->set_line_no(attribution.line_no());
    usage->set_mrn(mrn);
    usage->set_version(version);
    usage->set_item_no(item_no);
    usage->set_action(action);
    *usage->mutable_quantity() = attribution.quantity();
    usage->set_value_eur(attribution.value_eur());
  }

  // Stamps `decision` with the next sequence and appends it.
  void AddDecision(v1::Decision* decision) {
    decision->set_sequence(next_sequence_++);
    internal::OutputRecord& record = effects_->outputs.emplace_back();
    record.set_sequence(decision->sequence());
    *record.mutable_decision() = *decision;
  }

  uint64_t next_sequence() const { return next_sequence_; }

 private:
  LedgerEffects* effects_;
  uint64_t next_sequence_;
};

// The amounts of a stored attribution (written by the engine, so they parse).
struct AttributionAmounts {
  int64_t quantity_milli = 0;
  int64_t value_cents = 0;
};

AttributionAmounts AmountsOf(const v1::Attribution& attribution) {
  AttributionAmounts amounts;
  amounts.quantity_milli = ParseQuantityMilli(attribution.quantity().amount()).value_or(0);
  amounts.value_cents = ParseMoneyCents(attribution.value_eur()).value_or(0);
  return amounts;
}

// Clears the replacement flag once the balance is back above the tolerance floor.
void RefreshLoweredFlag(LineLedger* ledger) {
  if (!ledger->lowered_by_replacement()) return;
  const int64_t quantity_floor =
      -CheckedPercentOf(ledger->authorised_milli(), ledger->tolerance_percent()).value_or(0);
  const int64_t value_floor =
      -CheckedPercentOf(ledger->authorised_cents(), ledger->tolerance_percent()).value_or(0);
  if (ledger->remaining_milli() >= quantity_floor && ledger->remaining_cents() >= value_floor) {
    ledger->set_lowered_by_replacement(false);
  }
}

void AssertBalanced(const LineLedger& ledger) {
  GK_CHECK(ledger.authorised_milli() ==
           ledger.remaining_milli() + ledger.consumed_milli() + ledger.reserved_milli());
  GK_CHECK(ledger.authorised_cents() ==
           ledger.remaining_cents() + ledger.consumed_cents() + ledger.reserved_cents());
  GK_CHECK(ledger.consumed_milli() >= 0 && ledger.reserved_milli() >= 0);
  GK_CHECK(ledger.consumed_cents() >= 0 && ledger.reserved_cents() >= 0);
}

// Moves one attribution's amounts on its line: from `from` (consumed, reserved or free) to
// `to`. Only capped dimensions are tracked.
enum class Bucket { kFree, kReserved, kConsumed };

void Move(LineWorkspace* lines, const v1::Attribution& attribution, Bucket from, Bucket to) {
  LineLedger* ledger = lines->Mutable(attribution.licence_id(), attribution.line_no());
  GK_CHECK(ledger != nullptr);  // attributions only exist on lines with a ledger
  if (ledger == nullptr) return;
  const AttributionAmounts amounts = AmountsOf(attribution);
  auto shift = [](Bucket bucket, int64_t delta, int64_t* remaining, int64_t* reserved,
                  int64_t* consumed) {
    int64_t* target = bucket == Bucket::kFree       ? remaining
                      : bucket == Bucket::kReserved ? reserved
                                                    : consumed;
    *target += delta;
  };
  if (ledger->quantity_capped()) {
    int64_t remaining = ledger->remaining_milli(), reserved = ledger->reserved_milli(),
            consumed = ledger->consumed_milli();
    shift(from, -amounts.quantity_milli, &remaining, &reserved, &consumed);
    shift(to, amounts.quantity_milli, &remaining, &reserved, &consumed);
    ledger->set_remaining_milli(remaining);
    ledger->set_reserved_milli(reserved);
    ledger->set_consumed_milli(consumed);
  }
  if (ledger->value_capped()) {
    int64_t remaining = ledger->remaining_cents(), reserved = ledger->reserved_cents(),
            consumed = ledger->consumed_cents();
    shift(from, -amounts.value_cents, &remaining, &reserved, &consumed);
    shift(to, amounts.value_cents, &remaining, &reserved, &consumed);
    ledger->set_remaining_cents(remaining);
    ledger->set_reserved_cents(reserved);
    ledger->set_consumed_cents(consumed);
  }
  if (from == Bucket::kFree) ledger->set_attribution_count(ledger->attribution_count() + 1);
  if (to == Bucket::kFree) {
    GK_CHECK(ledger->attribution_count() > 0);
    ledger->set_attribution_count(ledger->attribution_count() - 1);
    RefreshLoweredFlag(ledger);
  }
  AssertBalanced(*ledger);
}

// Gives back everything `decision` holds (RETURN for consumed, UNRESERVE for reserved) and
// clears its attributions.
void VoidAttributions(v1::Decision* decision, LineWorkspace* lines, OutputLog* log) {
  for (v1::ItemDecision& item : *decision->mutable_items()) {
    for (const v1::Attribution& attribution : item.attributions()) {
      const bool consumed = attribution.state() == v1::CONSUMED;
      Move(lines, attribution, consumed ? Bucket::kConsumed : Bucket::kReserved, Bucket::kFree);
      log->AddUsage(attribution, decision->mrn(), decision->version(), item.item_no(),
                    consumed ? v1::RETURN : v1::UNRESERVE);
    }
    item.clear_attributions();
  }
}

std::string StatusName(v1::DeclarationStatus status) { return v1::DeclarationStatus_Name(status); }

// What a declaration that cannot be decided (malformed, or its decision too large) leads to.
// A first version is REJECTED with `problem` as its error and nothing written off; the
// decision is kept only under a well-formed MRN and version, so that a resend is recognised
// as a duplicate (a malformed MRN has no record to keep). An amendment is refused and the
// previous version stands with everything it holds.
absl::StatusOr<LedgerEffects> RejectOrRefuse(const v1::Declaration& declaration,
                                             const std::optional<DeclarationRecord>& existing,
                                             const LedgerState& state, const ApplyContext& context,
                                             absl::string_view problem) {
  if (existing.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("amendment to version ", declaration.version(), " of ", declaration.mrn(),
                     " refused, version ", existing->decision().version(), " stands: ", problem));
  }
  LedgerEffects effects;
  OutputLog log(&effects, state.next_sequence());
  v1::Decision decision;
  decision.set_mrn(declaration.mrn());
  decision.set_version(declaration.version());
  decision.set_status(v1::REJECTED);
  decision.set_outcome(v1::REJECT);
  decision.set_exporter_eori(declaration.exporter().eori());
  decision.set_destination_country(declaration.destination_country());
  decision.set_office_of_export(declaration.office_of_export());
  decision.set_lodged_at(declaration.lodged_at());
  decision.set_decided_at(context.now);
  decision.set_error(std::string(problem));
  log.AddDecision(&decision);
  if (IsMrn(declaration.mrn()) && declaration.version() >= 1) {
    DeclarationRecord record;
    *record.mutable_declaration() = declaration;
    *record.mutable_decision() = std::move(decision);
    effects.declaration_put = std::move(record);
  }
  effects.next_sequence = log.next_sequence();
  return effects;
}

absl::StatusOr<LedgerEffects> ApplyDeclaration(const v1::Declaration& declaration,
                                               const LedgerState& state,
                                               const ApplyContext& context,
                                               const EngineOptions& options) {
  LedgerEffects effects;
  effects.next_sequence = state.next_sequence();
  std::optional<DeclarationRecord> existing;
  if (IsMrn(declaration.mrn())) existing = state.FindDeclaration(declaration.mrn());
  if (existing.has_value()) {
    const v1::Decision& current = existing->decision();
    if (declaration.version() <= current.version()) {
      effects.duplicate = true;
      return effects;
    }
    if (current.status() == v1::INVALIDATED || current.status() == v1::REJECTED) {
      return absl::FailedPreconditionError(absl::StrCat("declaration ", declaration.mrn(), " is ",
                                                        StatusName(current.status()), "; version ",
                                                        declaration.version(), " cannot amend it"));
    }
  }
  const absl::Status valid = ValidateDeclaration(declaration);
  if (!valid.ok()) return RejectOrRefuse(declaration, existing, state, context, valid.message());
  OutputLog log(&effects, state.next_sequence());

  const std::string lodged_date = UtcDateOf(declaration.lodged_at()).value();
  LineWorkspace lines(state);
  if (existing.has_value()) {
    v1::Decision previous = existing->decision();
    VoidAttributions(&previous, &lines, &log);
  }

  std::vector<v1::ItemDecision> items =
      DecideItems(declaration, lodged_date, state, options.screening_threshold, &lines);
  bool clear = true;
  for (const v1::ItemDecision& item : items) clear = clear && item.outcome() == v1::CLEAR;

  v1::Decision decision;
  decision.set_mrn(declaration.mrn());
  decision.set_version(declaration.version());
  decision.set_status(clear ? v1::CLEARED : v1::HELD);
  decision.set_outcome(clear ? v1::CLEAR : v1::HOLD);
  decision.set_exporter_eori(declaration.exporter().eori());
  decision.set_destination_country(declaration.destination_country());
  decision.set_office_of_export(declaration.office_of_export());
  decision.set_lodged_at(declaration.lodged_at());
  decision.set_decided_at(context.now);
  for (v1::ItemDecision& item : items) {
    for (v1::Attribution& attribution : *item.mutable_attributions()) {
      // The decider reserved everything; a clear declaration writes it off at once.
      if (clear) {
        Move(&lines, attribution, Bucket::kReserved, Bucket::kConsumed);
        attribution.set_state(v1::CONSUMED);
      }
      log.AddUsage(attribution, declaration.mrn(), declaration.version(), item.item_no(),
                   clear ? v1::CONSUME : v1::RESERVE);
    }
    *decision.add_items() = std::move(item);
  }
  // The decider reserved with the count unchanged; count the new attributions now.
  for (const v1::ItemDecision& item : decision.items()) {
    for (const v1::Attribution& attribution : item.attributions()) {
      LineLedger* ledger = lines.Mutable(attribution.licence_id(), attribution.line_no());
      ledger->set_attribution_count(ledger->attribution_count() + 1);
    }
  }
  log.AddDecision(&decision);
  // The final guarantee: no decision too large for an output topic or a gRPC reply leaves
  // the engine. These effects are dropped whole (no voiding, no write-off, no usage).
  if (absl::Status fits = CheckDecisionSize(decision, kDeclarationDecisionBytesMax); !fits.ok()) {
    return RejectOrRefuse(declaration, existing, state, context, fits.message());
  }
  DeclarationRecord record;
  *record.mutable_declaration() = declaration;
  *record.mutable_decision() = std::move(decision);
  effects.declaration_put = std::move(record);
  effects.line_puts = lines.Changed();
  effects.next_sequence = log.next_sequence();
  return effects;
}

absl::StatusOr<DeclarationRecord> FindForChange(const LedgerState& state, const std::string& mrn,
                                                const char* what) {
  std::optional<DeclarationRecord> record;
  if (IsMrn(mrn)) record = state.FindDeclaration(mrn);
  if (!record.has_value()) {
    return absl::NotFoundError(
        absl::StrCat(what, " refused: no declaration with MRN \"", mrn.substr(0, 40), "\""));
  }
  return *std::move(record);
}

absl::StatusOr<LedgerEffects> ApplyDisposition(const v1::Disposition& disposition,
                                               const LedgerState& state,
                                               const ApplyContext& context) {
  if (disposition.action() == v1::DISPOSITION_ACTION_UNSPECIFIED) {
    return absl::InvalidArgumentError("action: is missing (RELEASE or REFUSE)");
  }
  if (disposition.officer_id().empty()) {
    return absl::InvalidArgumentError("officerId: is missing; a disposition must name its officer");
  }
  // Bounds what the disposition adds to the stored decision (kDecisionGrowthBytesMax).
  if (const size_t bytes = disposition.ByteSizeLong(); bytes > kDispositionBytesMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("disposition is ", WithThousands(bytes), " bytes, the limit is ",
                     WithThousands(kDispositionBytesMax), ": shorten the note"));
  }
  if (!disposition.decided_at().empty() && !UtcDateOf(disposition.decided_at()).ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "decidedAt: \"", disposition.decided_at().substr(0, 40), "\" is not an RFC 3339 instant"));
  }
  absl::StatusOr<DeclarationRecord> record = FindForChange(state, disposition.mrn(), "disposition");
  if (!record.ok()) return record.status();
  v1::Decision decision = record->decision();
  if (disposition.version() != 0 && disposition.version() != decision.version()) {
    return absl::FailedPreconditionError(
        absl::StrCat("disposition refused: it is for version ", disposition.version(), " of ",
                     disposition.mrn(), " but the current version is ", decision.version()));
  }
  if (decision.status() != v1::HELD) {
    return absl::FailedPreconditionError(absl::StrCat(
        "disposition refused: declaration ", disposition.mrn(), " is ",
        StatusName(decision.status()), "; only a HELD declaration can be released or refused"));
  }
  LedgerEffects effects;
  OutputLog log(&effects, state.next_sequence());
  LineWorkspace lines(state);
  const bool release = disposition.action() == v1::RELEASE;
  if (release) {
    for (v1::ItemDecision& item : *decision.mutable_items()) {
      for (v1::Attribution& attribution : *item.mutable_attributions()) {
        Move(&lines, attribution, Bucket::kReserved, Bucket::kConsumed);
        attribution.set_state(v1::CONSUMED);
        log.AddUsage(attribution, decision.mrn(), decision.version(), item.item_no(), v1::COMMIT);
      }
    }
  } else {
    VoidAttributions(&decision, &lines, &log);
  }
  decision.set_status(release ? v1::RELEASED : v1::REFUSED);
  decision.set_decided_at(context.now);
  v1::Disposition* recorded = decision.mutable_disposition();
  *recorded = disposition;
  recorded->set_version(decision.version());
  if (recorded->decided_at().empty()) recorded->set_decided_at(context.now);
  log.AddDecision(&decision);
  *record->mutable_decision() = std::move(decision);
  effects.declaration_put = *std::move(record);
  effects.line_puts = lines.Changed();
  effects.next_sequence = log.next_sequence();
  return effects;
}

absl::StatusOr<LedgerEffects> ApplyInvalidation(const v1::Invalidation& invalidation,
                                                const LedgerState& state,
                                                const ApplyContext& context) {
  absl::StatusOr<DeclarationRecord> record =
      FindForChange(state, invalidation.mrn(), "invalidation");
  if (!record.ok()) return record.status();
  v1::Decision decision = record->decision();
  if (decision.status() == v1::INVALIDATED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "invalidation refused: declaration ", invalidation.mrn(), " is already INVALIDATED"));
  }
  if (!invalidation.exporter_eori().empty() &&
      invalidation.exporter_eori() != decision.exporter_eori()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "invalidation refused: exporterEori ", invalidation.exporter_eori().substr(0, 40),
        " is not the exporter of ", invalidation.mrn(), " (", decision.exporter_eori(), ")"));
  }
  LedgerEffects effects;
  OutputLog log(&effects, state.next_sequence());
  LineWorkspace lines(state);
  VoidAttributions(&decision, &lines, &log);
  decision.set_status(v1::INVALIDATED);
  decision.set_decided_at(context.now);
  log.AddDecision(&decision);
  *record->mutable_decision() = std::move(decision);
  effects.declaration_put = *std::move(record);
  effects.line_puts = lines.Changed();
  effects.next_sequence = log.next_sequence();
  return effects;
}

absl::StatusOr<LedgerEffects> ApplyLicence(v1::Licence licence, const LedgerState& state) {
  if (absl::Status valid = ValidateLicence(licence); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("licence ", licence.licence_id().substr(0, 64),
                                                   " refused: ", valid.message()));
  }
  if (licence.status() == v1::LICENCE_STATUS_UNSPECIFIED) licence.set_status(v1::ACTIVE);
  const std::string& id = licence.licence_id();
  LineWorkspace lines(state);
  std::set<int32_t> kept;
  for (const v1::LicenceLine& line : licence.lines()) {
    kept.insert(line.line_no());
    LineLedger ledger;
    ledger.set_licence_id(id);
    ledger.set_line_no(line.line_no());
    ledger.set_tolerance_percent(line.tolerance_percent());
    ledger.set_quantity_capped(!line.quantity().amount().empty());
    if (ledger.quantity_capped()) {
      ledger.set_unit(line.quantity().unit());
      ledger.set_authorised_milli(ParseQuantityMilli(line.quantity().amount()).value());
    }
    ledger.set_value_capped(!line.value_eur().empty());
    if (ledger.value_capped()) {
      ledger.set_authorised_cents(ParseMoneyCents(line.value_eur()).value());
    }
    const LineLedger* before = lines.Peek(id, line.line_no());
    if (before != nullptr) {
      if (before->attribution_count() > 0) {
        if (before->quantity_capped() != ledger.quantity_capped() ||
            before->value_capped() != ledger.value_capped()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "licence ", id, " refused: line ", line.line_no(),
              " adds or removes a quantity or value cap while ", before->attribution_count(),
              " write-offs are held on it; replace it once they are released or returned"));
        }
        if (before->quantity_capped() && before->unit() != ledger.unit()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "licence ", id, " refused: line ", line.line_no(), " changes its unit from ",
              before->unit(), " to ", ledger.unit(), " while write-offs are held on it"));
        }
      }
      ledger.set_consumed_milli(before->consumed_milli());
      ledger.set_reserved_milli(before->reserved_milli());
      ledger.set_consumed_cents(before->consumed_cents());
      ledger.set_reserved_cents(before->reserved_cents());
      ledger.set_attribution_count(before->attribution_count());
    }
    ledger.set_remaining_milli(ledger.authorised_milli() - ledger.consumed_milli() -
                               ledger.reserved_milli());
    ledger.set_remaining_cents(ledger.authorised_cents() - ledger.consumed_cents() -
                               ledger.reserved_cents());
    const int64_t quantity_floor =
        -CheckedPercentOf(ledger.authorised_milli(), ledger.tolerance_percent()).value_or(0);
    const int64_t value_floor =
        -CheckedPercentOf(ledger.authorised_cents(), ledger.tolerance_percent()).value_or(0);
    ledger.set_lowered_by_replacement(ledger.remaining_milli() < quantity_floor ||
                                      ledger.remaining_cents() < value_floor);
    AssertBalanced(ledger);
    if (before != nullptr) {
      *lines.Mutable(id, line.line_no()) = ledger;
    } else {
      lines.Create(ledger);
    }
  }
  // A line the replacement drops keeps what is held on it, against a total of zero, so that
  // the held quantities still return correctly and the licence view shows them.
  for (const LineLedger& old : state.LinesOf(id)) {
    const bool already_empty =
        old.authorised_milli() == 0 && old.authorised_cents() == 0 && old.attribution_count() == 0;
    if (kept.count(old.line_no()) > 0 || already_empty) {
      continue;
    }
    LineLedger* ledger = lines.Mutable(id, old.line_no());
    ledger->set_authorised_milli(0);
    ledger->set_authorised_cents(0);
    ledger->set_remaining_milli(-ledger->consumed_milli() - ledger->reserved_milli());
    ledger->set_remaining_cents(-ledger->consumed_cents() - ledger->reserved_cents());
    ledger->set_lowered_by_replacement(ledger->remaining_milli() < 0 ||
                                       ledger->remaining_cents() < 0);
    AssertBalanced(*ledger);
  }
  LedgerEffects effects;
  effects.next_sequence = state.next_sequence();
  effects.line_puts = lines.Changed();
  effects.licence_puts.push_back(std::move(licence));
  return effects;
}

absl::StatusOr<LedgerEffects> ApplyLicenceStatus(const v1::LicenceStatusChange& change,
                                                 const LedgerState& state) {
  if (absl::Status valid = ValidateLicenceStatusChange(change); !valid.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("licence status change refused: ", valid.message()));
  }
  LedgerEffects effects;
  effects.next_sequence = state.next_sequence();
  std::vector<std::string> ids;
  if (change.target_case() == v1::LicenceStatusChange::kLicenceId) {
    if (state.FindLicence(change.licence_id()) == nullptr) {
      return absl::NotFoundError(absl::StrCat("licence status change refused: licence ",
                                              change.licence_id(), " is not known"));
    }
    ids.push_back(change.licence_id());
  } else {
    ids = state.LicenceIdsWithDestination(change.destination());
  }
  for (const std::string& id : ids) {
    const v1::Licence* licence = state.FindLicence(id);
    GK_CHECK(licence != nullptr);
    if (licence == nullptr || licence->status() == change.status()) continue;
    v1::Licence changed = *licence;
    changed.set_status(change.status());
    effects.licence_puts.push_back(std::move(changed));
  }
  return effects;
}

}  // namespace

absl::StatusOr<LedgerEffects> Engine::Apply(const v1::Event& event, const LedgerState& state,
                                            const ApplyContext& context) const {
  LedgerEffects effects;
  effects.next_sequence = state.next_sequence();
  switch (event.payload_case()) {
    case v1::Event::kDeclaration:
      return ApplyDeclaration(event.declaration(), state, context, options_);
    case v1::Event::kInvalidation:
      return ApplyInvalidation(event.invalidation(), state, context);
    case v1::Event::kDisposition:
      return ApplyDisposition(event.disposition(), state, context);
    case v1::Event::kLicence:
      return ApplyLicence(event.licence(), state);
    case v1::Event::kLicenceStatus:
      return ApplyLicenceStatus(event.licence_status(), state);
    case v1::Event::kRule:
      if (absl::Status valid = ValidateRule(event.rule()); !valid.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "rule ", event.rule().rule_id().substr(0, 64), " refused: ", valid.message()));
      }
      effects.rule_put = event.rule();
      return effects;
    case v1::Event::kRuleRemoval:
      // Removing a rule that is not there changes nothing, so that a resent removal is
      // harmless (idempotent, like every other authority event).
      if (event.rule_removal().rule_id().empty()) {
        return absl::InvalidArgumentError("ruleRemoval.ruleId: is missing");
      }
      if (state.rules().Find(event.rule_removal().rule_id()) != nullptr) {
        effects.rule_delete = event.rule_removal().rule_id();
      }
      return effects;
    case v1::Event::kParty:
      if (absl::Status valid = ValidateParty(event.party()); !valid.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "party ", event.party().party_id().substr(0, 64), " refused: ", valid.message()));
      }
      effects.party_put = event.party();
      return effects;
    case v1::Event::kPartyRemoval:
      if (event.party_removal().party_id().empty()) {
        return absl::InvalidArgumentError("partyRemoval.partyId: is missing");
      }
      effects.party_delete = event.party_removal().party_id();
      return effects;
    case v1::Event::PAYLOAD_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError(
      "the event has none of declaration, invalidation, disposition, licence, licenceStatus, "
      "rule, ruleRemoval, party, partyRemoval");
}

}  // namespace gatekeeper
