// The demo sample through the real engine, as `gkctl replay` applies it: every event is
// accepted, every declaration is decided as the sample designed it (status and, per item,
// the reason codes), most declarations clear, a few percent are held for many different
// reasons, only the deliberately malformed ones are rejected, some licences run out, and
// the ledger balances on every line.
#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "services/engine/engine.h"
#include "services/engine/memory_state.h"
#include "tools/samplegen/sample_generator.h"

namespace gatekeeper::samplegen {
namespace {

constexpr char kNow[] = "2025-12-31T23:59:59Z";
constexpr int kMismatchesShown = 15;

struct ReplayOutcome {
  int lodged = 0;
  // First decision of every lodged declaration, by status.
  std::map<v1::DeclarationStatus, int> first_status;
  // Held declarations (first decision) per reason code.
  std::map<std::string, int> held_by_reason;
  std::vector<std::string> mismatches;
  std::vector<std::string> refusals;
};

std::vector<std::string> SortedCodes(const v1::ItemDecision& item) {
  std::vector<std::string> codes;
  for (const v1::Reason& reason : item.reasons()) codes.push_back(v1::ReasonCode_Name(reason.code()));
  std::sort(codes.begin(), codes.end());
  return codes;
}

std::string Describe(const std::vector<std::vector<std::string>>& items) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < items.size(); ++i) {
    parts.push_back(absl::StrCat("item ", i + 1, " [", absl::StrJoin(items[i], " "), "]"));
  }
  return absl::StrJoin(parts, "; ");
}

class SampleReplayTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    absl::StatusOr<Sample> generated =
        GenerateSample({.seed = 2025, .declarations = 8000, .licences = 200});
    ASSERT_TRUE(generated.ok()) << generated.status();
    sample_ = new Sample(*std::move(generated));
    state_ = new MemoryState();
    outcome_ = new ReplayOutcome();
    Replay(*sample_, *state_, *outcome_);
  }
  static void TearDownTestSuite() {
    delete sample_;
    delete state_;
    delete outcome_;
  }

  static void Replay(const Sample& sample, MemoryState& state, ReplayOutcome& outcome) {
    const Engine engine(EngineOptions{});
    for (const v1::Event& event : sample.licensing) {
      absl::StatusOr<LedgerEffects> effects = engine.Apply(event, state, {.now = kNow});
      if (!effects.ok()) {
        outcome.refusals.push_back(absl::StrCat("licensing event refused: ", effects.status().ToString()));
        continue;
      }
      state.Apply(*effects);
    }
    for (size_t i = 0; i < sample.customs.size(); ++i) {
      const v1::Event& event = sample.customs[i];
      const CustomsExpectation& expected = sample.expectations[i];
      absl::StatusOr<LedgerEffects> effects = engine.Apply(event, state, {.now = kNow});
      if (!effects.ok()) {
        outcome.refusals.push_back(absl::StrCat(expected.scenario, " ", expected.mrn, ": ",
                                                effects.status().ToString()));
        continue;
      }
      state.Apply(*effects);
      const v1::Decision* decision = nullptr;
      for (const internal::OutputRecord& output : effects->outputs) {
        if (output.has_decision()) decision = &output.decision();
      }
      if (expected.decision.duplicate) {
        if (!effects->duplicate) {
          outcome.mismatches.push_back(
              absl::StrCat(expected.scenario, " ", expected.mrn, ": expected a duplicate"));
        }
        continue;
      }
      if (decision == nullptr) {
        outcome.mismatches.push_back(
            absl::StrCat(expected.scenario, " ", expected.mrn, ": no decision"));
        continue;
      }
      std::vector<std::vector<std::string>> actual_items;
      for (const v1::ItemDecision& item : decision->items()) actual_items.push_back(SortedCodes(item));
      const bool is_declaration = event.has_declaration();
      const bool status_differs = decision->status() != expected.decision.status;
      const bool reasons_differ = is_declaration && decision->status() != v1::REJECTED &&
                                  actual_items != expected.decision.item_reason_codes;
      if (status_differs || reasons_differ) {
        outcome.mismatches.push_back(absl::StrCat(
            expected.scenario, " ", expected.mrn, " v", decision->version(), ": expected ",
            v1::DeclarationStatus_Name(expected.decision.status), " ",
            Describe(expected.decision.item_reason_codes), ", engine decided ",
            v1::DeclarationStatus_Name(decision->status()), " ", Describe(actual_items)));
      }
      if (is_declaration && event.declaration().version() == 1) {
        ++outcome.lodged;
        ++outcome.first_status[decision->status()];
        if (decision->status() == v1::HELD) {
          std::set<std::string> codes;
          for (const v1::ItemDecision& item : decision->items()) {
            for (const v1::Reason& reason : item.reasons()) {
              codes.insert(v1::ReasonCode_Name(reason.code()));
            }
          }
          for (const std::string& code : codes) ++outcome.held_by_reason[code];
        }
      }
    }
  }

  static Sample* sample_;
  static MemoryState* state_;
  static ReplayOutcome* outcome_;
};

