// gk-samplegen: writes the demo sample, a JSON-lines stream of contract Events (one
// gatekeeper.v1.Event a line), deterministic from --seed. See docs/DEMO.md.
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/codec/binary_event_file.h"
#include "tools/gkctl/command_line.h"
#include "tools/samplegen/sample_generator.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 64;

constexpr char kUsage[] =
    R"(usage: gk-samplegen [--seed N] [--declarations N] [--licences M]
                    [--licensing-only | --declarations-only] [--output FILE]
                    [--binary-output FILE]

Writes a realistic sample of gatekeeper events, one JSON gatekeeper.v1.Event a line:
first the licensing events (listed parties, rules, licences), then a year of customs
events (declarations, amendments, resends, invalidations, officer dispositions).
The same options always give the same bytes.

  --seed N             random seed (default 1)
  --declarations N     declarations lodged, not counting amendments and resends
                       (default 20000)
  --licences M         licences of every type, at least 16 (default 300)
  --licensing-only     only the licensing events (publish these first)
  --declarations-only  only the customs events
  --output FILE        write to FILE instead of standard output
  --binary-output FILE also write the same events, in the same order, to FILE as a
                       binary event file (services/codec/binary_event_file.h)
A summary of what the sample contains ends on standard error.
)";

int Usage(const std::string& problem) {
  std::fprintf(stderr, "gk-samplegen: %s\n%s", problem.c_str(), kUsage);
  return kExitUsage;
}

std::string StatusName(gatekeeper::v1::DeclarationStatus status) {
  return gatekeeper::v1::DeclarationStatus_Name(status);
}

}  // namespace

int main(int argc, char** argv) {
  namespace samplegen = ::gatekeeper::samplegen;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
  }
  absl::StatusOr<gatekeeper::gkctl::CommandLine> line =
      gatekeeper::gkctl::CommandLine::Parse(args, {{"seed", true},
                                                   {"declarations", true},
                                                   {"licences", true},
                                                   {"licensing-only", false},
                                                   {"declarations-only", false},
                                                   {"output", true},
                                                   {"binary-output", true}});
  if (!line.ok()) return Usage(std::string(line.status().message()));
  if (!line->positional().empty()) {
    return Usage(absl::StrCat("unexpected argument \"", line->positional()[0], "\""));
  }
  if (line->Has("licensing-only") && line->Has("declarations-only")) {
    return Usage("--licensing-only and --declarations-only exclude each other");
  }
  absl::StatusOr<int64_t> seed = line->IntValue("seed", 1, 0, INT64_MAX);
  absl::StatusOr<int64_t> declarations =
      line->IntValue("declarations", 20000, 0, samplegen::kMaxDeclarations);
  absl::StatusOr<int64_t> licences =
      line->IntValue("licences", 300, samplegen::kMinLicences, samplegen::kMaxLicences);
  for (const auto* value : {&seed, &declarations, &licences}) {
    if (!value->ok()) return Usage(std::string(value->status().message()));
  }

  absl::StatusOr<samplegen::Sample> sample =
      samplegen::GenerateSample({.seed = static_cast<uint64_t>(*seed),
                                 .declarations = static_cast<int>(*declarations),
                                 .licences = static_cast<int>(*licences)});
  if (!sample.ok()) return Usage(std::string(sample.status().message()));

  FILE* out = stdout;
  const std::optional<std::string> output = line->Value("output");
  if (output.has_value() && *output != "-") {
    out = std::fopen(output->c_str(), "w");
    if (out == nullptr) {
      std::perror(absl::StrCat("gk-samplegen: cannot write ", *output).c_str());
      return kExitFailure;
    }
  }
  std::ofstream binary_out;
  const std::optional<std::string> binary_output = line->Value("binary-output");
  if (binary_output.has_value()) {
    binary_out.open(*binary_output, std::ios::binary | std::ios::trunc);
    if (!binary_out) {
      std::perror(absl::StrCat("gk-samplegen: cannot write ", *binary_output).c_str());
      return kExitFailure;
    }
    gatekeeper::WriteBinaryEventFileHeader(binary_out);
  }
  std::string text;
  bool binary_ok = true;
  auto write = [&](const gatekeeper::v1::Event& event) {
    if (binary_out.is_open()) binary_ok &= gatekeeper::AppendBinaryEvent(binary_out, event).ok();
    absl::StrAppend(&text, samplegen::EventJson(event), "\n");
    if (text.size() > (1 << 20)) {
      std::fwrite(text.data(), 1, text.size(), out);
      text.clear();
    }
  };
  if (!line->Has("declarations-only")) {
    for (const auto& event : sample->licensing) write(event);
  }
  if (!line->Has("licensing-only")) {
    for (const auto& event : sample->customs) write(event);
  }
  std::fwrite(text.data(), 1, text.size(), out);
  if (std::fflush(out) != 0 || std::ferror(out) || (out != stdout && std::fclose(out) != 0)) {
    std::perror("gk-samplegen: write failed");
    return kExitFailure;
  }
  if (binary_out.is_open()) {
    binary_out.close();
    if (!binary_ok || !binary_out) {
      std::fprintf(stderr, "gk-samplegen: writing %s failed\n", binary_output->c_str());
      return kExitFailure;
    }
  }

  // What the engine is expected to make of it.
  std::map<std::string, int> outcomes;
  int lodged = 0;
  for (size_t i = 0; i < sample->customs.size(); ++i) {
    const samplegen::CustomsExpectation& expectation = sample->expectations[i];
    if (expectation.decision.duplicate) {
      ++outcomes["resent (no output)"];
      continue;
    }
    if (sample->customs[i].has_declaration() && sample->customs[i].declaration().version() == 1) {
      ++lodged;
    }
    ++outcomes[StatusName(expectation.decision.status)];
  }
  std::string summary;
  for (const auto& [name, count] : outcomes) {
    absl::StrAppend(&summary, summary.empty() ? "" : ", ", count, " ", name);
  }
  std::fprintf(stderr,
               "gk-samplegen: seed %llu: %zu licensing events, %zu customs events (%d "
               "declarations lodged); expected decisions: %s; %zu licences run out\n",
               static_cast<unsigned long long>(*seed), sample->licensing.size(),
               sample->customs.size(), lodged, summary.c_str(), sample->exhausted_licences.size());
  return kExitOk;
}
