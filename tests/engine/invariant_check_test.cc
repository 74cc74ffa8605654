// The always-on invariant check: it fires in the build users run (RelWithDebInfo defines
// NDEBUG, which removes assert), names the broken condition, and stops the process.
#include <gtest/gtest.h>

#include "gatekeeper/internal/records.pb.h"
#include "services/common/check.h"
#include "services/engine/ledger_effects.h"
#include "services/engine/memory_state.h"

namespace gatekeeper {
namespace {

TEST(InvariantCheckDeathTest, AFailedCheckAbortsWithTheConditionAndTheMessage) {
  const int reserved_milli = -5;
  EXPECT_DEATH(GK_CHECK(reserved_milli >= 0) << "line " << 3,
               "invariant violated at .*invariant_check_test.cc:[0-9]+: reserved_milli >= 0line 3");
}

TEST(InvariantCheckDeathTest, APassingCheckEvaluatesItsConditionOnceAndNotItsMessage) {
  int evaluations = 0;
  int messages = 0;
  GK_CHECK(++evaluations == 1) << ++messages;
  EXPECT_EQ(evaluations, 1);
  EXPECT_EQ(messages, 0);
}

#ifdef NDEBUG
TEST(InvariantCheckDeathTest, ChecksStayOnWhereAssertIsCompiledOut) {
  // This test binary is built like gatekeeperd; if NDEBUG is set here, assert() is gone and
  // only GK_CHECK guards the ledger.
  EXPECT_DEATH(GK_CHECK(1 + 1 == 3), "1 \\+ 1 == 3");
}
#endif

TEST(InvariantCheckDeathTest, EffectsOutOfSequenceStopTheStateBeforeTheyAreApplied) {
  MemoryState state;
  LedgerEffects effects;
  internal::OutputRecord record;
  record.set_sequence(state.next_sequence() + 7);  // a gap: sequences must be consecutive
  effects.outputs.push_back(record);
  effects.next_sequence = state.next_sequence() + 1;
  EXPECT_DEATH(state.Apply(effects), "record.sequence\\(\\) == expected_sequence");
}

}  // namespace
}  // namespace gatekeeper
