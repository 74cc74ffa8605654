// gk-loadgen generate [--declarations N] [--exporters N] [--seed S]
// [--duplicate-share F]
//                     [--amendment-share F] [--invalidation-share F]
//                     [--first-mrn N]
// Writes the synthetic workload (tools/loadgen/synthetic_events.h) as JSON
// lines on stdout, licensing events first: the input `gkctl replay` takes.
#include <iostream>

#include "services/codec/event_codec.h"
#include "tools/loadgen/commands.h"

namespace gatekeeper::loadgen {

absl::StatusOr<SyntheticOptions> SyntheticOptionsFromFlags(
    CommandFlags& flags) {
  SyntheticOptions options;
  absl::StatusOr<int64_t> declarations =
      flags.Int("declarations", options.declarations);
  absl::StatusOr<int64_t> exporters = flags.Int("exporters", options.exporters);
  absl::StatusOr<int64_t> seed =
      flags.Int("seed", static_cast<int64_t>(options.seed));
  absl::StatusOr<int64_t> first_mrn =
      flags.Int("first-mrn", static_cast<int64_t>(options.first_mrn));
  absl::StatusOr<double> duplicates =
      flags.Double("duplicate-share", options.duplicate_share);
  absl::StatusOr<double> amendments =
      flags.Double("amendment-share", options.amendment_share);
  absl::StatusOr<double> invalidations =
      flags.Double("invalidation-share", options.invalidation_share);
  for (const absl::Status& status :
       {declarations.status(), exporters.status(), seed.status(),
        first_mrn.status(), duplicates.status(), amendments.status(),
        invalidations.status()}) {
    if (!status.ok()) return status;
  }
  if (*declarations < 1 || *exporters < 1 || *first_mrn < 1) {
    return absl::InvalidArgumentError(
        "--declarations, --exporters and --first-mrn must be at least 1");
  }
  options.declarations = static_cast<int>(*declarations);
  options.exporters = static_cast<int>(*exporters);
  options.seed = static_cast<uint64_t>(*seed);
  options.first_mrn = static_cast<uint64_t>(*first_mrn);
  options.duplicate_share = *duplicates;
  options.amendment_share = *amendments;
  options.invalidation_share = *invalidations;
  return options;
}

int RunGenerate(CommandFlags& flags) {
  absl::StatusOr<SyntheticOptions> options = SyntheticOptionsFromFlags(flags);
  absl::Status used = flags.CheckAllUsed();
  if (!options.ok() || !used.ok()) {
    std::cerr << "gk-loadgen generate: "
              << (options.ok() ? used.message() : options.status().message())
              << "\n";
    return 64;
  }
  SyntheticEvents events = GenerateSyntheticEvents(*options);
  for (const auto* list : {&events.licensing, &events.customs}) {
    for (const v1::Event& event : *list) {
      std::string line = ToJsonLine(event);
      while (!line.empty() && line.back() == '\n') line.pop_back();
      std::cout << line << '\n';
    }
  }
  return std::cout.good() ? 0 : 1;
}

}  // namespace gatekeeper::loadgen
