// Issue 15, item 5: a store pointed at another Kafka cluster (or at a partition that ends
// before its stored offset) refuses to start, naming what does not fit, instead of
// silently skipping the new cluster's records as already applied; --reset-offsets forgets
// the stored offsets and reads the new cluster from the start, and the output sequence
// continues.
#include <optional>
#include <set>
#include <string>

#include "services/daemon/input_position_check.h"
#include "tests/daemon/kafka_door_fixture.h"

namespace gatekeeper::daemon {
namespace {

std::string Mrn(int cluster, int i) { return absl::StrCat("25NL4A7B9C2D1E", cluster, i + 10, "A"); }

// The store's metadata value of `key`, or "" (the daemon is stopped).
std::string StoredMeta(const std::string& data_dir, const std::string& key) {
  auto store = storage::Store::Open({.data_dir = data_dir, .sync = false});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? (*store)->GetMeta(key).value_or("") : "";
}

void WriteMeta(const std::string& data_dir, const storage::MetaWrite& write) {
  auto store = storage::Store::Open({.data_dir = data_dir, .sync = false});
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE((*store)->StageMeta({write}).ok());
  ASSERT_TRUE((*store)->Commit().ok());
}

uint64_t MaxSequence(const std::vector<TopicRecord>& records) {
  uint64_t max_sequence = 0;
  for (const auto& [mrn, decision] : LatestDecisions(records)) {
    max_sequence = std::max<uint64_t>(max_sequence, decision.sequence());
  }
  return max_sequence;
}

class KafkaClusterChangeTest : public KafkaDoorTest {};

TEST_F(KafkaClusterChangeTest, AStoreFromAnotherClusterIsRefusedUntilTheOffsetsAreReset) {
  // Cluster 1: seven declarations on partition 0 and three on partition 1.
  StartDaemon();
  for (int i = 0; i < 7; ++i) {
    producer_->Send(topics_.declarations, "NL123456789", DeclarationJson(Mrn(1, i), 1),
                    /*json=*/true, /*partition=*/0);
  }
  for (int i = 7; i < 10; ++i) {
    producer_->Send(topics_.declarations, "NL123456789", DeclarationJson(Mrn(1, i), 1),
                    /*json=*/true, /*partition=*/1);
  }
  auto cluster1_decisions = ReadUntil(brokers(), topics_.decisions, [](const auto& records) {
    return LatestDecisions(records).size() >= 10;
  });
  ASSERT_EQ(LatestDecisions(cluster1_decisions).size(), 10u);
  const uint64_t cluster1_last_sequence = MaxSequence(cluster1_decisions);
  StopDaemon();
  const std::string cluster1_id = StoredMeta(data_dir_, kClusterIdKey);
  EXPECT_NE(cluster1_id, "") << "the cluster id is stored with the first commit";

  // Cluster 2, new and empty (cluster 1 keeps running, so the ids differ): nine
  // declarations on partition 0, whose first seven offsets the store says were applied
  // (issue 15: "skipped 7 of 9"), and partition 1 empty, below its stored offset 3.
  auto second = EmbeddedCluster::Start({.partitions = 3, .topics = topics_.All()});
  ASSERT_TRUE(second.ok()) << second.status();
  const std::string brokers2 = (*second)->bootstrap_servers();
  TestProducer producer2(brokers2);
  for (int i = 0; i < 9; ++i) {
    producer2.Send(topics_.declarations, "NL123456789", DeclarationJson(Mrn(2, i), 1),
                   /*json=*/true, /*partition=*/0);
  }
  const std::string partition_problem = absl::StrCat(
      topics_.declarations, " partition 1: stored offset 3, but the partition ends at 0");

  StartDaemonWith([](StreamProcessorOptions&) {}, brokers2);
  std::optional<absl::Status> refused = WaitForExit(std::chrono::seconds(20));
  ASSERT_TRUE(refused.has_value()) << "gatekeeperd read cluster 2 with cluster 1's offsets";
  EXPECT_TRUE(IsForeignOffsets(*refused)) << *refused;
  const std::string message(refused->message());
  EXPECT_NE(message.find(absl::StrCat("read from Kafka cluster ", cluster1_id, ", but ", brokers2,
                                      " is cluster ")),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(partition_problem), std::string::npos) << message;
  EXPECT_NE(message.find("--reset-offsets"), std::string::npos) << message;

  // A store from before the cluster id was kept: the offset past the end alone refuses.
  WriteMeta(data_dir_, {kClusterIdKey, "", /*erase=*/true});
  StartDaemonWith([](StreamProcessorOptions&) {}, brokers2);
  refused = WaitForExit(std::chrono::seconds(20));
  ASSERT_TRUE(refused.has_value()) << "gatekeeperd skipped records below its stored offset";
  EXPECT_TRUE(IsForeignOffsets(*refused)) << *refused;
  EXPECT_NE(refused->message().find(partition_problem), std::string::npos) << *refused;
  EXPECT_EQ(refused->message().find("read from Kafka cluster"), std::string::npos) << *refused;
  WriteMeta(data_dir_, {kClusterIdKey, cluster1_id});

  // --reset-offsets: every one of the nine is decided, and the sequence goes on.
  StartDaemonWith([](StreamProcessorOptions& options) { options.reset_offsets = true; }, brokers2);
  auto decisions = ReadUntil(brokers2, topics_.decisions, [](const auto& records) {
    return LatestDecisions(records).size() >= 9;
  });
  std::map<std::string, v1::Decision> latest = LatestDecisions(decisions);
  ASSERT_EQ(latest.size(), 9u);
  for (int i = 0; i < 9; ++i) {
    ASSERT_TRUE(latest.contains(Mrn(2, i))) << Mrn(2, i);
    EXPECT_GT(latest[Mrn(2, i)].sequence(), cluster1_last_sequence);
  }
  DaemonMetrics metrics = StopDaemon();
  EXPECT_EQ(metrics.records_skipped, 0u);
  EXPECT_EQ(metrics.decisions, 9u);
  EXPECT_NE(StoredMeta(data_dir_, kClusterIdKey), cluster1_id);

  // From now on the store belongs to cluster 2: a start without the flag runs.
  StartDaemonWith([](StreamProcessorOptions&) {}, brokers2);
  EXPECT_FALSE(WaitForExit(std::chrono::seconds(3)).has_value()) << status_;
  EXPECT_TRUE(status_.ok()) << status_;
}

}  // namespace
}  // namespace gatekeeper::daemon
