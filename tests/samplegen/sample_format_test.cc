// The sample as a file: the same seed gives the same bytes, every line is an Event the
// doors accept, MRNs are well formed and unique, lodging times increase through 2025, and
// the command line's split outputs add up to the whole.
#include <sys/wait.h>

#include <cstdio>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "services/codec/event_codec.h"
#include "tools/samplegen/sample_generator.h"

namespace gatekeeper::samplegen {
namespace {

std::string AllLines(const Sample& sample) {
  std::string text;
  for (const v1::Event& event : sample.licensing) absl::StrAppend(&text, EventJson(event), "\n");
  for (const v1::Event& event : sample.customs) absl::StrAppend(&text, EventJson(event), "\n");
  return text;
}

Sample MustGenerate(const SampleOptions& options) {
  absl::StatusOr<Sample> sample = GenerateSample(options);
  EXPECT_TRUE(sample.ok()) << sample.status();
  return sample.ok() ? *std::move(sample) : Sample{};
}

struct CommandResult {
  int exit_status = -1;
  std::string out;
};

// Runs gk-samplegen with `arguments` (shell words) and collects standard output.
CommandResult RunSamplegen(const std::string& arguments) {
  CommandResult result;
  const std::string command = absl::StrCat(GK_SAMPLEGEN_PATH, " ", arguments, " 2>/dev/null");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[1 << 16];
  size_t read = 0;
  while ((read = fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.out.append(buffer, read);
  const int status = pclose(pipe);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(SampleFormatTest, SameSeedGivesSameBytesAndAnotherSeedDoesNot) {
  const SampleOptions options{.seed = 11, .declarations = 3000, .licences = 120};
  const std::string first = AllLines(MustGenerate(options));
  const std::string second = AllLines(MustGenerate(options));
  EXPECT_EQ(first, second);
  SampleOptions other = options;
  other.seed = 12;
  EXPECT_NE(first, AllLines(MustGenerate(other)));
}

TEST(SampleFormatTest, EveryLineDecodesAsAnEvent) {
  const Sample sample = MustGenerate({.seed = 5, .declarations = 3000, .licences = 120});
  int line_number = 0;
  const std::vector<std::string> lines =
      absl::StrSplit(AllLines(sample), '\n', absl::SkipEmpty());
  for (const std::string& line : lines) {
    ++line_number;
    absl::StatusOr<v1::Event> event = DecodeEventJson(line);
    ASSERT_TRUE(event.ok()) << "line " << line_number << ": " << event.status() << "\n" << line;
  }
  EXPECT_EQ(line_number, static_cast<int>(sample.licensing.size() + sample.customs.size()));
}

TEST(SampleFormatTest, DeclarationsAreSizedAndWellFormed) {
  const Sample sample = MustGenerate({.seed = 5, .declarations = 3000, .licences = 120});
  const std::regex mrn_pattern("[0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9A-Z]");
  std::set<std::string> lodged_mrns;
  std::string previous_lodged_at;
  int licences = 0;
  for (const v1::Event& event : sample.licensing) licences += event.has_licence() ? 1 : 0;
  EXPECT_EQ(licences, 120);
  for (size_t i = 0; i < sample.customs.size(); ++i) {
    if (!sample.customs[i].has_declaration()) continue;
    const v1::Declaration& declaration = sample.customs[i].declaration();
    EXPECT_TRUE(std::regex_match(declaration.mrn(), mrn_pattern)) << declaration.mrn();
    EXPECT_GE(declaration.items_size(), 1);
    EXPECT_LE(declaration.items_size(), 5);
    if (sample.expectations[i].decision.duplicate) continue;  // a resend repeats a message
    if (declaration.version() == 1) {
      EXPECT_TRUE(lodged_mrns.insert(declaration.mrn()).second)
          << "MRN lodged twice: " << declaration.mrn();
    }
    EXPECT_GT(declaration.lodged_at(), previous_lodged_at) << declaration.mrn();
    EXPECT_EQ(declaration.lodged_at().substr(0, 5), "2025-") << declaration.lodged_at();
    previous_lodged_at = declaration.lodged_at();
  }
  EXPECT_EQ(lodged_mrns.size(), 3000u);
}

TEST(SampleFormatTest, OptionsOutOfBoundsAreRefused) {
  EXPECT_FALSE(GenerateSample({.seed = 1, .declarations = 100, .licences = 3}).ok());
  EXPECT_FALSE(GenerateSample({.seed = 1, .declarations = -1, .licences = 100}).ok());
}

TEST(SampleFormatTest, CommandLineSplitsLicensingFromCustomsAndIsDeterministic) {
  const std::string options = "--seed 9 --declarations 800 --licences 40";
  const CommandResult whole = RunSamplegen(options);
  const CommandResult again = RunSamplegen(options);
  const CommandResult licensing = RunSamplegen(options + " --licensing-only");
  const CommandResult customs = RunSamplegen(options + " --declarations-only");
  ASSERT_EQ(whole.exit_status, 0);
  ASSERT_EQ(licensing.exit_status, 0);
  ASSERT_EQ(customs.exit_status, 0);
  EXPECT_EQ(whole.out, again.out);
  EXPECT_EQ(whole.out, licensing.out + customs.out);
  EXPECT_EQ(licensing.out.find("\"declaration\""), std::string::npos);
  EXPECT_EQ(customs.out.find("\"licence\""), std::string::npos);
  EXPECT_NE(customs.out.find("\"declaration\""), std::string::npos);

  EXPECT_EQ(RunSamplegen("--licences 3").exit_status, 64);
  EXPECT_EQ(RunSamplegen("--licensing-only --declarations-only").exit_status, 64);
  EXPECT_EQ(RunSamplegen("--bogus 1").exit_status, 64);
}

}  // namespace
}  // namespace gatekeeper::samplegen
