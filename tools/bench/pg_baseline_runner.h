// The PostgreSQL baseline's processing loop: a JSON-lines Event stream (the `gkctl replay`
// format) applied "the way a typical team would" -- one transaction per event, the real
// gatekeeper::Engine deciding on a PgLedgerState (licence lines locked with SELECT ... FOR
// UPDATE), the effects written with UPDATE / INSERT, COMMIT with synchronous_commit on.
//
// Concurrency: `connections` connections, each on its own thread. Customs events
// (declarations, invalidations, dispositions) are partitioned by exporter EORI (a hash), so
// one exporter's events -- and so the write-offs against the licences issued to it -- are
// applied in input order, and the final balances do not depend on the number of
// connections (licences used by several exporters in the generated samples are general
// authorisations without caps, whose ledgers only count attributions). A disposition names
// only its MRN: it goes to the partition of the exporter that lodged that MRN earlier in
// the stream. Authority events (licences, status changes, rules, parties) are applied alone
// on one connection, after every customs event before them and before any after them: the
// stream is cut into segments at each run of authority events. Authority events commit
// without waiting for their fsync (synchronous_commit off for them only: loading the
// register is a bulk import, not the measured path); customs events wait for theirs. Runs
// of licence events, which touch only their own licence's rows, are spread over every
// connection by licence id.
//
// A transaction that PostgreSQL aborts as a deadlock victim is run again (counted in
// `retries`). An event the engine refuses is rolled back and counted in `refused`, as
// `gkctl replay` reports and skips it. Any other database error stops the run.
#ifndef GATEKEEPER_TOOLS_BENCH_PG_BASELINE_RUNNER_H_
#define GATEKEEPER_TOOLS_BENCH_PG_BASELINE_RUNNER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/event.pb.h"
#include "services/screening/party_screener.h"
#include "tools/bench/event_file.h"
#include "tools/bench/pg_connection.h"

namespace gatekeeper::bench {

// Most connections the baseline opens (PostgreSQL's default max_connections is 100).
inline constexpr int kMaxConnections = 64;

// One stretch of the customs events applied with a given number of connections, so that
// one run gives throughput and latency at several concurrencies (the latency/throughput
// curve of docs/BENCHMARKS.md) without changing the balances (see above: they do not
// depend on the number of connections).
struct Phase {
  int connections = 1;
  // Customs events in this phase; 0 = all the rest.
  uint64_t customs_events = 0;
};

struct BaselineOptions {
  std::string conninfo;
  int connections = 1;
  // When not empty, the customs events are applied phase by phase (each phase's connection
  // count at most `connections`); otherwise in one phase with `connections`.
  std::vector<Phase> phases;
  // Drop the baseline's tables first.
  bool reset = false;
  double screening_threshold = kDefaultScreeningThreshold;
};

// What one phase measured: declaration events, the wall time of its customs events, and
// the latency of each declaration's transaction (first BEGIN to COMMIT, retries included).
struct PhaseResult {
  int connections = 0;
  uint64_t declarations = 0;
  double seconds = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
};

struct BaselineCounts {
  // Declaration events in the input (lodgements, amendments, resends).
  uint64_t declarations = 0;
  // Events committed, duplicates (no change), events the engine refused.
  uint64_t applied = 0;
  uint64_t duplicates = 0;
  uint64_t refused = 0;
  // Transactions run again after PostgreSQL aborted them as deadlock victims.
  uint64_t retries = 0;
  // Wall time of applying the stream, from the first BEGIN to the last COMMIT (connecting,
  // creating the schema and decoding the file are not included)...
  double seconds = 0;
  // ...of which the authority events (licences, rules, parties: loading the register, not
  // deciding) and the customs events. Throughput is declarations / customs_seconds, as
  // gatekeeper's end-to-end figure is taken after its licensing events are applied.
  double authority_seconds = 0;
  double customs_seconds = 0;
  std::vector<PhaseResult> phases;
};

// Creates the schema (if missing) and applies `stream`.
absl::StatusOr<BaselineCounts> RunBaseline(const BaselineOptions& options,
                                           const EventStream& stream);

// Every licence line ledger stored in the baseline's tables.
absl::StatusOr<std::vector<internal::LineLedger>> ReadAllLines(const std::string& conninfo);

// Every stored declaration's MRN and status name (e.g. "CLEARED"), by MRN.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReadDeclarationStatuses(
    const std::string& conninfo);

}  // namespace gatekeeper::bench

#endif  // GATEKEEPER_TOOLS_BENCH_PG_BASELINE_RUNNER_H_
