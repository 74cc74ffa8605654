// What `gkctl verify` checks on a store (storage/verifier.cc), checked on a MemoryState, so
// that a fuzzer can check it after every event without RocksDB:
//   1. every declaration record is the decision the output log holds at its sequence, and its
//      attributions fit its status (CLEARED/RELEASED hold CONSUMED, HELD holds RESERVED,
//      REFUSED/INVALIDATED/REJECTED hold none), each item decided once;
//   2. every ledger passes storage::CheckLedgerArithmetic (the same function the store and the
//      verifier call: authorised = remaining + consumed + reserved, consumed and reserved
//      >= 0, remaining >= -(authorised x tolerance) unless lowered by replacement, an uncapped
//      dimension all 0), agrees with its licence's line (storage::TotalsOfLine: caps, unit,
//      authorised, tolerance; a dropped line authorises nothing), and its consumed, reserved
//      and attribution count equal the sums of the declarations' attributions to it;
//   3. no attribution names a line without a ledger, and every licence line has a ledger;
//   4. the output log's sequences are 1..N without a gap, each record carrying its own, and
//      next_sequence() is N + 1; usage amounts are never negative (contract §5).
// The RocksDB-only checks (the attributions family and the usage index mirror what is
// checked here) have no counterpart in memory.
#ifndef GATEKEEPER_TESTS_FUZZ_MEMORY_STATE_INVARIANT_H_
#define GATEKEEPER_TESTS_FUZZ_MEMORY_STATE_INVARIANT_H_

#include <set>
#include <string>

#include "absl/status/status.h"
#include "services/engine/memory_state.h"

namespace gatekeeper::fuzz {

// OK, or FailedPrecondition with the first violation, worded like the verifier's.
// `licence_ids` are the ids of every licence the applied effects put (MemoryState cannot list
// its licences).
absl::Status CheckMemoryState(const MemoryState& state, const std::set<std::string>& licence_ids);

}  // namespace gatekeeper::fuzz

#endif  // GATEKEEPER_TESTS_FUZZ_MEMORY_STATE_INVARIANT_H_
