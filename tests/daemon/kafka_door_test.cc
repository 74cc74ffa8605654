// The Kafka door end to end against librdkafka's mock cluster, in one process:
// records in (binary protobuf and JSON), decisions and usage records out, bad
// records to the dead-letter topic with their headers, and the stream going on
// after each.
#include <librdkafka/rdkafkacpp.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/codec/event_codec.h"
#include "services/daemon/embedded_cluster.h"
#include "services/daemon/kafka_conf.h"
#include "services/daemon/stream_processor.h"
#include "services/daemon/topic_names.h"
#include "storage/store.h"
#include "tools/loadgen/group_lag.h"
#include "tools/loadgen/output_records.h"
#include "tools/loadgen/topic_reader.h"

namespace gatekeeper::daemon {
namespace {

using loadgen::TopicRecord;
using Clock = std::chrono::steady_clock;

constexpr char kLicenceJson[] = R"json({"licence": {
  "licenceId": "NL-DU-2025-000123", "type": "INDIVIDUAL", "status": "ACTIVE",
  "holderEori": "NL123456789", "issuedBy": "NL-CDIU",
  "validFrom": "2025-01-01", "validUntil": "2026-12-31", "destinations": ["CN"],
  "endUsers": [{"name": "Shenzhen Optics Co., Ltd.", "country": "CN"}],
  "lines": [{"lineNo": 1, "controlCode": "6A002", "cnCode": "854149",
             "quantity": {"amount": "100", "unit": "NAR"}, "valueEur": "120000.00",
             "description": "infrared focal plane arrays"}]}})json";

// A declaration of `amount` NAR against the licence above.
std::string DeclarationJson(const std::string& mrn, int amount) {
  return absl::StrCat(
      R"json({"declaration": {"mrn": ")json", mrn,
      R"json(", "version": 1, "lodgedAt": "2025-06-02T08:15:00Z",
    "declarationType": "EX", "procedure": "1000",
    "exporter": {"eori": "NL123456789", "name": "Veldhoven Photonics BV", "country": "NL"},
    "consignee": {"name": "Shenzhen Optics Co., Ltd.", "country": "CN"},
    "destinationCountry": "CN", "officeOfExport": "NL000396", "officeOfExit": "NL000510",
    "items": [{"itemNo": 1, "cnCode": "85414900", "description": "infrared detector arrays",
      "netMassKg": "12.5", "quantity": {"amount": ")json",
      amount, R"json(", "unit": "NAR"}, "valueEur": ")json", amount * 1200,
      R"json(.00", "controlCode": "6A002.a.3",
      "documents": [{"code": "X060", "reference": "NL-DU-2025-000123"}]}]}})json");
}

std::string Binary(const std::string& json) {
  absl::StatusOr<v1::Event> event = DecodeEventJson(json);
  EXPECT_TRUE(event.ok()) << event.status();
  return event.ok() ? event->SerializeAsString() : "";
}

struct Produced {
  int32_t partition = -1;
  int64_t offset = -1;
};

// A plain producer for the test's input records, with their delivery
// coordinates.
class TestProducer : public RdKafka::DeliveryReportCb {
 public:
  explicit TestProducer(const std::string& brokers) {
    auto conf = MakeKafkaConf({{"bootstrap.servers", brokers},
                               {"message.max.bytes", "4194304"},
                               {"linger.ms", "0"}});
    EXPECT_TRUE(conf.ok()) << conf.status();
    std::string error;
    (*conf)->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(this), error);
    producer_.reset(RdKafka::Producer::create(conf->get(), error));
    EXPECT_NE(producer_, nullptr) << error;
  }

  void dr_cb(RdKafka::Message& message) override {
    EXPECT_EQ(message.err(), RdKafka::ERR_NO_ERROR) << message.errstr();
    last_ = {message.partition(), message.offset()};
  }

  // Sends one record and waits for its acknowledgement.
  Produced Send(const std::string& topic, const std::string& key,
                const std::string& value, bool json) {
    last_ = {};
    Queue(topic, key, value, json);
    producer_->flush(10000);
    return last_;
  }

  // Hands one record to the producer without waiting.
  void Queue(const std::string& topic, const std::string& key,
             const std::string& value, bool json) {
    RdKafka::Headers* headers = RdKafka::Headers::create();
    if (json) headers->add("content-type", "application/json");
    RdKafka::ErrorCode err = producer_->produce(
        topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
        const_cast<char*>(value.data()), value.size(), key.data(), key.size(),
        0, headers, nullptr);
    EXPECT_EQ(err, RdKafka::ERR_NO_ERROR) << RdKafka::err2str(err);
    if (err != RdKafka::ERR_NO_ERROR) delete headers;
  }

  void Flush() { producer_->flush(10000); }

 private:
  std::unique_ptr<RdKafka::Producer> producer_;
  Produced last_;
};

