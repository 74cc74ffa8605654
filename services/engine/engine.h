// The decision engine: a pure function (event, state) -> (decision, ledger effects).
// No I/O, no clock, no randomness: the same events applied to the same state give the same
// effects, which is what lets a file replay, a Kafka partition and a gRPC call share it.
//
//   Engine engine(EngineOptions{});
//   absl::StatusOr<LedgerEffects> effects = engine.Apply(event, state, {.now = "..."});
//   if (effects.ok()) state.Apply(*effects);   // the adapter writes them atomically
//
// Semantics follow ../shared/docs/contract.md §2-§5 and docs/ARCHITECTURE.md:
// * declaration: validated (a malformed first version is REJECTED with `error` naming the
//   field; nothing is written off), screened, checked against rules and licence documents;
//   all items clear -> CONSUMED / CLEARED, else what could be covered -> RESERVED / HELD.
//   A higher version voids the previous attributions and is decided anew in the same effects.
//   A declaration over a bound of declaration_limits.h (items, documents, reference length),
//   or whose decision would exceed kDeclarationDecisionBytesMax as binary or JSON, is
//   REJECTED the same way (an amendment refused); no decision larger leaves the engine.
//   A version <= current is a duplicate: OK, `duplicate` set, no output.
// * invalidation, disposition: the §4 transitions.
// * licence, licenceStatus, rule, ruleRemoval, party, partyRemoval: state updates; a licence
//   replacement keeps consumed and reserved per line number.
//
// A non-OK status means the event was refused and nothing changes; the message is a sentence
// for the sender: InvalidArgument (malformed licence, rule, party, or a malformed or too
// large amendment: the previous version stands; a disposition over kDispositionBytesMax),
// NotFound (unknown MRN or licence), FailedPrecondition (a transition §4 does not allow,
// e.g. disposing a declaration that is not HELD).
#ifndef GATEKEEPER_SERVICES_ENGINE_ENGINE_H_
#define GATEKEEPER_SERVICES_ENGINE_ENGINE_H_

#include <string>

#include "absl/status/statusor.h"
#include "gatekeeper/v1/event.pb.h"
#include "services/engine/ledger_effects.h"
#include "services/engine/ledger_state.h"
#include "services/screening/party_screener.h"

namespace gatekeeper {

struct EngineOptions {
  // Name-similarity score at or above which a consignee or end user is a listed-party hit.
  double screening_threshold = kDefaultScreeningThreshold;
};

// Supplied by the adapter, because the engine has no clock.
struct ApplyContext {
  // RFC 3339 instant written as the decision's decidedAt (and a disposition's decidedAt
  // when the officer's event has none). Never used to decide anything.
  std::string now;
};

class Engine {
 public:
  explicit Engine(EngineOptions options) : options_(options) {}

  absl::StatusOr<LedgerEffects> Apply(const v1::Event& event, const LedgerState& state,
                                      const ApplyContext& context) const;

  const EngineOptions& options() const { return options_; }

 private:
  EngineOptions options_;
};

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_ENGINE_H_
