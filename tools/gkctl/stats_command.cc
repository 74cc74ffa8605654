// gkctl stats: how many records each column family holds.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/gkctl/commands.h"

namespace gatekeeper::gkctl {

int RunStatsCommand(const std::vector<std::string>& args) {
  constexpr char kCommand[] = "stats";
  absl::StatusOr<CommandLine> line = ParseStoreCommand(args, {}, 0, "");
  if (!line.ok()) return UsageError(kCommand, line.status().message());
  absl::StatusOr<std::unique_ptr<storage::Store>> store = OpenStore(*line, false);
  if (!store.ok()) return Failure(kCommand, store.status().message());
  absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> counts = (*store)->CountRecords();
  if (!counts.ok()) return Failure(kCommand, counts.status().message());
  for (const auto& [family, records] : *counts) {
    std::printf("%-20s %12llu\n", family.c_str(), static_cast<unsigned long long>(records));
  }
  return kExitOk;
}

}  // namespace gatekeeper::gkctl