// Reads a topic from the beginning until `done` holds for what was read, or 60
// s.
std::vector<TopicRecord> ReadUntil(
    const std::string& brokers, const std::string& topic,
    const std::function<bool(const std::vector<TopicRecord>&)>& done) {
  std::vector<TopicRecord> records;
  auto reader =
      loadgen::TopicReader::Create(brokers, topic, /*from_beginning=*/true);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return records;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
  while (!done(records) && Clock::now() < deadline) {
    auto record = (*reader)->Poll(100);
    if (record.ok() && record->has_value())
      records.push_back(std::move(**record));
  }
  return records;
}

std::map<std::string, v1::Decision> LatestDecisions(
    const std::vector<TopicRecord>& records) {
  std::map<std::string, v1::Decision> latest;
  for (const TopicRecord& record : records) {
    absl::StatusOr<v1::Decision> decision =
        loadgen::DecodeDecisionRecord(record);
    EXPECT_TRUE(decision.ok()) << decision.status();
    if (!decision.ok()) continue;
    v1::Decision& slot = latest[decision->mrn()];
    if (decision->sequence() > slot.sequence()) slot = *decision;
  }
  return latest;
}

bool HasReason(const v1::Decision& decision, v1::ReasonCode code) {
  for (const v1::ItemDecision& item : decision.items()) {
    for (const v1::Reason& reason : item.reasons()) {
      if (reason.code() == code) return true;
    }
  }
  return false;
}

class KafkaDoorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster =
        EmbeddedCluster::Start({.partitions = 3, .topics = topics_.All()});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
    data_dir_ = absl::StrCat(
        ::testing::TempDir(), "/kafka-door-", ::getpid(), "-",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(data_dir_);
    producer_ = std::make_unique<TestProducer>(brokers());
  }

  void TearDown() override {
    StopDaemon();
    std::filesystem::remove_all(data_dir_);
  }

  const std::string& brokers() const { return cluster_->bootstrap_servers(); }

  void StartDaemon(OutputFormat format = OutputFormat::kProtobuf,
                   uint64_t outbox_max_backlog = 100000) {
    auto store = storage::Store::Open({.data_dir = data_dir_, .sync = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    StreamProcessorOptions options;
    KafkaProperties kafka = {{"session.timeout.ms", "6000"},
                             {"heartbeat.interval.ms", "500"},
                             {"fetch.wait.max.ms", "20"}};
    options.input = {.brokers = brokers(),
                     .group_id = "kafka-door-test",
                     .topics = {topics_.declarations, topics_.licensing},
                     .kafka_properties = kafka};
    options.output = {.brokers = brokers(),
                      .topics = topics_,
                      .format = format,
                      .kafka_properties = kafka};
    options.batch_max_records = 100;
    options.outbox_max_backlog = outbox_max_backlog;
    options.metrics_interval_ms = 0;
    stop_ = false;
    processor_ = std::make_unique<StreamProcessor>(std::move(options), *store_);
    thread_ = std::thread([this] { status_ = processor_->Run(stop_); });
  }

  // Stops gracefully and returns the processor's metrics.
  // Licensing and declarations are different topics, so the daemon may read a
  // declaration before a licence published earlier (docs/STREAMING.md, "Order").
  // A test that needs the licence in force waits until the daemon has committed
  // every licensing record it was sent.
  void WaitUntilLicensingApplied() {
    absl::Status consumed =
        loadgen::WaitUntilConsumed(brokers(), "kafka-door-test", topics_.licensing, 60);
    ASSERT_TRUE(consumed.ok()) << consumed;
  }

  DaemonMetrics StopDaemon() {
    if (!thread_.joinable()) return {};
    stop_ = true;
    thread_.join();
    EXPECT_TRUE(status_.ok()) << status_;
    DaemonMetrics metrics = processor_->metrics();
    processor_.reset();
    store_.reset();
    return metrics;
  }

  TopicNames topics_;
  std::unique_ptr<EmbeddedCluster> cluster_;
  std::string data_dir_;
  std::unique_ptr<TestProducer> producer_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<StreamProcessor> processor_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  absl::Status status_;
};

TEST_F(KafkaDoorTest, JsonAndProtobufDeclarationsAreDecided) {
  StartDaemon();
  producer_->Send(topics_.licensing, "NL123456789", kLicenceJson,
                  /*json=*/true);
  WaitUntilLicensingApplied();
  producer_->Send(topics_.declarations, "NL123456789",
                  DeclarationJson("25NL4A7B9C2D1E3F5G", 40), /*json=*/true);
  producer_->Send(topics_.declarations, "NL123456789",
                  Binary(DeclarationJson("25NL4A7B9C2D1E3F6H", 70)),
                  /*json=*/false);

  auto decisions = ReadUntil(
      brokers(), topics_.decisions,
      [](const auto& records) { return LatestDecisions(records).size() >= 2; });
  std::map<std::string, v1::Decision> latest = LatestDecisions(decisions);
  ASSERT_EQ(latest.size(), 2u);
  const v1::Decision& cleared = latest["25NL4A7B9C2D1E3F5G"];
  EXPECT_EQ(cleared.status(), v1::CLEARED);
  EXPECT_EQ(cleared.outcome(), v1::CLEAR);
  ASSERT_EQ(cleared.items_size(), 1);
  ASSERT_EQ(cleared.items(0).attributions_size(), 1);
  EXPECT_EQ(cleared.items(0).attributions(0).licence_id(), "NL-DU-2025-000123");
  EXPECT_EQ(cleared.items(0).attributions(0).quantity().amount(), "40");
  EXPECT_EQ(cleared.items(0).attributions(0).state(), v1::CONSUMED);
  const v1::Decision& held = latest["25NL4A7B9C2D1E3F6H"];
  EXPECT_EQ(held.status(), v1::HELD);
  EXPECT_EQ(held.outcome(), v1::HOLD);
  EXPECT_TRUE(HasReason(held, v1::QUANTITY_EXCEEDED)) << held.DebugString();
  // Keyed by MRN (records of different MRNs may sit in different partitions,
  // so the topic has no order across them).
  for (const TopicRecord& record : decisions) {
    absl::StatusOr<v1::Decision> decision = loadgen::DecodeDecisionRecord(record);
    ASSERT_TRUE(decision.ok()) << decision.status();
    EXPECT_EQ(record.key, decision->mrn());
    EXPECT_EQ(record.Header("content-type"), "application/x-protobuf");
  }

  auto usage = ReadUntil(brokers(), topics_.usage,
                         [](const auto& records) { return !records.empty(); });
  ASSERT_EQ(usage.size(), 1u);
  EXPECT_EQ(usage[0].key, "NL-DU-2025-000123");
  absl::StatusOr<v1::UsageRecord> record = loadgen::DecodeUsageRecord(usage[0]);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->mrn(), "25NL4A7B9C2D1E3F5G");
  EXPECT_EQ(record->action(), v1::CONSUME);
  EXPECT_EQ(record->quantity().amount(), "40");
  EXPECT_EQ(record->quantity().unit(), "NAR");
  EXPECT_LT(record->sequence(), cleared.sequence());
}

TEST_F(KafkaDoorTest, JsonOutputFormat) {
  StartDaemon(OutputFormat::kJson);
  producer_->Send(topics_.licensing, "NL123456789", Binary(kLicenceJson),
                  /*json=*/false);
  WaitUntilLicensingApplied();
  producer_->Send(topics_.declarations, "NL123456789",
                  Binary(DeclarationJson("25NL4A7B9C2D1E3F5G", 10)),
                  /*json=*/false);
  auto decisions =
      ReadUntil(brokers(), topics_.decisions,
                [](const auto& records) { return !records.empty(); });
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].Header("content-type"), "application/json");
  const std::string& value = decisions[0].value;
  EXPECT_EQ(value.front(), '{');
  EXPECT_NE(value.find("\"status\":\"CLEARED\""), std::string::npos) << value;
  EXPECT_EQ(value.find('\n'), std::string::npos);
}

