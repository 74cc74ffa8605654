// gatekeeperd's flags and config file: what an operator types is what the
// daemon runs with, and mistakes are refused with a message that names the flag
// or the file and line.
#include "services/daemon/daemon_config.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace gatekeeper::daemon {
namespace {

absl::StatusOr<DaemonConfig> Parse(const std::vector<std::string>& args) {
  std::vector<absl::string_view> views(args.begin(), args.end());
  return ParseDaemonArgs(views);
}

std::string WriteConfigFile(const std::string& text) {
  std::string path = ::testing::TempDir() + "/gatekeeperd-" + std::to_string(::getpid()) + "-" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".conf";
  std::ofstream(path) << text;
  return path;
}

TEST(DaemonConfigTest, DefaultsFollowTheContract) {
  auto config = Parse({"--brokers", "k1:9092,k2:9092", "--data-dir", "/var/lib/gk"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->brokers, "k1:9092,k2:9092");
  EXPECT_EQ(config->data_dir, "/var/lib/gk");
  EXPECT_EQ(config->group_id, "gatekeeperd");
  EXPECT_EQ(config->topics.declarations, "gatekeeper.declarations");
  EXPECT_EQ(config->topics.licensing, "gatekeeper.licensing");
  EXPECT_EQ(config->topics.decisions, "gatekeeper.decisions");
  EXPECT_EQ(config->topics.usage, "gatekeeper.usage");
  EXPECT_EQ(config->topics.deadletter, "gatekeeper.deadletter");
  EXPECT_EQ(config->batch_max_records, 1000u);
  EXPECT_EQ(config->batch_max_delay_ms, 5);
  EXPECT_EQ(config->outbox_max_backlog, 100000u);
  EXPECT_EQ(config->output_format, OutputFormat::kProtobuf);
  EXPECT_FALSE(config->embedded_kafka);
}

TEST(DaemonConfigTest, EveryTopicAndSizeIsOverridable) {
  auto config = Parse({"--brokers=k:1",        "--data-dir=d",
                       "--group-id",           "gk-test",
                       "--declarations-topic", "in.customs",
                       "--licensing-topic",    "in.authority",
                       "--decisions-topic",    "out.decisions",
                       "--usage-topic",        "out.usage",
                       "--deadletter-topic",   "out.dlq",
                       "--batch-max-records",  "50",
                       "--batch-max-delay-ms", "20",
                       "--outbox-max-backlog", "10",
                       "--output-format",      "json"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->group_id, "gk-test");
  EXPECT_EQ(config->topics.All(),
            (std::vector<std::string>{"in.customs", "in.authority", "out.decisions", "out.usage",
                                      "out.dlq"}));
  EXPECT_EQ(config->batch_max_records, 50u);
  EXPECT_EQ(config->batch_max_delay_ms, 20);
  EXPECT_EQ(config->outbox_max_backlog, 10u);
  EXPECT_EQ(config->output_format, OutputFormat::kJson);
}

TEST(DaemonConfigTest, EmbeddedKafkaNeedsNoBrokers) {
  auto config = Parse({"--embedded-kafka", "--data-dir", "d"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->embedded_kafka);
}

TEST(DaemonConfigTest, ConfigFileIsReadAndFlagsWin) {
  std::string path = WriteConfigFile(
      "# production cluster\n"
      "brokers = kafka-1:9093,kafka-2:9093\n"
      "data-dir=/srv/gatekeeper\n"
      "\n"
      "batch-max-records=200\n"
      "output-format=json\n"
      "kafka.security.protocol=ssl\n"
      "kafka.compression.type=zstd\n");
  auto config = Parse({"--batch-max-records", "300", "--config", path});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->brokers, "kafka-1:9093,kafka-2:9093");
  EXPECT_EQ(config->data_dir, "/srv/gatekeeper");
  EXPECT_EQ(config->batch_max_records, 300u);
  EXPECT_EQ(config->output_format, OutputFormat::kJson);
  EXPECT_EQ(config->kafka_properties,
            (std::vector<std::pair<std::string, std::string>>{{"security.protocol", "ssl"},
                                                              {"compression.type", "zstd"}}));
}

TEST(DaemonConfigTest, FileErrorsNameTheLine) {
  std::string path = WriteConfigFile("brokers=k:1\nbatch-max-record=5\n");
  auto config = Parse({"--config", path, "--data-dir", "d"});
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find(path + ":2"), std::string::npos) << config.status();
  EXPECT_NE(config.status().message().find("batch-max-record"), std::string::npos);
}

TEST(DaemonConfigTest, ExactlyOnceSettingsCannotBeOverridden) {
  for (const char* property :
       {"enable.auto.commit=true", "enable.idempotence=false", "acks=1",
        "enable.auto.offset.store=true", "isolation.level=read_uncommitted"}) {
    auto config = Parse({"--brokers", "k:1", "--data-dir", "d", "--kafka", property});
    ASSERT_FALSE(config.ok()) << property;
    EXPECT_NE(config.status().message().find("exactly-once"), std::string::npos) << config.status();
  }
}

TEST(DaemonConfigTest, MistakesAreRefusedWithTheFlagName) {
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {{"--data-dir", "d"}, "--brokers"},
           {{"--brokers", "k:1"}, "--data-dir"},
           {{"--brokers", "k:1", "--data-dir", "d", "--batch-max-records", "0"},
            "--batch-max-records"},
           {{"--brokers", "k:1", "--data-dir", "d", "--output-format", "xml"}, "--output-format"},
           {{"--brokers", "k:1", "--data-dir", "d", "--bogus", "1"}, "--bogus"},
           {{"--brokers", "k:1", "--data-dir", "d", "--kafka", "noequals"}, "--kafka"},
           {{"--brokers"}, "--brokers"},
       }) {
    auto config = Parse(c.args);
    ASSERT_FALSE(config.ok()) << c.expected;
    EXPECT_NE(config.status().message().find(c.expected), std::string::npos) << config.status();
  }
}

TEST(DaemonConfigTest, DispositionsOnKafkaAndOffsetResetAreFlags) {
  auto defaults = Parse({"--brokers", "k:1", "--data-dir", "d"});
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_TRUE(defaults->kafka_dispositions);
  EXPECT_FALSE(defaults->reset_offsets);
  auto config = Parse(
      {"--brokers", "k:1", "--data-dir", "d", "--kafka-dispositions=false", "--reset-offsets"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_FALSE(config->kafka_dispositions);
  EXPECT_TRUE(config->reset_offsets);
  std::string path = WriteConfigFile("kafka-dispositions=no\n");
  auto from_file = Parse({"--brokers", "k:1", "--data-dir", "d", "--config", path});
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_FALSE(from_file->kafka_dispositions);
}

TEST(DaemonConfigTest, InputTopicsMustDiffer) {
  auto config = Parse(
      {"--brokers", "k:1", "--data-dir", "d", "--licensing-topic", "gatekeeper.declarations"});
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("must differ"), std::string::npos) << config.status();
}

TEST(DaemonConfigTest, HelpIsNotAnError) {
  auto config = Parse({"--help"});
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->show_help);
  EXPECT_NE(DaemonUsage().find("--batch-max-delay-ms"), std::string::npos);
}

}  // namespace
}  // namespace gatekeeper::daemon
