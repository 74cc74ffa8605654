// gkctl as its users see it (contract §6, docs/FILES.md): the decisions a replay
// prints, the balances `licence show` reports, the line reports and exit
// statuses for bad input, resuming a file, and `verify`.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/ledger_effects.h"
#include "storage/store.h"
#include "tests/gkctl/event_lines.h"
#include "tests/gkctl/gkctl_runner.h"

namespace gatekeeper::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr char kLicenceId[] = "NL-DU-2025-000123";
constexpr char kMrnA[] = "25NL4A7B9C2D1E3F5G";
constexpr char kMrnB[] = "25NL000000000000B1";
constexpr char kMrnC[] = "25NL000000000000C2";

// 100 NAR and 120,000 EUR for goods under 6A002.
std::string Licence() {
  return LicenceEvent(kLicenceId, {{.line_no = 1,
                                    .control_code = "6A002",
                                    .quantity = "100",
                                    .unit = "NAR",
                                    .value_eur = "120000"}});
}

ItemSpec Covered(int item_no, const std::string& amount) {
  return {.item_no = item_no, .amount = amount, .value_eur = "1000", .licences = {kLicenceId}};
}

// Needs a licence under the rule but carries none.
ItemSpec Unlicensed(int item_no) {
  return {.item_no = item_no, .control_code = "6A002.b", .amount = "5", .value_eur = "10"};
}

// The story of one licence: a clear declaration, a held one, a duplicate, an
// amendment, a release and an invalidation. Lines 5 (the duplicate) and the
// set-up lines 1-2 print nothing.
std::vector<std::string> Scenario() {
  return {
      Licence(),                                                      // 1
      LicenceRequirementRule("EU-2021-821-6A002", {"6A002"}),         // 2
      DeclarationEvent(kMrnA, 1, {Covered(1, "40")}),                 // 3
      DeclarationEvent(kMrnB, 1, {Covered(1, "30"), Unlicensed(2)}),  // 4
      DeclarationEvent(kMrnA, 1, {Covered(1, "40")}),                 // 5
      DeclarationEvent(kMrnA, 2, {Covered(1, "20")}),                 // 6
      DispositionEvent(kMrnB, "RELEASE"),                             // 7
      DeclarationEvent(kMrnC, 1, {Covered(1, "10")}),                 // 8
      InvalidationEvent(kMrnC),                                       // 9
  };
}

std::vector<std::string> Statuses(const GkctlResult& result) {
  std::vector<std::string> statuses;
  for (const std::string& line : result.OutLines()) {
    const v1::Decision decision = ParseDecision(line);
    statuses.push_back(absl::StrCat(decision.mrn(), " v", decision.version(), " ",
                                    v1::DeclarationStatus_Name(decision.status())));
  }
  return statuses;
}

struct Quantities {
  std::string authorised, consumed, reserved, remaining;
  bool operator==(const Quantities&) const = default;
};

void PrintTo(const Quantities& q, std::ostream* os) {
  *os << "authorised " << q.authorised << " consumed " << q.consumed << " reserved " << q.reserved
      << " remaining " << q.remaining;
}

// Line 1 of kLicenceId as `gkctl licence show` reports it: quantity, then value.
std::pair<Quantities, Quantities> LineOne(const std::string& data_dir) {
  const GkctlResult shown = RunGkctl({"licence", "show", "--data-dir", data_dir, kLicenceId});
  EXPECT_EQ(shown.exit_status, 0) << shown.err;
  const v1::LicenceView view = ParseLicenceView(shown.out);
  EXPECT_EQ(view.licence().licence_id(), kLicenceId);
  if (view.balances_size() != 1) {
    ADD_FAILURE() << "balances of " << shown.out;
    return {};
  }
  const v1::LineBalance& line = view.balances(0);
  EXPECT_EQ(line.line_no(), 1);
  EXPECT_EQ(line.authorised().unit(), "NAR");
  return {{line.authorised().amount(), line.consumed().amount(), line.reserved().amount(),
           line.remaining().amount()},
          {line.authorised_value_eur(), line.consumed_value_eur(), line.reserved_value_eur(),
           line.remaining_value_eur()}};
}

