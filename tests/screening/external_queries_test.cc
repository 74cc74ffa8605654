// The evaluation's reading of an expected party: a script name counts as found when its UN
// entry or another listed entry of the same person is hit, and only then.
#include "tools/screening/external_queries.h"

#include "gtest/gtest.h"

namespace gatekeeper::screening {
namespace {

TEST(ScreeningExternalQueriesTest, AnyListedEntryOfThePersonIsExpected) {
  EXPECT_TRUE(IsExpectedParty("UN-6908072", "UN-6908072"));
  // طارق عزيز: the UN entry and the OFAC entry of the same person (same words, same year).
  EXPECT_TRUE(IsExpectedParty("UN-6908072|OFAC-7867", "OFAC-7867"));
  EXPECT_TRUE(IsExpectedParty("UN-111944|OFAC-11744|OFAC-7006", "OFAC-7006"));
}

TEST(ScreeningExternalQueriesTest, OtherPartiesAndPrefixesAreNotExpected) {
  EXPECT_FALSE(IsExpectedParty("UN-6908072|OFAC-7867", "OFAC-786"));
  EXPECT_FALSE(IsExpectedParty("UN-6908072|OFAC-7867", "OFAC-78671"));
  EXPECT_FALSE(IsExpectedParty("UN-6908072|OFAC-7867", "UN-6908072|OFAC-7867"));
  EXPECT_FALSE(IsExpectedParty("UN-6908072", "OFAC-7867"));
  // A negative (no expected party) expects nothing, not even an empty id.
  EXPECT_FALSE(IsExpectedParty("", ""));
  EXPECT_FALSE(IsExpectedParty("", "OFAC-7867"));
}

}  // namespace
}  // namespace gatekeeper::screening
