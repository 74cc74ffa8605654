// gk-balance-dump: every licence line's balances in a gatekeeper store, in the format of
// balance_lines.h, so that a `gkctl replay` can be compared line for line with the
// PostgreSQL baseline (`gk-pg-baseline --dump-balances`). Opens the store read-only in
// effect (nothing is staged); the store must not be open in another process.
//
//   gk-balance-dump --data-dir DIR [--output FILE]
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "storage/store.h"
#include "tools/bench/balance_lines.h"

namespace gatekeeper::bench {
namespace {

constexpr char kUsage[] = "usage: gk-balance-dump --data-dir DIR [--output FILE]\n";

int Main(int argc, char** argv) {
  std::string data_dir;
  std::string output;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--data-dir" || arg == "--output") && i + 1 < argc) {
      (arg == "--data-dir" ? data_dir : output) = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::printf("%s", kUsage);
      return 0;
    } else {
      std::fprintf(stderr, "gk-balance-dump: unexpected argument %s\n%s", arg.c_str(), kUsage);
      return 1;
    }
  }
  if (data_dir.empty()) {
    std::fprintf(stderr, "gk-balance-dump: --data-dir is required\n%s", kUsage);
    return 1;
  }
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::Store::Open({.data_dir = data_dir, .sync = true, .create_if_missing = false});
  if (!store.ok()) {
    std::fprintf(stderr, "gk-balance-dump: %s\n", std::string(store.status().message()).c_str());
    return 1;
  }
  std::vector<std::string> licence_ids;
  if (absl::Status listed = (*store)->ForEachLicenceView(
          [&](const v1::LicenceView& view) { licence_ids.push_back(view.licence().licence_id()); });
      !listed.ok()) {
    std::fprintf(stderr, "gk-balance-dump: %s\n", std::string(listed.message()).c_str());
    return 1;
  }
  std::vector<internal::LineLedger> lines;
  for (const std::string& id : licence_ids) {
    for (internal::LineLedger& line : (*store)->LinesOf(id)) lines.push_back(std::move(line));
  }
  const std::string text = FormatBalances(std::move(lines));
  if (output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "gk-balance-dump: cannot write %s\n", output.c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace gatekeeper::bench

int main(int argc, char** argv) { return gatekeeper::bench::Main(argc, argv); }