TEST(ReplayTest, PrintsEveryDecisionOnceCommittedAndLicenceShowHasTheBalances) {
  ScratchDir scratch;
  WriteLines(scratch / "events.jsonl", Scenario());
  const std::string data_dir = (scratch / "data").string();

  const GkctlResult replay =
      RunGkctl({"replay", "--data-dir", data_dir, (scratch / "events.jsonl").string()});
  EXPECT_EQ(replay.exit_status, 0) << replay.err;
  EXPECT_THAT(replay.LineReports(), IsEmpty());
  EXPECT_THAT(
      Statuses(replay),
      ElementsAre(absl::StrCat(kMrnA, " v1 CLEARED"), absl::StrCat(kMrnB, " v1 HELD"),
                  absl::StrCat(kMrnA, " v2 CLEARED"), absl::StrCat(kMrnB, " v1 RELEASED"),
                  absl::StrCat(kMrnC, " v1 CLEARED"), absl::StrCat(kMrnC, " v1 INVALIDATED")));

  const std::vector<std::string> lines = replay.OutLines();
  ASSERT_THAT(lines, SizeIs(6));
  const v1::Decision clear = ParseDecision(lines[0]);
  EXPECT_EQ(clear.outcome(), v1::CLEAR);
  EXPECT_EQ(clear.exporter_eori(), kExporterEori);
  EXPECT_EQ(clear.lodged_at(), "2025-06-02T08:15:00Z");
  // The wall clock when it was applied, RFC 3339 UTC with milliseconds.
  EXPECT_THAT(clear.decided_at(),
              ::testing::MatchesRegex("20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]"
                                      ":[0-6][0-9]\\.[0-9][0-9][0-9]Z"));
  EXPECT_THAT(Attributions(clear.items(0)),
              ElementsAre(absl::StrCat("CONSUMED 40 NAR 1000 EUR on ", kLicenceId, " line 1")));

  const v1::Decision held = ParseDecision(lines[1]);
  EXPECT_EQ(held.outcome(), v1::HOLD);
  ASSERT_EQ(held.items_size(), 2);
  EXPECT_THAT(ReasonCodes(held.items(0)), IsEmpty());
  EXPECT_THAT(ReasonCodes(held.items(1)), ElementsAre("LICENCE_REQUIRED"));
  EXPECT_EQ(held.items(1).reasons(0).rule_id(), "EU-2021-821-6A002");
  EXPECT_THAT(Attributions(held.items(0)),
              ElementsAre(absl::StrCat("RESERVED 30 NAR 1000 EUR on ", kLicenceId, " line 1")));
  EXPECT_THAT(Attributions(held.items(1)), IsEmpty());

  const v1::Decision amended = ParseDecision(lines[2]);
  EXPECT_THAT(Attributions(amended.items(0)),
              ElementsAre(absl::StrCat("CONSUMED 20 NAR 1000 EUR on ", kLicenceId, " line 1")));

  const v1::Decision released = ParseDecision(lines[3]);
  EXPECT_EQ(released.disposition().officer_id(), "NL-OFF-17");
  EXPECT_THAT(Attributions(released.items(0)),
              ElementsAre(absl::StrCat("CONSUMED 30 NAR 1000 EUR on ", kLicenceId, " line 1")));

  const v1::Decision invalidated = ParseDecision(lines[5]);
  EXPECT_THAT(Attributions(invalidated.items(0)), IsEmpty());

  // One counter for every output, decisions and usage records alike.
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_GT(ParseDecision(lines[i]).sequence(), ParseDecision(lines[i - 1]).sequence());
  }

  // A's 20 and B's 30, both consumed; C's 10 went back.
  EXPECT_EQ(LineOne(data_dir), std::make_pair(Quantities{"100", "50", "0", "50"},
                                              Quantities{"120000", "2000", "0", "118000"}));

  const GkctlResult shown = RunGkctl({"decision", "show", "--data-dir", data_dir, kMrnA});
  EXPECT_EQ(shown.exit_status, 0) << shown.err;
  EXPECT_EQ(shown.out, lines[2] + "\n");

  const GkctlResult verified = RunGkctl({"verify", "--data-dir", data_dir});
  EXPECT_EQ(verified.exit_status, 0) << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("the ledger invariant holds"));
}

