// The PostgreSQL schema of the baseline: what a team would build instead of gatekeeper, a
// relational ledger with one row per licence line holding its balances as bigint
// milli-units and cents, and tables for licences, declarations, decisions, attributions and
// usage. Rules and listed parties are stored too, and cached in memory by the service.
//
// Records the engine needs whole (a licence, a declaration with its decision, a rule, a
// party) are kept as serialized protobuf in a bytea column next to the columns a query
// would filter on, as a service that owns its schema commonly does. Balances are plain
// columns, checked by the database: authorised = remaining + consumed + reserved.
#ifndef GATEKEEPER_TOOLS_BENCH_PG_SCHEMA_H_
#define GATEKEEPER_TOOLS_BENCH_PG_SCHEMA_H_

#include <cstdint>

#include "absl/status/status.h"
#include "tools/bench/pg_connection.h"

namespace gatekeeper::bench {

// Output sequence numbers are handed out in blocks of this size (one nextval() of a
// PostgreSQL sequence per block per connection), so a decision does not cost a round trip
// for its sequence. Gaps between blocks are expected; the contract's gap-free sequence is
// gatekeeper's, not the baseline's.
inline constexpr int64_t kSequenceBlock = 1 << 20;

// Creates every table, index and the sequence if missing; with `reset`, drops them first.
absl::Status CreateSchema(PgConnection& connection, bool reset);

// Prepares, on this connection, every statement the baseline runs (names in pg_schema.cc).
absl::Status PrepareStatements(PgConnection& connection);

// Names of the prepared statements.
namespace statement {
inline constexpr char kFindLicence[] = "find_licence";
inline constexpr char kLicencesWithDestination[] = "licences_with_destination";
inline constexpr char kFindLineForUpdate[] = "find_line_for_update";
inline constexpr char kLinesOfForUpdate[] = "lines_of_for_update";
inline constexpr char kAllLines[] = "all_lines";
inline constexpr char kFindDeclarationForUpdate[] = "find_declaration_for_update";
inline constexpr char kNextSequenceBlock[] = "next_sequence_block";
inline constexpr char kUpdateLine[] = "update_line";
inline constexpr char kInsertLine[] = "insert_line";
inline constexpr char kUpsertLicence[] = "upsert_licence";
inline constexpr char kDeleteDestinations[] = "delete_destinations";
inline constexpr char kInsertDestination[] = "insert_destination";
inline constexpr char kUpsertDeclaration[] = "upsert_declaration";
inline constexpr char kDeleteAttributions[] = "delete_attributions";
inline constexpr char kInsertAttribution[] = "insert_attribution";
inline constexpr char kInsertDecision[] = "insert_decision";
inline constexpr char kInsertUsage[] = "insert_usage";
inline constexpr char kUpsertRule[] = "upsert_rule";
inline constexpr char kDeleteRule[] = "delete_rule";
inline constexpr char kAllRules[] = "all_rules";
inline constexpr char kUpsertParty[] = "upsert_party";
inline constexpr char kDeleteParty[] = "delete_party";
inline constexpr char kAllParties[] = "all_parties";
inline constexpr char kDeclarationStatuses[] = "declaration_statuses";
}  // namespace statement

// The licence_lines columns every line query returns, in LineLedger field order.
inline constexpr char kLineColumns[] =
    "licence_id, line_no, unit, quantity_capped, authorised_milli, consumed_milli, "
    "reserved_milli, remaining_milli, value_capped, authorised_cents, consumed_cents, "
    "reserved_cents, remaining_cents, tolerance_percent, lowered_by_replacement, "
    "attribution_count";

}  // namespace gatekeeper::bench

#endif  // GATEKEEPER_TOOLS_BENCH_PG_SCHEMA_H_
