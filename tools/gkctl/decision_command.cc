// gkctl decision show: the current decision of one declaration.
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/codec/event_codec.h"
#include "tools/gkctl/commands.h"

namespace gatekeeper::gkctl {

int RunDecisionShowCommand(const std::vector<std::string>& args) {
  constexpr char kCommand[] = "decision show";
  absl::StatusOr<CommandLine> line = ParseStoreCommand(args, {}, 1, "the MRN");
  if (!line.ok()) return UsageError(kCommand, line.status().message());
  absl::StatusOr<std::unique_ptr<storage::Store>> store = OpenStore(*line, false);
  if (!store.ok()) return Failure(kCommand, store.status().message());
  absl::StatusOr<v1::Decision> decision = (*store)->GetDecision(line->positional()[0]);
  if (!decision.ok()) return Failure(kCommand, decision.status().message());
  std::cout << ToJsonLine(*decision) << std::endl;
  return kExitOk;
}

}  // namespace gatekeeper::gkctl