TEST(ReplayTest, HeldBalancesShowAsReservedUntilTheDisposition) {
  ScratchDir scratch;
  std::vector<std::string> first_four = Scenario();
  first_four.resize(4);
  WriteLines(scratch / "events.jsonl", first_four);
  const std::string data_dir = (scratch / "data").string();
  ASSERT_EQ(
      RunGkctl({"replay", "--data-dir", data_dir, (scratch / "events.jsonl").string()}).exit_status,
      0);
  EXPECT_EQ(LineOne(data_dir), std::make_pair(Quantities{"100", "40", "30", "30"},
                                              Quantities{"120000", "1000", "1000", "118000"}));
}

TEST(ReplayTest, ReportsBadLinesOnStderrAndAppliesEveryGoodLine) {
  ScratchDir scratch;
  ItemSpec negative = Covered(1, "-3");
  ItemSpec huge = Covered(1, "1");
  huge.description = std::string(5000, 'x');
  std::string unknown_status = Licence();
  unknown_status.replace(unknown_status.find("\"ACTIVE\""), 8, "\"PENDING\"");
  WriteLines(scratch / "events.jsonl",
             {
                 Licence(),                                                  // 1
                 R"({"declaration": {"mrn": )",                              // 2
                 unknown_status,                                             // 3
                 DeclarationEvent("25NL-NOT-AN-MRN", 1, {Covered(1, "1")}),  // 4
                 LicenceEvent("NL-DU-2025-000999", {{.quantity = "-5"}}),    // 5
                 DeclarationEvent(kMrnB, 1, {huge}),                         // 6
                 DispositionEvent(kMrnC, "RELEASE"),                         // 7
                 DeclarationEvent(kMrnA, 1, {Covered(1, "40")}),             // 8
                 DeclarationEvent(kMrnB, 1, {negative}),                     // 9
                 "",                                                         // 10
                 R"({"invalidation": {"mrn": ")" + std::string(kMrnA) +
                     R"(", "exporterEori": "NL123456789", "reasn": "typo"}})",  // 11
             });
  const std::string data_dir = (scratch / "data").string();
  const GkctlResult replay =
      RunGkctl({"replay", "--data-dir", data_dir, (scratch / "events.jsonl").string()});

  EXPECT_EQ(replay.exit_status, 2);
  const std::vector<std::string> reports = replay.LineReports();
  ASSERT_THAT(reports, SizeIs(6)) << replay.err;
  EXPECT_THAT(reports[0], AllOf(StartsWith("line 2: "), HasSubstr("malformed JSON")));
  EXPECT_THAT(reports[1], AllOf(StartsWith("line 3: "), HasSubstr("licence.status"),
                                HasSubstr("unknown enum name \"PENDING\"")));
  EXPECT_THAT(reports[2], AllOf(StartsWith("line 5: "), HasSubstr("NL-DU-2025-000999")));
  EXPECT_THAT(reports[3], AllOf(StartsWith("line 6: "),
                                HasSubstr("declaration.items[0].description is 5,000 bytes")));
  EXPECT_THAT(reports[4], AllOf(StartsWith("line 7: "), HasSubstr(kMrnC)));
  EXPECT_THAT(reports[5], AllOf(StartsWith("line 11: "), HasSubstr("unknown field \"reasn\"")));

  // Malformed declarations are decided, not skipped: REJECTED, with the reason.
  const std::vector<std::string> lines = replay.OutLines();
  ASSERT_THAT(lines, SizeIs(3)) << replay.out;
  const v1::Decision bad_mrn = ParseDecision(lines[0]);
  EXPECT_EQ(bad_mrn.status(), v1::REJECTED);
  EXPECT_EQ(bad_mrn.outcome(), v1::REJECT);
  EXPECT_THAT(bad_mrn.error(), HasSubstr("mrn"));
  EXPECT_EQ(ParseDecision(lines[1]).status(), v1::CLEARED);
  const v1::Decision negative_amount = ParseDecision(lines[2]);
  EXPECT_EQ(negative_amount.mrn(), kMrnB);
  EXPECT_EQ(negative_amount.status(), v1::REJECTED);
  EXPECT_THAT(negative_amount.error(), HasSubstr("-3"));
  for (const v1::ItemDecision& item : negative_amount.items()) {
    EXPECT_THAT(Attributions(item), IsEmpty());
  }

  EXPECT_EQ(LineOne(data_dir), std::make_pair(Quantities{"100", "40", "0", "60"},
                                              Quantities{"120000", "1000", "0", "119000"}));
  EXPECT_EQ(RunGkctl({"licence", "show", "--data-dir", data_dir, "NL-DU-2025-000999"}).exit_status,
            1);
}

