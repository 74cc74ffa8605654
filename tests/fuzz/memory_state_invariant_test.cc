// The engine fuzzer's oracle and seeds, tested in the ordinary build: CheckMemoryState
// finds a broken ledger (so a fuzz run that reports nothing means something), passes on what
// the engine produces, and a checked-in seed reaches the decisions it was written for.
#include "tests/fuzz/memory_state_invariant.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "services/engine/engine.h"
#include "services/engine/ledger_effects.h"
#include "services/engine/memory_state.h"
#include "tests/fuzz/event_sequence_generator.h"

namespace gatekeeper::fuzz {
namespace {

v1::Licence Licence() {
  v1::Licence licence;
  licence.set_licence_id("NL-DU-2025-000123");
  licence.set_type(v1::INDIVIDUAL);
  licence.set_status(v1::ACTIVE);
  licence.set_valid_from("2025-01-01");
  licence.set_valid_until("2026-12-31");
  v1::LicenceLine& line = *licence.add_lines();
  line.set_line_no(1);
  line.set_cn_code("854149");
  line.mutable_quantity()->set_amount("100");
  line.mutable_quantity()->set_unit("NAR");
  return licence;
}

internal::LineLedger Ledger(int64_t consumed_milli, int64_t remaining_milli) {
  internal::LineLedger ledger;
  ledger.set_licence_id("NL-DU-2025-000123");
  ledger.set_line_no(1);
  ledger.set_unit("NAR");
  ledger.set_quantity_capped(true);
  ledger.set_authorised_milli(100000);
  ledger.set_consumed_milli(consumed_milli);
  ledger.set_remaining_milli(remaining_milli);
  return ledger;
}

// A state holding the licence and `ledger`, applied as effects (no engine involved).
absl::Status CheckWithLedger(const internal::LineLedger& ledger) {
  MemoryState state;
  LedgerEffects effects;
  effects.licence_puts.push_back(Licence());
  effects.line_puts.push_back(ledger);
  effects.next_sequence = state.next_sequence();
  state.Apply(effects);
  return CheckMemoryState(state, {"NL-DU-2025-000123"});
}

TEST(MemoryStateInvariantTest, AnUntouchedLedgerHolds) {
  EXPECT_TRUE(CheckWithLedger(Ledger(0, 100000)).ok());
}

TEST(MemoryStateInvariantTest, ConsumedWithoutAnAttributionIsReported) {
  absl::Status status = CheckWithLedger(Ledger(5000, 95000));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(status.message()).find("licence NL-DU-2025-000123 line 1: consumed 5 NAR"),
            std::string::npos)
      << status;
}

TEST(MemoryStateInvariantTest, BrokenArithmeticIsReportedInTheVerifiersWords) {
  absl::Status status = CheckWithLedger(Ledger(0, 90000));
  EXPECT_EQ(status.message(),
            "licence NL-DU-2025-000123 line 1: authorised 100 NAR but remaining 90 NAR + "
            "consumed 0 NAR + reserved 0 NAR = 90 NAR");
}

TEST(MemoryStateInvariantTest, ALicenceLineWithoutALedgerIsReported) {
  MemoryState state;
  LedgerEffects effects;
  effects.licence_puts.push_back(Licence());
  effects.next_sequence = state.next_sequence();
  state.Apply(effects);
  EXPECT_EQ(CheckMemoryState(state, {"NL-DU-2025-000123"}).message(),
            "licence NL-DU-2025-000123 line 1: has no ledger");
}

// The statuses of the decisions a seed's events produce, checking the invariant throughout.
std::vector<std::string> DecisionsOfSeed(const std::string& name) {
  std::ifstream in(std::string(GK_FUZZ_CORPUS_DIR) + "/engine_sequence_fuzzer/" + name,
                   std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_FALSE(bytes.empty()) << name;
  const Engine engine(EngineOptions{});
  MemoryState state;
  std::set<std::string> licence_ids;
  std::vector<std::string> statuses;
  EventSequenceGenerator generator(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  while (std::optional<v1::Event> event = generator.Next()) {
    absl::StatusOr<LedgerEffects> effects =
        engine.Apply(*event, state, {.now = "2025-06-02T08:15:00.004Z"});
    if (!effects.ok()) {
      statuses.push_back(absl::StatusCodeToString(effects.status().code()));
      continue;
    }
    for (const v1::Licence& licence : effects->licence_puts) {
      licence_ids.insert(licence.licence_id());
    }
    for (const internal::OutputRecord& output : effects->outputs) {
      if (output.has_decision()) {
        statuses.push_back(v1::DeclarationStatus_Name(output.decision().status()));
      }
    }
    state.Apply(*effects);
    absl::Status invariant = CheckMemoryState(state, licence_ids);
    EXPECT_TRUE(invariant.ok()) << invariant;
  }
  return statuses;
}

TEST(EngineSeedTest, TheLicenceRunsOutThenAnInvalidationGivesItBack) {
  EXPECT_EQ(DecisionsOfSeed("licence-runs-out.bin"),
            (std::vector<std::string>{"CLEARED", "CLEARED", "HELD", "RELEASED", "INVALIDATED",
                                      "CLEARED"}));
}

TEST(EngineSeedTest, AHoldIsReleasedAndAnotherRefused) {
  EXPECT_EQ(
      DecisionsOfSeed("hold-release-refuse.bin"),
      (std::vector<std::string>{"HELD", "HELD", "RELEASED", "REFUSED", "FAILED_PRECONDITION"}));
}

}  // namespace
}  // namespace gatekeeper::fuzz
