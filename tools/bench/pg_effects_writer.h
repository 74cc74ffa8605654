// Writes one event's LedgerEffects to the baseline's PostgreSQL schema inside the caller's
// open transaction, one statement per row as a typical data-access layer does: UPDATE of
// each changed licence line (INSERT for a new one), the declaration row, its attribution
// rows (replaced when the declaration existed), one INSERT per decision and usage record,
// and the licence, rule and party rows of authority events. The caller COMMITs.
#ifndef GATEKEEPER_TOOLS_BENCH_PG_EFFECTS_WRITER_H_
#define GATEKEEPER_TOOLS_BENCH_PG_EFFECTS_WRITER_H_

#include "absl/status/status.h"
#include "services/engine/ledger_effects.h"
#include "tools/bench/pg_connection.h"

namespace gatekeeper::bench {

// `declaration_existed`: the MRN already had a row (its attributions are deleted first).
// A failure leaves the transaction aborted; the caller rolls back.
absl::Status WriteEffects(PgConnection& connection, const LedgerEffects& effects,
                          bool declaration_existed);

}  // namespace gatekeeper::bench

#endif  // GATEKEEPER_TOOLS_BENCH_PG_EFFECTS_WRITER_H_