TEST_F(KafkaDoorTest, BadRecordsGoToTheDeadLetterTopicAndTheStreamFlows) {
  StartDaemon();
  producer_->Send(topics_.licensing, "NL123456789", kLicenceJson,
                  /*json=*/true);
  WaitUntilLicensingApplied();

  struct Bad {
    std::string name;
    std::string value;
    bool json;
    std::string error_contains;
  };
  std::vector<Bad> bad = {
      {"garbage", std::string("\xff\xfe\x00\x01garbage", 11), false, ""},
      {"invalid-json", R"({"declaration": {"mrn": "25NL)", true, ""},
      {"oversized", std::string((1 << 20) + 512 * 1024, 'x'), false, "limit"},
      // Refused by the engine: there is no such declaration to release.
      {"refused",
       R"({"disposition": {"mrn": "25NL000000000000Z9", "version": 1, "action": "RELEASE",
           "officerId": "NL-OFF-7"}})",
       true, ""},
  };
  std::map<std::string, Produced> produced_at;
  for (const Bad& record : bad) {
    produced_at[record.name] = producer_->Send(
        topics_.declarations, record.name, record.value, record.json);
    ASSERT_GE(produced_at[record.name].offset, 0) << record.name;
  }
  // The stream goes on: a good declaration after the bad ones is decided.
  producer_->Send(topics_.declarations, "NL123456789",
                  DeclarationJson("25NL4A7B9C2D1E3F5G", 5), /*json=*/true);

  auto dead = ReadUntil(
      brokers(), topics_.deadletter,
      [&](const auto& records) { return records.size() >= bad.size(); });
  ASSERT_EQ(dead.size(), bad.size());
  std::map<std::string, const TopicRecord*> by_key;
  for (const TopicRecord& record : dead) {
    ASSERT_TRUE(record.key.has_value());
    by_key[*record.key] = &record;
  }
  for (const Bad& record : bad) {
    SCOPED_TRACE(record.name);
    ASSERT_TRUE(by_key.contains(record.name));
    const TopicRecord& letter = *by_key[record.name];
    EXPECT_EQ(letter.value, record.value);
    std::optional<std::string> error = letter.Header("gk-error");
    ASSERT_TRUE(error.has_value());
    EXPECT_FALSE(error->empty());
    EXPECT_NE(error->find(record.error_contains), std::string::npos) << *error;
    EXPECT_EQ(letter.Header("gk-source-topic"), topics_.declarations);
    EXPECT_EQ(letter.Header("gk-source-partition"),
              absl::StrCat(produced_at[record.name].partition));
    EXPECT_EQ(letter.Header("gk-source-offset"),
              absl::StrCat(produced_at[record.name].offset));
  }

  auto decisions =
      ReadUntil(brokers(), topics_.decisions,
                [](const auto& records) { return !records.empty(); });
  std::map<std::string, v1::Decision> latest = LatestDecisions(decisions);
  ASSERT_TRUE(latest.contains("25NL4A7B9C2D1E3F5G"));
  EXPECT_EQ(latest["25NL4A7B9C2D1E3F5G"].status(), v1::CLEARED);

  DaemonMetrics metrics = StopDaemon();
  EXPECT_EQ(metrics.dead_letters_undecodable, 2u);
  EXPECT_EQ(metrics.dead_letters_oversized, 1u);
  EXPECT_EQ(metrics.dead_letters_refused, 1u);
}

TEST_F(KafkaDoorTest, MalformedDeclarationIsARejectedDecisionNotADeadLetter) {
  StartDaemon();
  producer_->Send(topics_.declarations, "NL123456789",
                  DeclarationJson("not-an-mrn", 5), /*json=*/true);
  producer_->Send(topics_.declarations, "NL123456789",
                  DeclarationJson("25NL4A7B9C2D1E3F5G", 5), /*json=*/true);
  auto decisions =
      ReadUntil(brokers(), topics_.decisions,
                [](const auto& records) { return records.size() >= 2; });
  std::map<std::string, v1::Decision> latest = LatestDecisions(decisions);
  ASSERT_TRUE(latest.contains("not-an-mrn"));
  EXPECT_EQ(latest["not-an-mrn"].status(), v1::REJECTED);
  EXPECT_EQ(latest["not-an-mrn"].outcome(), v1::REJECT);
  EXPECT_NE(latest["not-an-mrn"].error().find("mrn"), std::string::npos)
      << latest["not-an-mrn"].error();
  DaemonMetrics metrics = StopDaemon();
  EXPECT_EQ(metrics.dead_letters(), 0u);
}

