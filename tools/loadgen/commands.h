// The subcommands of gk-loadgen, one file each. Each returns the process exit
// status.
#ifndef GATEKEEPER_TOOLS_LOADGEN_COMMANDS_H_
#define GATEKEEPER_TOOLS_LOADGEN_COMMANDS_H_

#include "absl/status/statusor.h"
#include "tools/loadgen/command_flags.h"
#include "tools/loadgen/synthetic_events.h"

namespace gatekeeper::loadgen {

// --declarations N --exporters N --seed S --duplicate-share F --amendment-share
// F
// --invalidation-share F --first-mrn N, with SyntheticOptions' defaults.
absl::StatusOr<SyntheticOptions> SyntheticOptionsFromFlags(CommandFlags& flags);

// Writes a synthetic workload as JSON lines (licensing events first).
int RunGenerate(CommandFlags& flags);
// Publishes events (a JSON-lines file or a synthetic workload): licensing
// first, then, once the daemon's group has consumed them, the customs events.
int RunPublish(CommandFlags& flags);
// Shows decisions as they arrive (rate, cleared/held so far, lag) and a final
// summary.
int RunWatch(CommandFlags& flags);
// Offers declarations at a fixed rate and measures publish-to-decision latency.
int RunBench(CommandFlags& flags);
// Reads a topic from the beginning as fast as librdkafka delivers it (the input ceiling).
int RunDrain(CommandFlags& flags);

}  // namespace gatekeeper::loadgen

#endif  // GATEKEEPER_TOOLS_LOADGEN_COMMANDS_H_
