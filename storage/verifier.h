// The whole-store consistency check behind Store::Verify and `gkctl verify` (contract §4),
// over committed data as of one snapshot. Checks, in this order, and reports the first
// violation in words (FailedPrecondition naming the licence and line, or the MRN):
//   1. every declaration record is stored under its own MRN; its decision is the one the
//      output log holds at the decision's sequence; its item numbers are distinct; its
//      attributions have the state its status implies (CLEARED / RELEASED: CONSUMED, HELD:
//      RESERVED, REFUSED / INVALIDATED / REJECTED: none) and well-formed amounts;
//   2. for every line ledger, in licence and line order:
//      - it is stored under its own licence id and line number, and its licence exists;
//      - the arithmetic of storage/ledger_invariant.h holds (balance, tolerance floor unless
//        lowered_by_replacement, uncapped dimensions all zero);
//      - caps, unit, tolerance and authorised totals equal the licence's current line
//        (authorised 0 for a line the licence no longer has);
//      - attribution_count equals the number of live attributions to the line, and for each
//        capped dimension consumed / reserved equal the sums of the CONSUMED / RESERVED
//        attributions, (a) in the attributions family and (b) in the declaration records;
//      then no attribution (in either place) may refer to a line without a ledger;
//   3. every line of every licence has a ledger;
//   4. the output log holds sequences 1..N without a gap, each record carrying its own
//      sequence, and the next sequence in the metadata is N + 1;
//   5. the usage index holds exactly one entry per usage record of the output log, under
//      the record's licence.
// Memory: one running sum per licence line that declarations attribute to, never the
// declarations themselves, so 100k+ declarations take seconds.
#ifndef GATEKEEPER_STORAGE_VERIFIER_H_
#define GATEKEEPER_STORAGE_VERIFIER_H_

#include "absl/status/status.h"
#include "rocksdb/db.h"
#include "storage/database.h"

namespace gatekeeper::storage {

// OK, FailedPrecondition naming the first violation, or the read error that stopped it.
absl::Status VerifyDatabase(rocksdb::DB& db, const ColumnFamilies& families);

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_VERIFIER_H_
