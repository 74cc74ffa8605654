// gk-pg-baseline: the usual alternative to gatekeeper, on PostgreSQL, for the benchmark of
// docs/BENCHMARKS.md. Starts nothing itself: connects to a running server, creates its
// schema, applies an Event file (JSON lines, the `gkctl replay` format, or a binary event
// file) one transaction per event with the real engine deciding (pg_baseline_runner.h), and
// prints the throughput.
//
//   gk-pg-baseline --conninfo "host=127.0.0.1 port=5433 dbname=gk user=gk" \
//       --connections 4 --reset --dump-balances balances.txt events.jsonl
//
// Exit status: 0 when every line was applied (or was a duplicate), 2 when some lines were
// not valid Events or were refused by the engine (as `gkctl replay`), 1 on any other error.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "tools/bench/balance_lines.h"
#include "tools/bench/pg_baseline_runner.h"

namespace gatekeeper::bench {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

constexpr char kUsage[] =
    "usage: gk-pg-baseline --conninfo CONNINFO [--connections N] [--phases C:N,...] [--reset]\n"
    "                      [--threshold T] [--dump-balances FILE] [--dump-statuses FILE] FILE\n"
    "\n"
    "Applies the Events of FILE (JSON lines or a binary event file) to PostgreSQL the way a\n"
    "typical team would (one transaction per event, SELECT ... FOR UPDATE on the licence\n"
    "lines, UPDATE / INSERT,\n"
    "synchronous_commit on), deciding each with gatekeeper's engine, and prints the\n"
    "throughput.\n"
    "\n"
    "  --conninfo CONNINFO   libpq connection string (required)\n"
    "  --connections N       connections, customs events partitioned by exporter EORI\n"
    "                        (default 1, at most 64)\n"
    "  --phases C:N,...      apply the customs events in phases: N events with C\n"
    "                        connections each (N = 0: the rest), C at most --connections;\n"
    "                        one PHASE line each (throughput, transaction latency)\n"
    "  --reset               drop the baseline's tables first\n"
    "  --threshold T         screening threshold, as gkctl replay --threshold\n"
    "  --dump-balances FILE  afterwards, write every licence line's balances to FILE:\n"
    "                        licence_id line_no consumed_milli reserved_milli remaining_milli\n"
    "                        consumed_cents reserved_cents remaining_cents (sorted)\n"
    "  --dump-statuses FILE  afterwards, write \"MRN STATUS\" of every declaration, by MRN\n";

struct Flags {
  BaselineOptions options;
  std::string events_path;
  std::string balances_path;
  std::string statuses_path;
};

int Usage(const std::string& problem) {
  std::fprintf(stderr, "gk-pg-baseline: %s\n%s", problem.c_str(), kUsage);
  return kExitFailure;
}

// Parses the command line; returns the exit status to stop with, or -1 to go on.
int ParseFlags(int argc, char** argv, Flags* flags) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool have_conninfo = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    std::string text;
    if (arg == "--help" || arg == "-h") {
      std::printf("%s", kUsage);
      return kExitOk;
    } else if (arg == "--conninfo") {
      if (!value(&flags->options.conninfo)) return Usage("--conninfo needs a value");
      have_conninfo = true;
    } else if (arg == "--connections") {
      if (!value(&text) || !absl::SimpleAtoi(text, &flags->options.connections) ||
          flags->options.connections < 1 || flags->options.connections > kMaxConnections) {
        return Usage(absl::StrCat("--connections needs a number in 1..", kMaxConnections));
      }
    } else if (arg == "--phases") {
      if (!value(&text)) return Usage("--phases needs C:N,...");
      for (absl::string_view item : absl::StrSplit(text, ',')) {
        std::pair<std::string, std::string> parts = absl::StrSplit(item, ':');
        Phase phase;
        if (!absl::SimpleAtoi(parts.first, &phase.connections) ||
            !absl::SimpleAtoi(parts.second, &phase.customs_events) || phase.connections < 1) {
          return Usage(absl::StrCat("--phases: \"", std::string(item), "\" is not C:N"));
        }
        flags->options.phases.push_back(phase);
      }
    } else if (arg == "--threshold") {
      if (!value(&text) || !absl::SimpleAtod(text, &flags->options.screening_threshold) ||
          !(flags->options.screening_threshold > 0 && flags->options.screening_threshold <= 1)) {
        return Usage("--threshold needs a number in (0, 1]");
      }
    } else if (arg == "--reset") {
      flags->options.reset = true;
    } else if (arg == "--dump-balances") {
      if (!value(&flags->balances_path)) return Usage("--dump-balances needs a FILE");
    } else if (arg == "--dump-statuses") {
      if (!value(&flags->statuses_path)) return Usage("--dump-statuses needs a FILE");
    } else if (!arg.empty() && arg[0] == '-') {
      return Usage(absl::StrCat("unknown flag ", arg));
    } else if (flags->events_path.empty()) {
      flags->events_path = arg;
    } else {
      return Usage(absl::StrCat("unexpected argument ", arg));
    }
  }
  if (!have_conninfo) return Usage("--conninfo is required");
  if (flags->events_path.empty()) return Usage("the events FILE is required");
  return -1;
}