TEST(ReplayTest, ResumesAFileAfterTheLastCommittedLine) {
  ScratchDir scratch;
  const std::vector<std::string> scenario = Scenario();
  const std::string file = (scratch / "events.jsonl").string();
  const std::string data_dir = (scratch / "data").string();
  WriteLines(file, {scenario.begin(), scenario.begin() + 4});
  const GkctlResult first = RunGkctl({"replay", "--data-dir", data_dir, file});
  ASSERT_EQ(first.exit_status, 0) << first.err;
  EXPECT_THAT(Statuses(first),
              ElementsAre(absl::StrCat(kMrnA, " v1 CLEARED"), absl::StrCat(kMrnB, " v1 HELD")));

  // The file grows; a new run applies only the new lines, also when the same
  // file is named by another path (the cursor is keyed by the absolute path).
  WriteLines(file, {scenario.begin() + 4, scenario.end()}, /*append=*/true);
  const std::string same_file = (scratch.path() / "." / "events.jsonl").string();
  const GkctlResult resumed = RunGkctl({"replay", "--data-dir", data_dir, same_file});
  EXPECT_EQ(resumed.exit_status, 0) << resumed.err;
  EXPECT_THAT(resumed.err, HasSubstr(absl::StrCat("resuming ", same_file, " after line 4")));
  EXPECT_THAT(
      Statuses(resumed),
      ElementsAre(absl::StrCat(kMrnA, " v2 CLEARED"), absl::StrCat(kMrnB, " v1 RELEASED"),
                  absl::StrCat(kMrnC, " v1 CLEARED"), absl::StrCat(kMrnC, " v1 INVALIDATED")));
  EXPECT_EQ(LineOne(data_dir), std::make_pair(Quantities{"100", "50", "0", "50"},
                                              Quantities{"120000", "2000", "0", "118000"}));

  // Nothing new: nothing printed.
  const GkctlResult again = RunGkctl({"replay", "--data-dir", data_dir, file});
  EXPECT_EQ(again.exit_status, 0) << again.err;
  EXPECT_THAT(again.out, IsEmpty());
  EXPECT_THAT(again.err, HasSubstr("after line 9"));

  // --from-start applies every line again: declarations are duplicates, the
  // licence replacement keeps what was used, and the release and the
  // invalidation are refused as they are no longer possible.
  const GkctlResult from_start = RunGkctl({"replay", "--data-dir", data_dir, "--from-start", file});
  EXPECT_EQ(from_start.exit_status, 2);
  EXPECT_THAT(from_start.out, IsEmpty());
  EXPECT_THAT(from_start.LineReports(),
              ElementsAre(StartsWith("line 7: "), StartsWith("line 9: ")));
  EXPECT_EQ(LineOne(data_dir), std::make_pair(Quantities{"100", "50", "0", "50"},
                                              Quantities{"120000", "2000", "0", "118000"}));
}

TEST(ReplayTest, StandardInputHasNoCursor) {
  ScratchDir scratch;
  std::vector<std::string> first_four = Scenario();
  first_four.resize(4);
  WriteLines(scratch / "events.jsonl", first_four);
  const std::string data_dir = (scratch / "data").string();
  const std::string input = (scratch / "events.jsonl").string();
  const GkctlResult first = RunGkctl({"replay", "--data-dir", data_dir}, input);
  EXPECT_EQ(first.exit_status, 0) << first.err;
  EXPECT_THAT(first.OutLines(), SizeIs(2));
  // Read again from the start: the declarations are duplicates.
  const GkctlResult second = RunGkctl({"replay", "--data-dir", data_dir, "-"}, input);
  EXPECT_EQ(second.exit_status, 0) << second.err;
  EXPECT_THAT(second.out, IsEmpty());
  EXPECT_THAT(second.err, Not(HasSubstr("resuming")));
  EXPECT_EQ(LineOne(data_dir), std::make_pair(Quantities{"100", "40", "30", "30"},
                                              Quantities{"120000", "1000", "1000", "118000"}));
}

