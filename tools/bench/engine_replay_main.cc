// gk-engine-replay: the engine alone on a JSON-lines Event file, in memory (MemoryState, no
// disk, no database): the ceiling the durable doors are measured against in tools/bench/run,
// on the same workload as `gkctl replay` and gk-pg-baseline. Decoding is done before the
// clock starts; the time covers Engine::Apply and MemoryState::Apply of every event.
//
//   gk-engine-replay [--repeat N] [--dump-balances FILE] FILE
//
// --repeat N applies the file N times, each to a fresh MemoryState, and reports the best
// run (a short file is over too quickly to time once).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/engine/engine.h"
#include "services/engine/memory_state.h"
#include "tools/bench/balance_lines.h"
#include "tools/bench/event_file.h"

namespace gatekeeper::bench {
namespace {

constexpr char kUsage[] = "usage: gk-engine-replay [--repeat N] [--dump-balances FILE] FILE\n";
constexpr int kMaxRepeat = 100;
// decidedAt only; nothing is decided on it.
constexpr char kNow[] = "2026-11-22T00:00:00.000Z";

int Main(int argc, char** argv) {
  std::string path;
  std::string balances_path;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      if (!absl::SimpleAtoi(argv[++i], &repeat) || repeat < 1 || repeat > kMaxRepeat) {
        std::fprintf(stderr, "gk-engine-replay: --repeat needs 1..%d\n", kMaxRepeat);
        return 1;
      }
    } else if (arg == "--dump-balances" && i + 1 < argc) {
      balances_path = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::printf("%s", kUsage);
      return 0;
    } else if (path.empty() && !arg.empty() && arg[0] != '-') {
      path = arg;
    } else {
      std::fprintf(stderr, "gk-engine-replay: unexpected argument %s\n%s", arg.c_str(), kUsage);
      return 1;
    }
  }
  if (path.empty()) {
    std::fprintf(stderr, "%s", kUsage);
    return 1;
  }
  absl::StatusOr<EventStream> stream = ReadEventFile(path);
  if (!stream.ok()) {
    std::fprintf(stderr, "gk-engine-replay: %s\n", std::string(stream.status().message()).c_str());
    return 1;
  }
  uint64_t declarations = 0;
  for (const v1::Event& event : stream->events) declarations += event.has_declaration();

  const Engine engine(EngineOptions{});
  double best_seconds = 0;
  uint64_t refused = 0;
  std::string balances;
  for (int run = 0; run < repeat; ++run) {
    MemoryState state;
    refused = 0;
    const absl::Time started = absl::Now();
    for (const v1::Event& event : stream->events) {
      absl::StatusOr<LedgerEffects> effects = engine.Apply(event, state, {.now = kNow});
      if (!effects.ok()) {
        ++refused;
        continue;
      }
      state.Apply(*effects);
    }
    const double seconds = absl::ToDoubleSeconds(absl::Now() - started);
    best_seconds = run == 0 ? seconds : std::min(best_seconds, seconds);
    if (run == 0 && !balances_path.empty()) {
      std::vector<internal::LineLedger> lines;
      for (const auto& [key, line] : state.lines()) lines.push_back(line);
      balances = FormatBalances(std::move(lines));
    }
  }
  const double per_second = best_seconds > 0 ? declarations / best_seconds : 0;
  std::printf("%s", absl::StrFormat("gk-engine-replay: %d events (%d declarations), %d refused; "
                                    "best of %d: %.3f s, %.0f declarations/s\n",
                                    stream->events.size(), declarations, refused, repeat,
                                    best_seconds, per_second)
                        .c_str());
  std::printf("%s", absl::StrFormat("RESULT declarations=%d seconds=%.4f declarations_per_s=%.1f\n",
                                    declarations, best_seconds, per_second)
                        .c_str());
  if (!balances_path.empty()) {
    std::ofstream out(balances_path, std::ios::binary | std::ios::trunc);
    out << balances;
    out.close();
    if (!out) {
      std::fprintf(stderr, "gk-engine-replay: cannot write %s\n", balances_path.c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace gatekeeper::bench

int main(int argc, char** argv) { return gatekeeper::bench::Main(argc, argv); }