bool WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  out.close();
  if (!out) std::fprintf(stderr, "gk-pg-baseline: cannot write %s\n", path.c_str());
  return static_cast<bool>(out);
}

int Main(int argc, char** argv) {
  Flags flags;
  if (int stop = ParseFlags(argc, argv, &flags); stop >= 0) return stop;

  absl::StatusOr<EventStream> stream = ReadEventFile(flags.events_path);
  if (!stream.ok()) {
    std::fprintf(stderr, "gk-pg-baseline: %s\n", std::string(stream.status().message()).c_str());
    return kExitFailure;
  }
  for (const std::string& error : stream->errors) {
    std::fprintf(stderr, "gk-pg-baseline: %s\n", error.c_str());
  }
  absl::StatusOr<BaselineCounts> counts = RunBaseline(flags.options, *stream);
  if (!counts.ok()) {
    std::fprintf(stderr, "gk-pg-baseline: %s\n", std::string(counts.status().message()).c_str());
    return kExitFailure;
  }
  const double per_second =
      counts->customs_seconds > 0 ? counts->declarations / counts->customs_seconds : 0;
  std::printf("%s",
              absl::StrFormat(
                  "gk-pg-baseline: %d connections; %d events (%d declarations): %d applied, "
                  "%d duplicates, %d refused, %d not valid Events; %d deadlock retries; "
                  "%.2f s (authority events %.2f s, customs events %.2f s), "
                  "%.1f declarations/s\n",
                  flags.options.connections, stream->lines, counts->declarations, counts->applied,
                  counts->duplicates, counts->refused, stream->undecodable, counts->retries,
                  counts->seconds, counts->authority_seconds, counts->customs_seconds, per_second)
                  .c_str());
  for (const PhaseResult& phase : counts->phases) {
    std::printf("%s", absl::StrFormat("PHASE connections=%d declarations=%d seconds=%.3f "
                                      "declarations_per_s=%.1f p50_ms=%.2f p99_ms=%.2f "
                                      "p999_ms=%.2f\n",
                                      phase.connections, phase.declarations, phase.seconds,
                                      phase.seconds > 0 ? phase.declarations / phase.seconds : 0,
                                      phase.p50_ms, phase.p99_ms, phase.p999_ms)
                          .c_str());
  }
  std::printf("%s", absl::StrFormat("RESULT connections=%d declarations=%d seconds=%.3f "
                                    "authority_seconds=%.3f customs_seconds=%.3f "
                                    "declarations_per_s=%.1f retries=%d\n",
                                    flags.options.connections, counts->declarations,
                                    counts->seconds, counts->authority_seconds,
                                    counts->customs_seconds, per_second, counts->retries)
                        .c_str());
  std::fflush(stdout);

  if (!flags.balances_path.empty()) {
    absl::StatusOr<std::vector<internal::LineLedger>> lines = ReadAllLines(flags.options.conninfo);
    if (!lines.ok()) {
      std::fprintf(stderr, "gk-pg-baseline: %s\n", std::string(lines.status().message()).c_str());
      return kExitFailure;
    }
    if (!WriteFile(flags.balances_path, FormatBalances(std::move(*lines)))) return kExitFailure;
  }
  if (!flags.statuses_path.empty()) {
    absl::StatusOr<std::vector<std::pair<std::string, std::string>>> statuses =
        ReadDeclarationStatuses(flags.options.conninfo);
    if (!statuses.ok()) {
      std::fprintf(stderr, "gk-pg-baseline: %s\n",
                   std::string(statuses.status().message()).c_str());
      return kExitFailure;
    }
    std::string text;
    for (const auto& [mrn, status] : *statuses) absl::StrAppend(&text, mrn, " ", status, "\n");
    if (!WriteFile(flags.statuses_path, text)) return kExitFailure;
  }
  return stream->undecodable > 0 || counts->refused > 0 ? kExitBadInput : kExitOk;
}

}  // namespace
}  // namespace gatekeeper::bench

int main(int argc, char** argv) { return gatekeeper::bench::Main(argc, argv); }