TEST_F(KafkaDoorTest, RestartResumesWhereTheStoreLeftOff) {
  StartDaemon();
  producer_->Send(topics_.licensing, "NL123456789", kLicenceJson,
                  /*json=*/true);
  WaitUntilLicensingApplied();
  for (int i = 0; i < 5; ++i) {
    producer_->Send(
        topics_.declarations, "NL123456789",
        DeclarationJson(absl::StrCat("25NL4A7B9C2D1E3F", i, "A"), 1),
        /*json=*/true);
  }
  ReadUntil(brokers(), topics_.decisions, [](const auto& records) {
    return LatestDecisions(records).size() >= 5;
  });
  StopDaemon();

  // Records published while the daemon is down are applied after the restart,
  // and the five already applied are not applied again (no second decision, no
  // second write-off).
  for (int i = 5; i < 10; ++i) {
    producer_->Send(
        topics_.declarations, "NL123456789",
        DeclarationJson(absl::StrCat("25NL4A7B9C2D1E3F", i, "A"), 1),
        /*json=*/true);
  }
  StartDaemon();
  auto decisions =
      ReadUntil(brokers(), topics_.decisions, [](const auto& records) {
        return LatestDecisions(records).size() >= 10;
      });
  EXPECT_EQ(LatestDecisions(decisions).size(), 10u);
  std::map<uint64_t, std::string> by_sequence;
  for (const TopicRecord& record : decisions) {
    absl::StatusOr<v1::Decision> decision =
        loadgen::DecodeDecisionRecord(record);
    ASSERT_TRUE(decision.ok());
    auto [it, inserted] =
        by_sequence.emplace(decision->sequence(), decision->mrn());
    if (!inserted) {
      EXPECT_EQ(it->second, decision->mrn());
    }
  }
  EXPECT_EQ(by_sequence.size(), 10u);
  DaemonMetrics metrics = StopDaemon();
  EXPECT_EQ(metrics.records_consumed, 5u);

  auto store = storage::Store::Open({.data_dir = data_dir_, .sync = false});
  ASSERT_TRUE(store.ok()) << store.status();
  auto licence = (*store)->GetLicenceView("NL-DU-2025-000123");
  ASSERT_TRUE(licence.ok()) << licence.status();
  ASSERT_EQ(licence->balances_size(), 1);
  EXPECT_EQ(licence->balances(0).consumed().amount(), "10");
  EXPECT_TRUE((*store)->Verify().ok());
}

TEST_F(KafkaDoorTest, BackPressurePausesInputAndStillDeliversEverything) {
  // Everything is published before the daemon starts, so that its first batches
  // hold far more outputs than the backlog allows.
  producer_->Send(topics_.licensing, "NL123456789", kLicenceJson,
                  /*json=*/true);
  constexpr int kDeclarations = 60;
  for (int i = 0; i < kDeclarations; ++i) {
    producer_->Queue(topics_.declarations, "NL123456789",
                     Binary(DeclarationJson(
                         absl::StrCat("25NL4A7B9C2D1E", 100 + i, "A"), 1)),
                     /*json=*/false);
  }
  producer_->Flush();
  StartDaemon(OutputFormat::kProtobuf, /*outbox_max_backlog=*/4);
  auto decisions =
      ReadUntil(brokers(), topics_.decisions, [](const auto& records) {
        return LatestDecisions(records).size() >= kDeclarations;
      });
  EXPECT_EQ(LatestDecisions(decisions).size(),
            static_cast<size_t>(kDeclarations));
  DaemonMetrics metrics = StopDaemon();
  EXPECT_GE(metrics.pauses, 1u);
  EXPECT_EQ(metrics.backlog, 0u);
}

}  // namespace
}  // namespace gatekeeper::daemon
