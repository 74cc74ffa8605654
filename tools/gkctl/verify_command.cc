// gkctl verify: the ledger invariant of contract §4 over the whole committed
// store.
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/gkctl/commands.h"

namespace gatekeeper::gkctl {

int RunVerifyCommand(const std::vector<std::string>& args) {
  constexpr char kCommand[] = "verify";
  absl::StatusOr<CommandLine> line = ParseStoreCommand(args, {}, 0, "");
  if (!line.ok()) return UsageError(kCommand, line.status().message());
  absl::StatusOr<std::unique_ptr<storage::Store>> store = OpenStore(*line, false);
  if (!store.ok()) return Failure(kCommand, store.status().message());
  if (absl::Status verified = (*store)->Verify(); !verified.ok()) {
    return Failure(kCommand, verified.message());
  }
  absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> counts = (*store)->CountRecords();
  if (!counts.ok()) return Failure(kCommand, counts.status().message());
  std::cout << "verified: the ledger invariant holds ("
            << absl::StrJoin(*counts, ", ",
                             [](std::string* out, const std::pair<std::string, uint64_t>& count) {
                               absl::StrAppend(out, count.first, " ", count.second);
                             })
            << ")" << std::endl;
  return kExitOk;
}

}  // namespace gatekeeper::gkctl
