// The published position only covers records Kafka acknowledged, however the
// acknowledgements of different partitions interleave: a crash re-sends from
// there, so a position ahead of a gap would lose the records in the gap.
#include "services/daemon/delivery_tracker.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace gatekeeper::daemon {
namespace {

TEST(DeliveryTrackerTest, StartsAtTheStoredPosition) {
  DeliveryTracker tracker(41);
  EXPECT_EQ(tracker.published_sequence(), 41u);
  EXPECT_EQ(tracker.sent_sequence(), 41u);
  EXPECT_EQ(tracker.in_flight(), 0u);
}

TEST(DeliveryTrackerTest, AGapHoldsThePositionBack) {
  DeliveryTracker tracker(0);
  for (uint64_t s = 1; s <= 4; ++s) tracker.Sent(s);
  tracker.Acknowledged(2);
  tracker.Acknowledged(4);
  EXPECT_EQ(tracker.published_sequence(), 0u);
  tracker.Acknowledged(1);
  EXPECT_EQ(tracker.published_sequence(), 2u);
  tracker.Acknowledged(3);
  EXPECT_EQ(tracker.published_sequence(), 4u);
  EXPECT_EQ(tracker.in_flight(), 0u);
}

TEST(DeliveryTrackerTest, DuplicateAcknowledgementsAreHarmless) {
  DeliveryTracker tracker(10);
  tracker.Sent(11);
  tracker.Sent(12);
  tracker.Acknowledged(11);
  tracker.Acknowledged(11);
  tracker.Acknowledged(5);
  EXPECT_EQ(tracker.published_sequence(), 11u);
  tracker.Acknowledged(12);
  EXPECT_EQ(tracker.published_sequence(), 12u);
}

TEST(DeliveryTrackerTest, AnyOrderEndsFullyPublished) {
  std::mt19937 random(7);
  for (int round = 0; round < 50; ++round) {
    DeliveryTracker tracker(100);
    std::vector<uint64_t> order(500);
    std::iota(order.begin(), order.end(), 101);
    for (uint64_t s : order) tracker.Sent(s);
    std::shuffle(order.begin(), order.end(), random);
    uint64_t acknowledged_below = 100;
    std::vector<bool> acked(601, false);
    for (uint64_t s : order) {
      tracker.Acknowledged(s);
      acked[s] = true;
      while (acknowledged_below < 600 && acked[acknowledged_below + 1]) {
        ++acknowledged_below;
      }
      ASSERT_EQ(tracker.published_sequence(), acknowledged_below);
    }
    EXPECT_EQ(tracker.published_sequence(), 600u);
  }
}

}  // namespace
}  // namespace gatekeeper::daemon
