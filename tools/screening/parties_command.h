// `gkctl parties`: import published sanctions lists as JSON-lines Events, list and screen
// parties. The usage text (kPartiesUsage, printed by `gkctl parties --help`) is the
// reference; docs/SCREENING.md has examples.
//
//   gkctl parties import --format ofac-sdn sdn.csv alt.csv > ofac.jsonl
//   gkctl parties import --format ofac-sdn --previous ofac.jsonl sdn.csv alt.csv > delta.jsonl
//   gkctl parties import --format ofac-sdn --data-dir /var/lib/gk sdn.csv alt.csv > delta.jsonl
//   gkctl parties import --format un-xml consolidated.xml > un.jsonl
//   gkctl parties list ofac.jsonl
//   gkctl parties screen --name "Bank Melli Iran" ofac.jsonl un.jsonl
#ifndef GATEKEEPER_TOOLS_SCREENING_PARTIES_COMMAND_H_
#define GATEKEEPER_TOOLS_SCREENING_PARTIES_COMMAND_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace gatekeeper::screening {

// Exit statuses, the same as gkctl's.
inline constexpr int kPartiesExitOk = 0;
inline constexpr int kPartiesExitFailure = 1;
inline constexpr int kPartiesExitUsage = 64;

extern const char kPartiesUsage[];

// Runs `parties ARGS...` (args excludes the word "parties"), reading standard input from
// `in`, writing results to `out` and problems to `err`. Returns the exit status. Nothing is
// written to `out` when an input cannot be read or parsed.
int RunParties(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
               std::ostream& err);

}  // namespace gatekeeper::screening

// gkctl's entry point, called as RunPartiesCommand(argc - 1, argv + 1): argv[0] is
// "parties". Uses the process's standard streams; returns the exit status. At global scope
// because gkctl's main calls it unqualified.
int RunPartiesCommand(int argc, char** argv);

#endif  // GATEKEEPER_TOOLS_SCREENING_PARTIES_COMMAND_H_
