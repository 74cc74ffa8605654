#include "tools/bench/pg_effects_writer.h"

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gatekeeper/v1/decision.pb.h"
#include "services/engine/fixed_point.h"
#include "tools/bench/pg_schema.h"

namespace gatekeeper::bench {
namespace {

absl::Status Run(PgConnection& connection, const char* statement, std::vector<PgParam> params) {
  return connection.Run(statement, params).status();
}

// Attribution and usage amounts are decimal strings; the tables hold fixed-point integers.
// An empty amount (a dimension the item did not state) is zero.
absl::StatusOr<int64_t> Milli(const v1::Quantity& quantity) {
  if (quantity.amount().empty()) return 0;
  return ParseQuantityMilli(quantity.amount());
}

absl::StatusOr<int64_t> Cents(const std::string& value_eur) {
  if (value_eur.empty()) return 0;
  return ParseMoneyCents(value_eur);
}

std::vector<PgParam> LineParams(const internal::LineLedger& line) {
  return {PgParam::Text(line.licence_id()),
          PgParam::Int(line.line_no()),
          PgParam::Text(line.unit()),
          PgParam::Bool(line.quantity_capped()),
          PgParam::Int(line.authorised_milli()),
          PgParam::Int(line.consumed_milli()),
          PgParam::Int(line.reserved_milli()),
          PgParam::Int(line.remaining_milli()),
          PgParam::Bool(line.value_capped()),
          PgParam::Int(line.authorised_cents()),
          PgParam::Int(line.consumed_cents()),
          PgParam::Int(line.reserved_cents()),
          PgParam::Int(line.remaining_cents()),
          PgParam::Int(line.tolerance_percent()),
          PgParam::Bool(line.lowered_by_replacement()),
          PgParam::Int(static_cast<int64_t>(line.attribution_count()))};
}

absl::Status WriteLicence(PgConnection& connection, const v1::Licence& licence) {
  if (absl::Status upserted = Run(
          connection, statement::kUpsertLicence,
          {PgParam::Text(licence.licence_id()), PgParam::Text(v1::LicenceType_Name(licence.type())),
           PgParam::Text(v1::LicenceStatus_Name(licence.status())),
           PgParam::Text(licence.holder_eori()), PgParam::Text(licence.valid_from()),
           PgParam::Text(licence.valid_until()), PgParam::Bytes(licence.SerializeAsString())});
      !upserted.ok()) {
    return upserted;
  }
  if (absl::Status deleted =
          Run(connection, statement::kDeleteDestinations, {PgParam::Text(licence.licence_id())});
      !deleted.ok()) {
    return deleted;
  }
  for (const std::string& country : licence.destinations()) {
    if (absl::Status inserted = Run(connection, statement::kInsertDestination,
                                    {PgParam::Text(country), PgParam::Text(licence.licence_id())});
        !inserted.ok()) {
      return inserted;
    }
  }
  return absl::OkStatus();
}

absl::Status WriteLine(PgConnection& connection, const internal::LineLedger& line) {
  std::vector<PgParam> params = LineParams(line);
  absl::StatusOr<PgResult> updated = connection.Run(statement::kUpdateLine, params);
  if (!updated.ok()) return updated.status();
  if (updated->affected_rows() == 1) return absl::OkStatus();
  return Run(connection, statement::kInsertLine, std::move(params));
}

absl::Status WriteDeclaration(PgConnection& connection, const internal::DeclarationRecord& record,
                              bool declaration_existed) {
  const v1::Decision& decision = record.decision();
  if (absl::Status upserted =
          Run(connection, statement::kUpsertDeclaration,
              {PgParam::Text(decision.mrn()), PgParam::Int(decision.version()),
               PgParam::Text(v1::DeclarationStatus_Name(decision.status())),
               PgParam::Text(decision.exporter_eori()), PgParam::Text(decision.office_of_export()),
               PgParam::Bytes(record.SerializeAsString())});
      !upserted.ok()) {
    return upserted;
  }
  if (declaration_existed) {
    if (absl::Status deleted =
            Run(connection, statement::kDeleteAttributions, {PgParam::Text(decision.mrn())});
        !deleted.ok()) {
      return deleted;
    }
  }
  for (const v1::ItemDecision& item : decision.items()) {
    int ordinal = 0;
    for (const v1::Attribution& attribution : item.attributions()) {
      absl::StatusOr<int64_t> milli = Milli(attribution.quantity());
      absl::StatusOr<int64_t> cents = Cents(attribution.value_eur());
      if (!milli.ok()) return milli.status();
      if (!cents.ok()) return cents.status();
      if (absl::Status inserted = Run(
              connection, statement::kInsertAttribution,
              {PgParam::Text(decision.mrn()), PgParam::Int(item.item_no()), PgParam::Int(++ordinal),
               PgParam::Text(attribution.licence_id()), PgParam::Int(attribution.line_no()),
               PgParam::Text(v1::AttributionState_Name(attribution.state())), PgParam::Int(*milli),
               PgParam::Int(*cents)});
          !inserted.ok()) {
        return inserted;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status WriteOutput(PgConnection& connection, const internal::OutputRecord& output) {
  const int64_t sequence = static_cast<int64_t>(output.sequence());
  if (output.has_decision()) {
    const v1::Decision& decision = output.decision();
    return Run(
        connection, statement::kInsertDecision,
        {PgParam::Int(sequence), PgParam::Text(decision.mrn()), PgParam::Int(decision.version()),
         PgParam::Text(v1::DeclarationStatus_Name(decision.status())),
         PgParam::Text(v1::Outcome_Name(decision.outcome())), PgParam::Text(decision.decided_at()),
         PgParam::Bytes(decision.SerializeAsString())});
  }
  const v1::UsageRecord& usage = output.usage();
  absl::StatusOr<int64_t> milli = Milli(usage.quantity());
  absl::StatusOr<int64_t> cents = Cents(usage.value_eur());
  if (!milli.ok()) return milli.status();
  if (!cents.ok()) return cents.status();
  return Run(
      connection, statement::kInsertUsage,
      {PgParam::Int(sequence), PgParam::Text(usage.licence_id()), PgParam::Int(usage.line_no()),
       PgParam::Text(usage.mrn()), PgParam::Int(usage.version()), PgParam::Int(usage.item_no()),
       PgParam::Text(v1::UsageAction_Name(usage.action())), PgParam::Int(*milli),
       PgParam::Int(*cents)});
}

absl::Status WriteReferenceData(PgConnection& connection, const LedgerEffects& effects) {
  if (effects.rule_put.has_value()) {
    if (absl::Status put = Run(connection, statement::kUpsertRule,
                               {PgParam::Text(effects.rule_put->rule_id()),
                                PgParam::Bytes(effects.rule_put->SerializeAsString())});
        !put.ok()) {
      return put;
    }
  }
  if (effects.rule_delete.has_value()) {
    if (absl::Status deleted =
            Run(connection, statement::kDeleteRule, {PgParam::Text(*effects.rule_delete)});
        !deleted.ok()) {
      return deleted;
    }
  }
  if (effects.party_put.has_value()) {
    if (absl::Status put = Run(connection, statement::kUpsertParty,
                               {PgParam::Text(effects.party_put->party_id()),
                                PgParam::Text(effects.party_put->source()),
                                PgParam::Bytes(effects.party_put->SerializeAsString())});
        !put.ok()) {
      return put;
    }
  }
  if (effects.party_delete.has_value()) {
    return Run(connection, statement::kDeleteParty, {PgParam::Text(*effects.party_delete)});
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteEffects(PgConnection& connection, const LedgerEffects& effects,
                          bool declaration_existed) {
  // Licences before their lines: a line row references its licence.
  for (const v1::Licence& licence : effects.licence_puts) {
    if (absl::Status written = WriteLicence(connection, licence); !written.ok()) return written;
  }
  for (const internal::LineLedger& line : effects.line_puts) {
    if (absl::Status written = WriteLine(connection, line); !written.ok()) return written;
  }
  if (effects.declaration_put.has_value()) {
    if (absl::Status written =
            WriteDeclaration(connection, *effects.declaration_put, declaration_existed);
        !written.ok()) {
      return written;
    }
  }
  for (const internal::OutputRecord& output : effects.outputs) {
    if (absl::Status written = WriteOutput(connection, output); !written.ok()) return written;
  }
  return WriteReferenceData(connection, effects);
}

}  // namespace gatekeeper::bench