Sample* SampleReplayTest::sample_ = nullptr;
MemoryState* SampleReplayTest::state_ = nullptr;
ReplayOutcome* SampleReplayTest::outcome_ = nullptr;

TEST_F(SampleReplayTest, EngineAcceptsEveryEvent) {
  EXPECT_TRUE(outcome_->refusals.empty())
      << outcome_->refusals.size() << " events refused, first: " << outcome_->refusals.front();
}

TEST_F(SampleReplayTest, EveryDeclarationIsDecidedAsDesigned) {
  std::vector<std::string> shown(
      outcome_->mismatches.begin(),
      outcome_->mismatches.begin() +
          std::min<size_t>(outcome_->mismatches.size(), kMismatchesShown));
  EXPECT_TRUE(outcome_->mismatches.empty())
      << outcome_->mismatches.size() << " events decided otherwise than designed:\n"
      << absl::StrJoin(shown, "\n");
}

TEST_F(SampleReplayTest, MostClearAFewPercentAreHeldForManyReasons) {
  ASSERT_EQ(outcome_->lodged, 8000);
  const int cleared = outcome_->first_status[v1::CLEARED];
  const int held = outcome_->first_status[v1::HELD];
  std::string breakdown;
  for (const auto& [code, count] : outcome_->held_by_reason) {
    absl::StrAppend(&breakdown, " ", code, "=", count);
  }
  std::cout << "lodged " << outcome_->lodged << ": cleared " << cleared << ", held " << held
            << ", rejected " << outcome_->first_status[v1::REJECTED] << "; held for"
            << breakdown << "\n";
  EXPECT_GE(cleared, 8000 * 90 / 100);
  EXPECT_GE(held, 8000 * 2 / 100);
  EXPECT_LE(held, 8000 * 8 / 100);
  for (const char* code :
       {"EMBARGO_PROHIBITED", "TRANSIT_PROHIBITED", "DIVERSION_RISK", "LICENCE_REQUIRED",
        "QUANTITY_EXCEEDED", "VALUE_EXCEEDED", "LICENCE_EXPIRED", "DESTINATION_NOT_COVERED",
        "END_USER_NOT_COVERED", "DENIED_PARTY", "CATCH_ALL", "DENIAL_MATCH",
        "LICENCE_SUSPENDED", "LICENCE_REVOKED", "EXPORTER_NOT_REGISTERED"}) {
    EXPECT_GT(outcome_->held_by_reason[code], 0) << "no declaration held for " << code;
  }
}

TEST_F(SampleReplayTest, OnlyTheDeliberatelyMalformedAreRejected) {
  int malformed = 0;
  for (size_t i = 0; i < sample_->customs.size(); ++i) {
    if (sample_->expectations[i].scenario == "malformed") ++malformed;
  }
  EXPECT_GT(malformed, 0);
  EXPECT_EQ(outcome_->first_status[v1::REJECTED], malformed);
}

TEST_F(SampleReplayTest, SomeLicencesRunOutAndEveryLineBalances) {
  std::set<std::string> exhausted;
  for (const auto& [key, line] : state_->lines()) {
    EXPECT_EQ(line.authorised_milli(),
              line.remaining_milli() + line.consumed_milli() + line.reserved_milli())
        << key.first << " line " << key.second;
    EXPECT_EQ(line.authorised_cents(),
              line.remaining_cents() + line.consumed_cents() + line.reserved_cents())
        << key.first << " line " << key.second;
    if ((line.quantity_capped() && line.remaining_milli() <= 0) ||
        (line.value_capped() && line.remaining_cents() <= 0)) {
      exhausted.insert(key.first);
    }
  }
  EXPECT_GE(exhausted.size(), 3u);
  EXPECT_EQ(std::vector<std::string>(exhausted.begin(), exhausted.end()),
            sample_->exhausted_licences);
}

// Other seeds and sizes, down to the smallest licence count: still exactly as designed.
TEST(SampleReplaySeedsTest, OtherSeedsAndSizesAreDecidedAsDesigned) {
  const SampleOptions cases[] = {
      {.seed = 1, .declarations = 2500, .licences = kMinLicences},
      {.seed = 2, .declarations = 2500, .licences = 60},
      {.seed = 3, .declarations = 4000, .licences = 400},
      {.seed = 4, .declarations = 300, .licences = 30},
  };
  for (const SampleOptions& options : cases) {
    absl::StatusOr<Sample> sample = GenerateSample(options);
    ASSERT_TRUE(sample.ok()) << sample.status();
    MemoryState state;
    ReplayOutcome outcome;
    SampleReplayTest::Replay(*sample, state, outcome);
    const std::string label = absl::StrCat("seed ", options.seed, ", ", options.declarations,
                                           " declarations, ", options.licences, " licences: ");
    EXPECT_TRUE(outcome.refusals.empty()) << label << outcome.refusals.front();
    EXPECT_TRUE(outcome.mismatches.empty()) << label << outcome.mismatches.front();
    EXPECT_EQ(outcome.lodged, options.declarations) << label;
    EXPECT_FALSE(sample->exhausted_licences.empty()) << label;
  }
}

}  // namespace
}  // namespace gatekeeper::samplegen
