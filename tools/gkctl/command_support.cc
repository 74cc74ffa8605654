#include <iostream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tools/gkctl/commands.h"

namespace gatekeeper::gkctl {

const char kUsage[] =
    R"(usage: gkctl COMMAND [FLAGS] [ARGUMENTS]

The file door of gatekeeper: apply events from JSON-lines files, inspect the store.

  gkctl replay --data-dir DIR [--batch-events N] [--from-start] [--threshold T] [FILE]
      Applies JSON-lines events (one gatekeeper.v1.Event a line) from FILE, or from
      standard input when FILE is absent or "-", in order, and prints every decision
      they produce, one JSON object a line, on standard output once it is committed.
      A line that is not a valid event, or that the engine refuses, is reported on
      standard error as "line N: ..." and skipped. A malformed declaration is not
      skipped: it is decided REJECTED (its "error" says why) and printed like any
      decision. Blank lines are skipped. A summary ends on stderr.
      Resuming: reading FILE, the line number of each applied line is committed with
      its effects. Started again with the same FILE (after a crash, a kill or ^C), the
      replay resumes after the last committed line ("resuming FILE after line N").
      --from-start   apply every line of FILE again (already decided declarations are
                     duplicates: they change nothing and print nothing)
      --batch-events N   events per synced commit (group commit), 1..100000, default 512
      --threshold T      listed-party name-match score in (0, 1] at or above which a
                         consignee or end user is a hit (default 0.90)

  gkctl licence show --data-dir DIR ID
      The licence and, per line, authorised, consumed, reserved and remaining quantity
      (and the same with ValueEur for value caps), as one JSON object.

  gkctl decision show --data-dir DIR MRN
      The current decision of a declaration, as one JSON object.

  gkctl verify --data-dir DIR
      Checks the ledger invariant over the whole store: for every licence line,
      authorised = remaining + consumed + reserved, within tolerance, and consumed and
      reserved equal what the declarations' attributions hold.

  gkctl stats --data-dir DIR
      Record counts per column family.
)"
#ifdef GK_HAVE_PARTIES_CLI
    R"(
  gkctl parties ...
      Listed parties: import, list and screen (see "gkctl parties --help").
)"
#endif
    R"(
Exit status: 0 done; 1 not found, verification failed, or the input or the store
could not be read or written; 2 replay skipped bad lines (every good line was
applied); 64 usage error; 130 / 143 replay stopped by SIGINT / SIGTERM after
committing what it had read. Details and examples: docs/FILES.md.
)";

int UsageError(absl::string_view command, absl::string_view problem) {
  std::cerr << "gkctl" << (command.empty() ? "" : " ") << command << ": " << problem << "\n\n"
            << kUsage;
  return kExitUsage;
}

int Failure(absl::string_view command, absl::string_view problem) {
  std::cerr << "gkctl " << command << ": " << problem << "\n";
  return kExitFailure;
}

absl::StatusOr<CommandLine> ParseStoreCommand(const std::vector<std::string>& args,
                                              std::vector<FlagSpec> extra, int positional_count,
                                              absl::string_view positional_name) {
  extra.push_back({"data-dir", true});
  absl::StatusOr<CommandLine> line = CommandLine::Parse(args, extra);
  if (!line.ok()) return line.status();
  if (!line->Value("data-dir").has_value() || line->Value("data-dir")->empty()) {
    return absl::InvalidArgumentError("--data-dir DIR is required");
  }
  const int given = static_cast<int>(line->positional().size());
  if (given < positional_count) {
    return absl::InvalidArgumentError(absl::StrCat("missing ", positional_name));
  }
  if (given > positional_count) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument \"", line->positional()[positional_count], "\""));
  }
  return line;
}

absl::StatusOr<std::unique_ptr<storage::Store>> OpenStore(const CommandLine& line,
                                                          bool create_if_missing) {
  storage::StoreOptions options;
  options.data_dir = *line.Value("data-dir");
  options.create_if_missing = create_if_missing;
  return storage::Store::Open(options);
}

}  // namespace gatekeeper::gkctl
