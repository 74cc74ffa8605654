#include "tools/bench/pg_ledger_state.h"

#include "absl/strings/str_cat.h"
#include "gatekeeper/v1/rule.pb.h"
#include "tools/bench/pg_schema.h"

namespace gatekeeper::bench {
namespace {

// A bytea column holding a serialized message.
template <typename Message>
bool ParseColumn(const PgResult& result, int row, int column, Message* message) {
  std::string_view bytes = result.Bytes(row, column);
  return message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

}  // namespace

absl::Status LoadReferenceCache(PgConnection& connection, ReferenceCache& cache) {
  absl::StatusOr<PgResult> rules = connection.Run(statement::kAllRules, {});
  if (!rules.ok()) return rules.status();
  for (int row = 0; row < rules->rows(); ++row) {
    v1::Rule rule;
    if (!ParseColumn(*rules, row, 0, &rule)) {
      return absl::DataLossError(absl::StrCat("rules row ", row, " is not a Rule"));
    }
    cache.rules.Put(rule);
  }
  absl::StatusOr<PgResult> parties = connection.Run(statement::kAllParties, {});
  if (!parties.ok()) return parties.status();
  for (int row = 0; row < parties->rows(); ++row) {
    v1::ListedParty party;
    if (!ParseColumn(*parties, row, 0, &party)) {
      return absl::DataLossError(absl::StrCat("parties row ", row, " is not a ListedParty"));
    }
    cache.screening.Put(party);
  }
  return absl::OkStatus();
}

internal::LineLedger LineFromRow(const PgResult& result, int row) {
  internal::LineLedger line;
  line.set_licence_id(std::string(result.Bytes(row, 0)));
  line.set_line_no(result.Int32(row, 1));
  line.set_unit(std::string(result.Bytes(row, 2)));
  line.set_quantity_capped(result.Bool(row, 3));
  line.set_authorised_milli(result.Int64(row, 4));
  line.set_consumed_milli(result.Int64(row, 5));
  line.set_reserved_milli(result.Int64(row, 6));
  line.set_remaining_milli(result.Int64(row, 7));
  line.set_value_capped(result.Bool(row, 8));
  line.set_authorised_cents(result.Int64(row, 9));
  line.set_consumed_cents(result.Int64(row, 10));
  line.set_reserved_cents(result.Int64(row, 11));
  line.set_remaining_cents(result.Int64(row, 12));
  line.set_tolerance_percent(static_cast<uint32_t>(result.Int32(row, 13)));
  line.set_lowered_by_replacement(result.Bool(row, 14));
  line.set_attribution_count(static_cast<uint64_t>(result.Int64(row, 15)));
  return line;
}

void PgLedgerState::BeginTransaction(uint64_t next_sequence) {
  next_sequence_ = next_sequence;
  licences_.clear();
  lines_.clear();
  declarations_.clear();
  declaration_found_ = false;
  status_ = absl::OkStatus();
}

std::optional<PgResult> PgLedgerState::Query(const char* statement,
                                             std::vector<PgParam> params) const {
  if (!status_.ok()) return std::nullopt;
  absl::StatusOr<PgResult> result = connection_.Run(statement, params);
  if (!result.ok()) {
    status_ = result.status();
    return std::nullopt;
  }
  return std::move(*result);
}

const v1::Licence* PgLedgerState::FindLicence(std::string_view licence_id) const {
  if (auto it = licences_.find(licence_id); it != licences_.end()) return it->second.get();
  std::optional<PgResult> result =
      Query(statement::kFindLicence, {PgParam::Text(std::string(licence_id))});
  if (!result.has_value()) return nullptr;
  std::unique_ptr<v1::Licence> licence;
  if (result->rows() == 1) {
    licence = std::make_unique<v1::Licence>();
    if (!ParseColumn(*result, 0, 0, licence.get())) {
      status_ = absl::DataLossError(
          absl::StrCat("licence ", std::string(licence_id), " is not a Licence"));
      return nullptr;
    }
  }
  return licences_.emplace(std::string(licence_id), std::move(licence)).first->second.get();
}

std::vector<std::string> PgLedgerState::LicenceIdsWithDestination(std::string_view country) const {
  std::optional<PgResult> result =
      Query(statement::kLicencesWithDestination, {PgParam::Text(std::string(country))});
  std::vector<std::string> ids;
  if (!result.has_value()) return ids;
  for (int row = 0; row < result->rows(); ++row) ids.emplace_back(result->Bytes(row, 0));
  return ids;
}

std::optional<internal::LineLedger> PgLedgerState::FindLine(std::string_view licence_id,
                                                            int32_t line_no) const {
  std::pair<std::string, int32_t> key(std::string(licence_id), line_no);
  if (auto it = lines_.find(key); it != lines_.end()) return it->second;
  std::optional<PgResult> result =
      Query(statement::kFindLineForUpdate, {PgParam::Text(key.first), PgParam::Int(line_no)});
  if (!result.has_value()) return std::nullopt;
  std::optional<internal::LineLedger> line;
  if (result->rows() == 1) line = LineFromRow(*result, 0);
  return lines_.emplace(std::move(key), std::move(line)).first->second;
}

std::vector<internal::LineLedger> PgLedgerState::LinesOf(std::string_view licence_id) const {
  std::optional<PgResult> result =
      Query(statement::kLinesOfForUpdate, {PgParam::Text(std::string(licence_id))});
  std::vector<internal::LineLedger> lines;
  if (!result.has_value()) return lines;
  for (int row = 0; row < result->rows(); ++row) {
    lines.push_back(LineFromRow(*result, row));
    lines_[{lines.back().licence_id(), lines.back().line_no()}] = lines.back();
  }
  return lines;
}

std::optional<internal::DeclarationRecord> PgLedgerState::FindDeclaration(
    std::string_view mrn) const {
  if (auto it = declarations_.find(mrn); it != declarations_.end()) return it->second;
  std::optional<PgResult> result =
      Query(statement::kFindDeclarationForUpdate, {PgParam::Text(std::string(mrn))});
  if (!result.has_value()) return std::nullopt;
  std::optional<internal::DeclarationRecord> record;
  if (result->rows() == 1) {
    record.emplace();
    if (!ParseColumn(*result, 0, 0, &*record)) {
      status_ =
          absl::DataLossError(absl::StrCat("declaration ", std::string(mrn), " is not a record"));
      return std::nullopt;
    }
    declaration_found_ = true;
  }
  return declarations_.emplace(std::string(mrn), std::move(record)).first->second;
}

}  // namespace gatekeeper::bench
