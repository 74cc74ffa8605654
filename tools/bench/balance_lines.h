// The balance dump both sides of the PostgreSQL comparison print (gk-pg-baseline
// --dump-balances, gk-balance-dump over a gatekeeper store), so that `cmp` of the two files
// says whether gatekeeper and the baseline ended with the same ledger.
//
// One line per licence line ledger, sorted by licence id (byte order) then line number:
//   licence_id line_no consumed_milli reserved_milli remaining_milli consumed_cents
//   reserved_cents remaining_cents
// Integers in the ledger's fixed-point units (milli-units, euro cents); an uncapped
// dimension prints zeros, as the ledger keeps it.
#ifndef GATEKEEPER_TOOLS_BENCH_BALANCE_LINES_H_
#define GATEKEEPER_TOOLS_BENCH_BALANCE_LINES_H_

#include <string>
#include <vector>

#include "gatekeeper/internal/records.pb.h"

namespace gatekeeper::bench {

// The dump of `lines`, each line ending in '\n', in the order above.
std::string FormatBalances(std::vector<internal::LineLedger> lines);

}  // namespace gatekeeper::bench

#endif  // GATEKEEPER_TOOLS_BENCH_BALANCE_LINES_H_
