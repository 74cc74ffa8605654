// A realistic, deterministic stream of contract Events for the demo and the tests: first
// the licensing events (listed parties, rules, licences of every type, a suspension and a
// revocation), then a year (2025) of customs events: export declarations, most of them
// ordinary goods that clear, some written off against licences until a few licences run
// out, a few percent held for every kind of reason, and the follow-ups customs systems and
// officers send (amendments, exact resends, invalidations, releases and refusals of held
// declarations).
//
// The same options always give the same events, byte for byte. What each customs event
// must produce is worked out alongside (ExpectationModel), so a test can compare the real
// engine with it declaration by declaration. docs/DEMO.md describes the proportions and
// why they are what they are.
//
//   absl::StatusOr<Sample> sample = GenerateSample({.seed = 7, .declarations = 20000});
//   for (const v1::Event& event : sample->licensing) std::cout << EventJson(event) << "\n";
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_GENERATOR_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gatekeeper/v1/event.pb.h"
#include "tools/samplegen/expectation_model.h"

namespace gatekeeper::samplegen {

// Bounds of the options: below the minimum licence count not every licence type and
// reason fits; the maxima keep a sample within memory and the MRN space.
inline constexpr int kMinLicences = 16;
inline constexpr int kMaxLicences = 20000;
inline constexpr int kMaxDeclarations = 5000000;

struct SampleOptions {
  uint64_t seed = 1;
  // Declarations lodged (first versions); amendments, resends, invalidations and
  // dispositions come on top.
  int declarations = 20000;
  // Licences of every type: one EU001, one national general, one transit, a few global,
  // the rest individual.
  int licences = 300;
};

// What one customs event is in the sample for, and what it must produce.
struct CustomsExpectation {
  // Why the event is there: "ordinary", "embargo", "licence-exhausting", "resend", ...
  std::string scenario;
  std::string mrn;
  // For a declaration: its decision (duplicate = no output at all). For an invalidation or a
  // disposition: the status it leads to (no item reasons).
  ExpectedDecision decision;
};

struct Sample {
  std::vector<v1::Event> licensing;
  // In time order; lodgedAt strictly increases from one declaration to the next.
  std::vector<v1::Event> customs;
  // One per customs event.
  std::vector<CustomsExpectation> expectations;
  // Licences with a capped line at or below zero remaining after the whole stream.
  std::vector<std::string> exhausted_licences;
};

// InvalidArgument when an option is out of bounds.
absl::StatusOr<Sample> GenerateSample(const SampleOptions& options);

// One event as one line of JSON (proto3 JSON mapping, lowerCamelCase, fields left at
// their default omitted), without the newline.
std::string EventJson(const v1::Event& event);

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_GENERATOR_H_