TEST(ShowTest, UnknownIdsExitOne) {
  ScratchDir scratch;
  WriteLines(scratch / "events.jsonl", {Licence()});
  const std::string data_dir = (scratch / "data").string();
  ASSERT_EQ(
      RunGkctl({"replay", "--data-dir", data_dir, (scratch / "events.jsonl").string()}).exit_status,
      0);
  const GkctlResult decision = RunGkctl({"decision", "show", "--data-dir", data_dir, kMrnA});
  EXPECT_EQ(decision.exit_status, 1);
  EXPECT_THAT(decision.out, IsEmpty());
  EXPECT_THAT(decision.err, HasSubstr(kMrnA));
  const GkctlResult licence = RunGkctl({"licence", "show", "--data-dir", data_dir, "NL-X"});
  EXPECT_EQ(licence.exit_status, 1);
  EXPECT_THAT(licence.err, HasSubstr("NL-X"));
  // A directory without a store is not an empty store.
  EXPECT_EQ(RunGkctl({"decision", "show", "--data-dir", (scratch / "nothing").string(), kMrnA})
                .exit_status,
            1);
}

TEST(UsageTest, WrongCommandLinesExitSixtyFour) {
  EXPECT_EQ(RunGkctl({}).exit_status, 64);
  EXPECT_EQ(RunGkctl({"frobnicate"}).exit_status, 64);
  EXPECT_EQ(RunGkctl({"replay"}).exit_status, 64);
  EXPECT_EQ(RunGkctl({"replay", "--data-dir", "/nonexistent", "--batch-events", "0"}).exit_status,
            64);
  EXPECT_EQ(RunGkctl({"replay", "--data-dir", "/nonexistent", "--from-start"}).exit_status, 64);
  EXPECT_EQ(RunGkctl({"decision", "show", "--data-dir", "/nonexistent"}).exit_status, 64);
  EXPECT_EQ(RunGkctl({"licence", "list", "--data-dir", "/nonexistent"}).exit_status, 64);
  const GkctlResult help = RunGkctl({"--help"});
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_THAT(help.out, HasSubstr("gkctl replay --data-dir DIR"));
}

TEST(VerifyTest, FailsWithTheFirstViolation) {
  ScratchDir scratch;
  WriteLines(scratch / "events.jsonl", {Licence(), DeclarationEvent(kMrnA, 1, {Covered(1, "40")})});
  const std::string data_dir = (scratch / "data").string();
  ASSERT_EQ(
      RunGkctl({"replay", "--data-dir", data_dir, (scratch / "events.jsonl").string()}).exit_status,
      0);
  EXPECT_EQ(RunGkctl({"verify", "--data-dir", data_dir}).exit_status, 0);

  // A ledger that balances but claims 5 NAR more consumed than the
  // declarations hold, written behind the engine's back.
  {
    absl::StatusOr<std::unique_ptr<storage::Store>> store =
        storage::Store::Open({.data_dir = data_dir, .create_if_missing = false});
    ASSERT_TRUE(store.ok()) << store.status();
    std::optional<internal::LineLedger> line = (*store)->FindLine(kLicenceId, 1);
    ASSERT_TRUE(line.has_value());
    line->set_consumed_milli(line->consumed_milli() + 5000);
    line->set_remaining_milli(line->remaining_milli() - 5000);
    LedgerEffects effects;
    effects.line_puts.push_back(*line);
    effects.next_sequence = (*store)->next_sequence();
    ASSERT_TRUE((*store)->Stage(effects).ok());
    ASSERT_TRUE((*store)->Commit().ok());
  }
  const GkctlResult verified = RunGkctl({"verify", "--data-dir", data_dir});
  EXPECT_EQ(verified.exit_status, 1);
  EXPECT_THAT(verified.err, AllOf(HasSubstr(kLicenceId), HasSubstr("line 1")));
  EXPECT_EQ(RunGkctl({"verify", "--data-dir", (scratch / "nothing").string()}).exit_status, 1);
}

}  // namespace
}  // namespace gatekeeper::testing
