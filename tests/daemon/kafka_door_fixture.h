// The Kafka door's test fixture: librdkafka's mock cluster with the gatekeeper topics, a
// plain producer for input records, readers of the output topics, and a StreamProcessor
// run on its own thread over a store in a temporary directory.
#ifndef GATEKEEPER_TESTS_DAEMON_KAFKA_DOOR_FIXTURE_H_
#define GATEKEEPER_TESTS_DAEMON_KAFKA_DOOR_FIXTURE_H_

#include <librdkafka/rdkafkacpp.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
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

using loadgen::TopicRecord;
using Clock = std::chrono::steady_clock;

inline constexpr char kLicenceJson[] = R"json({"licence": {
  "licenceId": "NL-DU-2025-000123", "type": "INDIVIDUAL", "status": "ACTIVE",
  "holderEori": "NL123456789", "issuedBy": "NL-CDIU",
  "validFrom": "2025-01-01", "validUntil": "2026-12-31", "destinations": ["CN"],
  "endUsers": [{"name": "Shenzhen Optics Co., Ltd.", "country": "CN"}],
  "lines": [{"lineNo": 1, "controlCode": "6A002", "cnCode": "854149",
             "quantity": {"amount": "100", "unit": "NAR"}, "valueEur": "120000.00",
             "description": "infrared focal plane arrays"}]}})json";

// A declaration of `amount` NAR against the licence above.
inline std::string DeclarationJson(const std::string& mrn, int amount,
                                   const std::string& licence_id = "NL-DU-2025-000123") {
  return absl::StrCat(R"json({"declaration": {"mrn": ")json", mrn,
                      R"json(", "version": 1, "lodgedAt": "2025-06-02T08:15:00Z",
    "declarationType": "EX", "procedure": "1000",
    "exporter": {"eori": "NL123456789", "name": "Veldhoven Photonics BV", "country": "NL"},
    "consignee": {"name": "Shenzhen Optics Co., Ltd.", "country": "CN"},
    "destinationCountry": "CN", "officeOfExport": "NL000396", "officeOfExit": "NL000510",
    "items": [{"itemNo": 1, "cnCode": "85414900", "description": "infrared detector arrays",
      "netMassKg": "12.5", "quantity": {"amount": ")json",
                      amount, R"json(", "unit": "NAR"}, "valueEur": ")json", amount * 1200,
                      R"json(.00", "controlCode": "6A002.a.3",
      "documents": [{"code": "X060", "reference": ")json",
                      licence_id, R"json("}]}]}})json");
}

inline std::string Binary(const std::string& json) {
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
    auto conf = MakeKafkaConf(
        {{"bootstrap.servers", brokers}, {"message.max.bytes", "4194304"}, {"linger.ms", "0"}});
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
  // `partition`: PARTITION_UA = by key.
  Produced Send(const std::string& topic, const std::string& key, const std::string& value,
                bool json, int32_t partition = RdKafka::Topic::PARTITION_UA) {
    last_ = {};
    Queue(topic, key, value, json, partition);
    producer_->flush(10000);
    return last_;
  }

  // Hands one record to the producer without waiting.
  void Queue(const std::string& topic, const std::string& key, const std::string& value, bool json,
             int32_t partition = RdKafka::Topic::PARTITION_UA) {
    RdKafka::Headers* headers = RdKafka::Headers::create();
    if (json) headers->add("content-type", "application/json");
    RdKafka::ErrorCode err = producer_->produce(topic, partition, RdKafka::Producer::RK_MSG_COPY,
                                                const_cast<char*>(value.data()), value.size(),
                                                key.data(), key.size(), 0, headers, nullptr);
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
inline std::vector<TopicRecord> ReadUntil(
    const std::string& brokers, const std::string& topic,
    const std::function<bool(const std::vector<TopicRecord>&)>& done) {
  std::vector<TopicRecord> records;
  auto reader = loadgen::TopicReader::Create(brokers, topic, /*from_beginning=*/true);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return records;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
  while (!done(records) && Clock::now() < deadline) {
    auto record = (*reader)->Poll(100);
    if (record.ok() && record->has_value()) records.push_back(std::move(**record));
  }
  return records;
}

inline std::map<std::string, v1::Decision> LatestDecisions(
    const std::vector<TopicRecord>& records) {
  std::map<std::string, v1::Decision> latest;
  for (const TopicRecord& record : records) {
    absl::StatusOr<v1::Decision> decision = loadgen::DecodeDecisionRecord(record);
    EXPECT_TRUE(decision.ok()) << decision.status();
    if (!decision.ok()) continue;
    v1::Decision& slot = latest[decision->mrn()];
    if (decision->sequence() > slot.sequence()) slot = *decision;
  }
  return latest;
}

inline bool HasReason(const v1::Decision& decision, v1::ReasonCode code) {
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
    auto cluster = EmbeddedCluster::Start({.partitions = 3, .topics = topics_.All()});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
    data_dir_ = absl::StrCat(::testing::TempDir(), "/kafka-door-", ::getpid(), "-",
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
    StartDaemonWith([&](StreamProcessorOptions& options) {
      options.output.format = format;
      options.outbox_max_backlog = outbox_max_backlog;
    });
  }

  // Starts the daemon on `brokers` (default: the fixture's cluster) with the test's
  // options, changed by `customize`.
  void StartDaemonWith(const std::function<void(StreamProcessorOptions&)>& customize,
                       const std::string& brokers_override = "") {
    auto store = storage::Store::Open({.data_dir = data_dir_, .sync = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    StreamProcessorOptions options =
        TestOptions(brokers_override.empty() ? brokers() : brokers_override);
    customize(options);
    stop_ = false;
    exited_ = false;
    processor_ = std::make_unique<StreamProcessor>(std::move(options), *store_);
    thread_ = std::thread([this] {
      status_ = processor_->Run(stop_);
      exited_ = true;
    });
  }

  StreamProcessorOptions TestOptions(const std::string& brokers) {
    StreamProcessorOptions options;
    KafkaProperties kafka = {{"session.timeout.ms", "6000"},
                             {"heartbeat.interval.ms", "500"},
                             {"fetch.wait.max.ms", "20"}};
    options.input = {.brokers = brokers,
                     .group_id = "kafka-door-test",
                     .topics = {topics_.declarations, topics_.licensing},
                     .kafka_properties = kafka};
    options.output = {.brokers = brokers, .topics = topics_, .kafka_properties = kafka};
    options.batch_max_records = 100;
    options.metrics_interval_ms = 0;
    return options;
  }

  // Waits up to `timeout` for Run to return by itself (a refusal to start); the status it
  // returned, or nullopt when it is still running (then it is stopped).
  std::optional<absl::Status> WaitForExit(std::chrono::seconds timeout) {
    const Clock::time_point deadline = Clock::now() + timeout;
    while (!exited_ && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const bool exited = exited_;
    stop_ = true;
    thread_.join();
    processor_.reset();
    store_.reset();
    if (!exited) return std::nullopt;
    return status_;
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
  std::atomic<bool> exited_{false};
  std::thread thread_;
  absl::Status status_;
};

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_TESTS_DAEMON_KAFKA_DOOR_FIXTURE_H_
