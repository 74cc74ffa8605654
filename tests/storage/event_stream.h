// A deterministic stream of events of every kind for the randomized and crash tests of the
// store: licences (created, replaced with other totals, suspended), declarations (lodged,
// amended, resent as duplicates, malformed), dispositions, invalidations, rules and listed
// parties. The same seed gives the same events, so a child process killed at random and the
// uninterrupted reference run see the same input. Events are generated without looking at
// any state, so some are refused by the engine (a disposition of a declaration that is not
// held, ...), as real input is.
//
//   EventStream stream = MakeEventStream(/*seed=*/7, /*count=*/2000);
//   for (const v1::Event& event : stream.events) { ... }
//   std::string digest = StateDigest(store, stream);
#ifndef GATEKEEPER_TESTS_STORAGE_EVENT_STREAM_H_
#define GATEKEEPER_TESTS_STORAGE_EVENT_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gatekeeper/v1/event.pb.h"
#include "services/engine/ledger_state.h"

namespace gatekeeper::storage::testing {

struct EventStream {
  std::vector<v1::Event> events;
  // Every licence id, MRN, rule id and party id the events name, sorted.
  std::vector<std::string> licence_ids;
  std::vector<std::string> mrns;
  std::vector<std::string> rule_ids;
  std::vector<std::string> party_ids;
};

EventStream MakeEventStream(uint64_t seed, size_t count);

// Everything `state` holds about the stream's ids, as text: the next sequence, each
// licence with its line ledgers, each declaration record, which rules and parties exist.
// Two states that applied the same events give the same digest.
std::string StateDigest(const LedgerState& state, const EventStream& stream);

}  // namespace gatekeeper::storage::testing

#endif  // GATEKEEPER_TESTS_STORAGE_EVENT_STREAM_H_
