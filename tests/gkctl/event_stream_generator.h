// A deterministic stream of many events for the crash test: licences and a
// licence-requirement rule, then declarations (clear, held for a missing or
// unknown licence, or held for an exhausted balance), amendments, duplicates,
// invalidations, dispositions, licence replacements and status changes, and a
// few bad lines. The same seed gives the same lines.
#ifndef GATEKEEPER_TESTS_GKCTL_EVENT_STREAM_GENERATOR_H_
#define GATEKEEPER_TESTS_GKCTL_EVENT_STREAM_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

namespace gatekeeper::testing {

struct EventStream {
  std::vector<std::string> lines;
  std::vector<std::string> licence_ids;
  // Every MRN a declaration line names.
  std::vector<std::string> mrns;
};

EventStream GenerateEventStream(int line_count, uint64_t seed);

}  // namespace gatekeeper::testing

#endif  // GATEKEEPER_TESTS_GKCTL_EVENT_STREAM_GENERATOR_H_
