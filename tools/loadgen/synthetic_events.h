// A deterministic synthetic workload for the Kafka benchmarks and the crash
// test: licences, rules and a listed party (the licensing events), then
// declarations with duplicates, amendments and invalidations (the customs
// events), all from one seed.
//
//   SyntheticEvents events = GenerateSyntheticEvents({.seed = 7, .declarations
//   = 50000}); for (const v1::Event& event : events.licensing) ...   // publish
//   these first for (const v1::Event& event : events.customs) ...
//
// The workload is partition-local by design: every licence belongs to one
// exporter and is written off only by that exporter's declarations, and every
// event about a declaration is keyed by its exporter. So whatever order a
// consumer interleaves the partitions of the declarations topic in, each
// licence sees its declarations in publish order, and the final decisions and
// balances equal those of a replay in publish order (given the licensing events
// were applied first). Some licences run out, so QUANTITY_EXCEEDED holds occur,
// in an order the test can predict.
//
// Outcomes covered: CLEARED; HELD for QUANTITY_EXCEEDED, EMBARGO_PROHIBITED,
// DENIED_PARTY; REJECTED (a malformed CN code); INVALIDATED; duplicates (no
// output).
#ifndef GATEKEEPER_TOOLS_LOADGEN_SYNTHETIC_EVENTS_H_
#define GATEKEEPER_TOOLS_LOADGEN_SYNTHETIC_EVENTS_H_

#include <cstdint>
#include <vector>

#include "gatekeeper/v1/event.pb.h"

namespace gatekeeper::loadgen {

struct SyntheticOptions {
  uint64_t seed = 1;
  // Exporters, each with one individual licence.
  int exporters = 64;
  // Distinct MRNs lodged (version 1 each).
  int declarations = 10000;
  // Extra customs events, as shares of `declarations`: re-sent declarations
  // (same version), amendments (next version, other quantities) and
  // invalidations.
  double duplicate_share = 0.05;
  double amendment_share = 0.05;
  double invalidation_share = 0.03;
  // MRNs are numbered from here, so that runs against one store do not collide.
  uint64_t first_mrn = 1;
};

struct SyntheticEvents {
  std::vector<v1::Event> licensing;
  // In publish order.
  std::vector<v1::Event> customs;
};

SyntheticEvents GenerateSyntheticEvents(const SyntheticOptions& options);

}  // namespace gatekeeper::loadgen

#endif  // GATEKEEPER_TOOLS_LOADGEN_SYNTHETIC_EVENTS_H_
