// Fixed-point amounts (contract §1): "40", "40.0" and "40.000" read alike, writers print the
// shortest exact form, and nothing malformed, negative or too large gets into the ledger.
#include "services/engine/fixed_point.h"

#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gatekeeper {
namespace {

using ::testing::HasSubstr;

TEST(FixedPointTest, ReadsEquivalentFormsAlike) {
  EXPECT_EQ(ParseQuantityMilli("40").value(), 40000);
  EXPECT_EQ(ParseQuantityMilli("40.0").value(), 40000);
  EXPECT_EQ(ParseQuantityMilli("40.000").value(), 40000);
  EXPECT_EQ(ParseQuantityMilli("12.5").value(), 12500);
  EXPECT_EQ(ParseQuantityMilli("0.001").value(), 1);
  EXPECT_EQ(ParseMoneyCents("48000.00").value(), 4800000);
  EXPECT_EQ(ParseMoneyCents("0.5").value(), 50);
}

TEST(FixedPointTest, RefusesMalformedAmountsWithTheText) {
  for (const char* text : {"", "-1", "1e3", " 1", "1 ", "1.", ".5", "1.2.3", "abc", "+1", "1,5"}) {
    absl::StatusOr<int64_t> parsed = ParseQuantityMilli(text);
    EXPECT_FALSE(parsed.ok()) << text;
  }
  EXPECT_THAT(ParseQuantityMilli("-3").status().message(), HasSubstr("negative"));
  EXPECT_THAT(ParseQuantityMilli("1.0001").status().message(),
              HasSubstr("more than 3 fraction digits"));
  EXPECT_THAT(ParseMoneyCents("1.001").status().message(),
              HasSubstr("more than 2 fraction digits"));
  EXPECT_THAT(ParseQuantityMilli("99999999999999999999999").status().message(),
              HasSubstr("too large"));
  EXPECT_THAT(ParseQuantityMilli("1000000000001").status().message(), HasSubstr("too large"));
  EXPECT_TRUE(ParseQuantityMilli("1000000000000").ok());
}

TEST(FixedPointTest, WritesTheShortestExactForm) {
  EXPECT_EQ(FormatMilli(40000), "40");
  EXPECT_EQ(FormatMilli(12500), "12.5");
  EXPECT_EQ(FormatMilli(1), "0.001");
  EXPECT_EQ(FormatMilli(0), "0");
  EXPECT_EQ(FormatMilli(-500), "-0.5");
  EXPECT_EQ(FormatCents(4800000), "48000");
  EXPECT_EQ(FormatCents(4800050), "48000.5");
  EXPECT_EQ(FormatCents(-1), "-0.01");
  EXPECT_EQ(FormatMilli(std::numeric_limits<int64_t>::min()), "-9223372036854775.808");
}

TEST(FixedPointTest, ArithmeticDetectsOverflow) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(CheckedAdd(1, 2), 3);
  EXPECT_FALSE(CheckedAdd(kMax, 1).has_value());
  EXPECT_FALSE(CheckedSub(std::numeric_limits<int64_t>::min(), 1).has_value());
  EXPECT_EQ(CheckedPercentOf(100000, 10), 10000);
  EXPECT_EQ(CheckedPercentOf(999, 10), 99);  // rounded down: never more allowance than given
  EXPECT_FALSE(CheckedPercentOf(kMax, 10).has_value());
}

}  // namespace
}  // namespace gatekeeper
