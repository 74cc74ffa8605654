// libFuzzer target: the decision engine on a sequence of interacting events
// (event_sequence_generator.h), applied to a MemoryState as the store applies them.
// Properties, checked after every event:
//   * `gkctl verify`'s invariant holds over the whole state (memory_state_invariant.h);
//   * a refused event is InvalidArgument, NotFound or FailedPrecondition with a one-line
//     message (engine.h), and changes nothing;
//   * a declaration that is applied yields its decision, and sending it again is a duplicate
//     with no output (contract §4: same MRN, version <= current);
//   * no crash, leak, or undefined behaviour (ASan, UBSan).
// A violation prints the event and the broken property, then aborts: libFuzzer saves the input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "services/codec/event_codec.h"
#include "services/engine/engine.h"
#include "services/engine/memory_state.h"
#include "tests/fuzz/event_sequence_generator.h"
#include "tests/fuzz/memory_state_invariant.h"

namespace gatekeeper::fuzz {
namespace {

[[noreturn]] void Violated(int index, const v1::Event& event, const std::string& what) {
  std::fprintf(stderr, "fuzz property violated after event %d (%s):\n  %s\n", index,
               ToJsonLine(event).c_str(), what.c_str());
  std::abort();
}

void CheckRefusal(int index, const v1::Event& event, const absl::Status& status) {
  const absl::StatusCode code = status.code();
  if (code != absl::StatusCode::kInvalidArgument && code != absl::StatusCode::kNotFound &&
      code != absl::StatusCode::kFailedPrecondition) {
    Violated(index, event,
             "a refusal is InvalidArgument, NotFound or FailedPrecondition: " + status.ToString());
  }
  const std::string message(status.message());
  if (message.empty() || message.find('\n') != std::string::npos) {
    Violated(index, event, "a refusal says why in one line: " + status.ToString());
  }
}

const v1::Decision* LastDecision(const LedgerEffects& effects) {
  for (auto it = effects.outputs.rbegin(); it != effects.outputs.rend(); ++it) {
    if (it->has_decision()) return &it->decision();
  }
  return nullptr;
}

// The checks on an applied declaration's effects, before they are applied.
void CheckDeclarationEffects(int index, const v1::Event& event, const LedgerEffects& effects) {
  if (effects.duplicate) {
    if (!effects.outputs.empty() || !effects.line_puts.empty() ||
        effects.declaration_put.has_value()) {
      Violated(index, event, "a duplicate changes nothing and has no output");
    }
    return;
  }
  const v1::Decision* decision = LastDecision(effects);
  if (decision == nullptr || decision->mrn() != event.declaration().mrn()) {
    Violated(index, event, "an applied declaration yields its decision");
  }
}

// GK_FUZZ_TRACE=1 prints each event and what became of it, to check what a seed reaches.
void Trace(const v1::Event& event, const absl::StatusOr<LedgerEffects>& effects) {
  static const bool enabled = std::getenv("GK_FUZZ_TRACE") != nullptr;
  if (!enabled) return;
  std::string outcome;
  if (!effects.ok()) {
    outcome = effects.status().ToString();
  } else if (effects->duplicate) {
    outcome = "duplicate";
  } else if (const v1::Decision* decision = LastDecision(*effects)) {
    outcome = v1::DeclarationStatus_Name(decision->status()) + " " + ToJsonLine(*decision);
  } else {
    outcome = "applied";
  }
  std::fprintf(stderr, "%s\n  -> %s\n", ToJsonLine(event).c_str(), outcome.c_str());
}

void Run(const uint8_t* data, size_t size) {
  static const Engine* const engine = new Engine(EngineOptions{});
  const ApplyContext context{.now = "2025-06-02T08:15:00.004Z"};
  MemoryState state;
  std::set<std::string> licence_ids;
  EventSequenceGenerator generator(data, size);
  int index = 0;
  while (std::optional<v1::Event> event = generator.Next()) {
    ++index;
    // Every door admits only what passes the codec's structural check.
    if (!CheckEventStructure(*event).ok()) continue;
    absl::StatusOr<LedgerEffects> effects = engine->Apply(*event, state, context);
    Trace(*event, effects);
    if (!effects.ok()) {
      CheckRefusal(index, *event, effects.status());
      continue;
    }
    if (event->has_declaration()) CheckDeclarationEffects(index, *event, *effects);
    const bool recorded = effects->declaration_put.has_value() && !effects->duplicate;
    for (const v1::Licence& licence : effects->licence_puts) {
      licence_ids.insert(licence.licence_id());
    }
    state.Apply(*effects);
    if (absl::Status invariant = CheckMemoryState(state, licence_ids); !invariant.ok()) {
      Violated(index, *event, "gkctl verify: " + std::string(invariant.message()));
    }
    if (event->has_declaration() && recorded) {
      absl::StatusOr<LedgerEffects> again = engine->Apply(*event, state, context);
      if (!again.ok() || !again->duplicate || !again->outputs.empty()) {
        Violated(index, *event,
                 "the same declaration sent again is a duplicate with no output: " +
                     (again.ok() ? std::string("applied anew") : again.status().ToString()));
      }
    }
  }
}

}  // namespace
}  // namespace gatekeeper::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gatekeeper::fuzz::Run(data, size);
  return 0;
}
