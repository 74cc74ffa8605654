// OutputBacklog: what the stream processor publishes from memory, and when it must fall back
// to the store's output log instead (the backlog does not hold the record).
#include "services/daemon/output_backlog.h"

#include <vector>

#include "gtest/gtest.h"

namespace gatekeeper::daemon {
namespace {

std::vector<internal::OutputRecord> Records(uint64_t first, uint64_t count) {
  std::vector<internal::OutputRecord> records(count);
  for (uint64_t i = 0; i < count; ++i) {
    records[i].set_sequence(first + i);
    records[i].mutable_decision()->set_sequence(first + i);
  }
  return records;
}

TEST(OutputBacklogTest, HoldsConsecutiveRecordsUntilDropped) {
  OutputBacklog backlog(100);
  backlog.Add(Records(5, 3));
  backlog.Add(Records(8, 2));
  ASSERT_NE(backlog.Find(5), nullptr);
  EXPECT_EQ(backlog.Find(9)->sequence(), 9u);
  EXPECT_EQ(backlog.Find(4), nullptr) << "before the first held: read it from the store";
  EXPECT_EQ(backlog.Find(10), nullptr) << "not staged yet";
  backlog.DropThrough(7);
  EXPECT_EQ(backlog.Find(7), nullptr);
  EXPECT_EQ(backlog.Find(8)->sequence(), 8u);
  EXPECT_EQ(backlog.size(), 2u);
}

TEST(OutputBacklogTest, AGapReplacesWhatWasHeld) {
  OutputBacklog backlog(100);
  backlog.Add(Records(1, 3));
  // Sequences 4-5 were staged by another door (the gRPC side input) and are only in the
  // store: holding 1-3 next to 6 would make Find(4) wrong.
  backlog.Add(Records(6, 1));
  EXPECT_EQ(backlog.Find(2), nullptr);
  EXPECT_EQ(backlog.Find(4), nullptr);
  EXPECT_EQ(backlog.Find(6)->sequence(), 6u);
  EXPECT_EQ(backlog.size(), 1u);
}

TEST(OutputBacklogTest, StaysWithinItsBound) {
  OutputBacklog backlog(4);
  backlog.Add(Records(1, 10));
  EXPECT_LE(backlog.size(), 4u);
  EXPECT_EQ(backlog.Find(10)->sequence(), 10u) << "the newest records are held";
  EXPECT_EQ(backlog.Find(1), nullptr) << "the oldest are read back from the store";
  for (uint64_t sequence = 1; sequence <= 10; ++sequence) {
    const internal::OutputRecord* held = backlog.Find(sequence);
    if (held != nullptr) EXPECT_EQ(held->sequence(), sequence);
  }
}

}  // namespace
}  // namespace gatekeeper::daemon
