// Drives the real Engine on a MemoryState from JSON events, as the doors do, and reads back
// what a user would see: decisions, reason codes, balances, usage records.
#ifndef GATEKEEPER_TESTS_ENGINE_ENGINE_HARNESS_H_
#define GATEKEEPER_TESTS_ENGINE_ENGINE_HARNESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gatekeeper/v1/event.pb.h"
#include "services/engine/engine.h"
#include "services/engine/memory_state.h"

namespace gatekeeper::testing {

// Parses one JSON Event (proto3 JSON mapping); aborts the test binary on malformed test input.
v1::Event EventFromJson(const std::string& json);

class EngineHarness {
 public:
  EngineHarness() : engine_(EngineOptions{}) {}

  // Applies one event; on success its effects are applied to the state.
  absl::StatusOr<LedgerEffects> Apply(const v1::Event& event);
  absl::StatusOr<LedgerEffects> ApplyJson(const std::string& json) {
    return Apply(EventFromJson(json));
  }
  // Applies and expects success (for set-up events); returns the effects.
  LedgerEffects MustApply(const std::string& json);

  // The decision of the last output, which must be a decision.
  v1::Decision LastDecision() const;
  // The current decision of an MRN (the state's record).
  v1::Decision DecisionOf(const std::string& mrn) const;
  internal::LineLedger Line(const std::string& licence_id, int line_no) const;
  // Usage records produced by the last applied event.
  std::vector<v1::UsageRecord> LastUsage() const { return last_usage_; }

  MemoryState& state() { return state_; }

 private:
  Engine engine_;
  MemoryState state_;
  std::vector<v1::UsageRecord> last_usage_;
};

// Reason codes of one item, in reported order, as names ("QUANTITY_EXCEEDED").
std::vector<std::string> ReasonCodes(const v1::ItemDecision& item);

// Checks contract §4 over the whole state: every line balances, respects its tolerance floor
// (unless lowered by a replacement), and its consumed / reserved / attribution count equal
// what the declarations hold. Empty when it holds, else the first violation.
std::string CheckLedgerInvariant(const MemoryState& state);

}  // namespace gatekeeper::testing

#endif  // GATEKEEPER_TESTS_ENGINE_ENGINE_HARNESS_H_
