// The gRPC door inside gatekeeperd's stream processor, against librdkafka's mock cluster,
// in one process: events from gRPC and from Kafka take one path. They are decided against
// the same ledger, get sequences from the same counter, go out on the same Kafka topics,
// and appear on the same gRPC watch streams.
#include <librdkafka/rdkafkacpp.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gatekeeper/v1/services.grpc.pb.h"
#include "gateway/client_channel.h"
#include "gateway/gateway_server.h"
#include "gateway/stream_side_input.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "services/codec/event_codec.h"
#include "services/daemon/embedded_cluster.h"
#include "services/daemon/kafka_conf.h"
#include "services/daemon/stream_processor.h"
#include "services/daemon/topic_names.h"
#include "storage/store.h"
#include "tests/gateway/gateway_test_support.h"
#include "tools/loadgen/output_records.h"
#include "tools/loadgen/topic_reader.h"

namespace gatekeeper::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kOffice[] = "NL000396";
constexpr char kLicenceId[] = "NL-DU-2025-000123";

std::unique_ptr<grpc::ClientContext> Call(int seconds = 30) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

using Clock = std::chrono::steady_clock;

// What "at once" means in these tests: far below a Kafka poll cycle plus an fsync on a
// loaded machine, far above a local call.
constexpr auto kAtOnce = std::chrono::milliseconds(1000);

// `amount` NAR against kLicenceId (100 NAR).
v1::Event DeclarationOf(const std::string& mrn, int amount) {
  v1::Event event = Declaration(mrn, kOffice, kLicenceId);
  event.mutable_declaration()->mutable_items(0)->mutable_quantity()->set_amount(
      absl::StrCat(amount));
  return event;
}

class DaemonDoorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = daemon::EmbeddedCluster::Start({.partitions = 1, .topics = topics_.All()});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
    data_dir_ = ScratchDir("daemon-door");
    auto store = storage::Store::Open({.data_dir = data_dir_});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    auto backend = gateway::GatewayBackend::Create(*store_, {});
    ASSERT_TRUE(backend.ok()) << backend.status();
    backend_ = std::move(*backend);
    gateway::GatewayServerOptions server_options;
    server_options.listen_address = "127.0.0.1:0";
    server_options.tls = {.ca_file = DevCertDir() + "/ca.pem",
                          .cert_file = DevCertDir() + "/server.pem",
                          .key_file = DevCertDir() + "/server.key"};
    server_options.watch = watch_;
    auto server = gateway::GatewayServer::Start(server_options, *backend_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    side_input_ = std::make_unique<gateway::GatewaySideInput>(*backend_);

    daemon::StreamProcessorOptions options;
    daemon::KafkaProperties kafka = {{"session.timeout.ms", "6000"},
                                     {"heartbeat.interval.ms", "500"},
                                     {"fetch.wait.max.ms", "20"}};
    options.input = {.brokers = brokers(),
                     .group_id = "daemon-door-test",
                     .topics = {topics_.declarations, topics_.licensing},
                     .kafka_properties = kafka};
    options.output = {.brokers = brokers(), .topics = topics_, .kafka_properties = kafka};
    options.metrics_interval_ms = 0;
    options.side_input = side_input_.get();
    processor_ = std::make_unique<daemon::StreamProcessor>(std::move(options), *store_);
    thread_ = std::thread([this] { status_ = processor_->Run(stop_); });
  }

  void TearDown() override {
    if (thread_.joinable()) {
      stop_ = true;
      thread_.join();
      EXPECT_TRUE(status_.ok()) << status_;
    }
    if (server_ != nullptr) {
      server_->SetServing(false);
      side_input_->Close();
      server_->Shutdown(absl::Seconds(2));
    }
    server_.reset();
    processor_.reset();
    side_input_.reset();
    backend_.reset();
    store_.reset();
  }

  const std::string& brokers() const { return cluster_->bootstrap_servers(); }

  std::shared_ptr<grpc::Channel> Channel(const std::string& role) const {
    gateway::ClientConnection connection;
    connection.server = absl::StrCat("127.0.0.1:", server_->port());
    connection.ca_file = DevCertDir() + "/ca.pem";
    connection.cert_file = DevCertDir() + "/" + role + ".pem";
    connection.key_file = DevCertDir() + "/" + role + ".key";
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = gateway::MakeClientChannel(connection);
    EXPECT_TRUE(channel.ok()) << channel.status();
    return *channel;
  }

  // Produces one JSON event on `topic` and waits for the broker's acknowledgement.
  void Produce(const std::string& topic, const v1::Event& event) {
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    ASSERT_EQ(conf->set("bootstrap.servers", brokers(), error), RdKafka::Conf::CONF_OK);
    std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), error));
    ASSERT_NE(producer, nullptr) << error;
    const std::string value = event.SerializeAsString();
    ASSERT_EQ(producer->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                                const_cast<char*>(value.data()), value.size(), nullptr, 0, 0,
                                nullptr, nullptr),
              RdKafka::ERR_NO_ERROR);
    ASSERT_EQ(producer->flush(10000), RdKafka::ERR_NO_ERROR);
  }

  gateway::WatchOptions watch_;
  daemon::TopicNames topics_;
  std::unique_ptr<daemon::EmbeddedCluster> cluster_;
  std::string data_dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<gateway::GatewayBackend> backend_;
  std::unique_ptr<gateway::GatewayServer> server_;
  std::unique_ptr<gateway::GatewaySideInput> side_input_;
  std::unique_ptr<daemon::StreamProcessor> processor_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  absl::Status status_;
};

TEST_F(DaemonDoorTest, GrpcAndKafkaEventsShareOneLedgerOneSequenceAndOneOutbox) {
  // The licence by gRPC.
  auto licensing = v1::LicensingService::NewStub(Channel("licensing"));
  v1::ApplyResponse applied;
  grpc::Status status = licensing->Apply(Call().get(), Licence(kLicenceId), &applied);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // 40 NAR by Kafka; its decision reaches the gRPC watchers.
  auto customs = v1::CustomsService::NewStub(Channel("customs"));
  auto watch_context = Call();
  auto watch = customs->WatchDecisions(watch_context.get(), v1::WatchDecisionsRequest());
  Produce(topics_.declarations, DeclarationOf(Mrn(1), 40));
  v1::Decision from_kafka;
  ASSERT_TRUE(watch->Read(&from_kafka));
  EXPECT_EQ(from_kafka.mrn(), Mrn(1));
  EXPECT_EQ(from_kafka.status(), v1::CLEARED);

  // 80 NAR by gRPC: the same ledger says 60 remain.
  v1::Decision from_grpc;
  status = customs->Submit(Call().get(), DeclarationOf(Mrn(2), 80), &from_grpc);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(from_grpc.status(), v1::HELD);
  ASSERT_EQ(from_grpc.items_size(), 1);
  ASSERT_EQ(from_grpc.items(0).reasons_size(), 1);
  EXPECT_EQ(from_grpc.items(0).reasons(0).code(), v1::QUANTITY_EXCEEDED);
  EXPECT_THAT(from_grpc.items(0).reasons(0).detail(), HasSubstr("remaining 60 NAR"));
  EXPECT_GT(from_grpc.sequence(), from_kafka.sequence());
  v1::Decision watched;
  ASSERT_TRUE(watch->Read(&watched));
  EXPECT_EQ(watched.sequence(), from_grpc.sequence());
  watch_context->TryCancel();

  // The officer refuses it by gRPC, through the same engine and store.
  auto officer = v1::OfficerService::NewStub(Channel("officer"));
  v1::Disposition refuse;
  refuse.set_mrn(Mrn(2));
  refuse.set_action(v1::REFUSE);
  v1::Decision refused;
  status = officer->Dispose(Call().get(), refuse, &refused);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(refused.status(), v1::REFUSED);

  // All three decisions went out on gatekeeper.decisions, with the sequences gRPC gave.
  auto reader = loadgen::TopicReader::Create(brokers(), topics_.decisions, true);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::map<uint64_t, std::string> published;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (published.size() < 3 && std::chrono::steady_clock::now() < deadline) {
    auto record = (*reader)->Poll(100);
    if (!record.ok() || !record->has_value()) continue;
    absl::StatusOr<v1::Decision> decision = loadgen::DecodeDecisionRecord(**record);
    ASSERT_TRUE(decision.ok()) << decision.status();
    published[decision->sequence()] =
        absl::StrCat(decision->mrn(), " ", v1::DeclarationStatus_Name(decision->status()));
  }
  EXPECT_EQ(published,
            (std::map<uint64_t, std::string>{{from_kafka.sequence(), Mrn(1) + " CLEARED"},
                                             {from_grpc.sequence(), Mrn(2) + " HELD"},
                                             {refused.sequence(), Mrn(2) + " REFUSED"}}));
}

// Issue 15 item 3: a call that changes nothing (refused, or a duplicate) is answered at
// once, not when some later commit happens to come along.
TEST_F(DaemonDoorTest, RefusalsAndDuplicatesAreAnsweredAtOnce) {
  auto officer = v1::OfficerService::NewStub(Channel("officer"));
  v1::Disposition unknown;
  unknown.set_mrn(Mrn(99));
  unknown.set_action(v1::RELEASE);
  v1::Decision decision;
  Clock::time_point start = Clock::now();
  grpc::Status status = officer->Dispose(Call(10).get(), unknown, &decision);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("no declaration"));
  EXPECT_LT(Clock::now() - start, kAtOnce);

  // A declaration (held: no licence), then the same again, as a client retrying it.
  auto customs = v1::CustomsService::NewStub(Channel("customs"));
  v1::Decision first;
  status = customs->Submit(Call().get(), DeclarationOf(Mrn(1), 5), &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(first.status(), v1::HELD);
  // Let the daemon's own bookkeeping commits (published position) settle first.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  v1::Decision retried;
  auto retry_context = Call(10);
  start = Clock::now();
  status = customs->Submit(retry_context.get(), DeclarationOf(Mrn(1), 5), &retried);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_LT(Clock::now() - start, kAtOnce);
  EXPECT_EQ(retried.sequence(), first.sequence());
  EXPECT_EQ(retried.status(), v1::HELD);
  auto duplicate = retry_context->GetServerTrailingMetadata().find("gk-duplicate");
  ASSERT_NE(duplicate, retry_context->GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(duplicate->second.data(), duplicate->second.size()), "true");

  // A disposition for a version that is not the current one: refused at once, with why.
  v1::Disposition stale;
  stale.set_mrn(Mrn(1));
  stale.set_version(7);
  stale.set_action(v1::RELEASE);
  start = Clock::now();
  status = officer->Dispose(Call(10).get(), stale, &decision);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("version 7"));
  EXPECT_LT(Clock::now() - start, kAtOnce);
}

// Watch buffers of 16 records, so that a subscriber that does not read is soon too slow.
class DaemonDoorSmallBufferTest : public DaemonDoorTest {
 protected:
  static constexpr size_t kBufferRecords = 16;
  DaemonDoorSmallBufferTest() {
    watch_.subscriber_buffer_records = kBufferRecords;
    watch_.catch_up_page_records = kBufferRecords;
  }
};

// Issue 15 item 9: a WatchHolds subscriber that reads nothing costs a bounded buffer, is
// cut off with RESOURCE_EXHAUSTED naming where to resume, and delays neither Submit
// calls nor another officer's watch.
TEST_F(DaemonDoorSmallBufferTest, SlowHoldsWatcherIsCutOffWithoutStallingSubmitsOrOthers) {
  constexpr int kHolds = 200;  // over 12 buffers' worth
  const std::string address = absl::StrCat("127.0.0.1:", server_->port());
  auto slow_stub = v1::OfficerService::NewStub(
      DevTlsChannel(address, "officer", /*max_receive_window_bytes=*/1024));
  auto slow_context = Call(60);
  v1::WatchHoldsRequest request;
  request.set_office_of_export(kOffice);
  auto slow = slow_stub->WatchHolds(slow_context.get(), request);

  auto fast_stub = v1::OfficerService::NewStub(DevTlsChannel(address, "officer"));
  auto fast_context = Call(60);
  auto fast = fast_stub->WatchHolds(fast_context.get(), request);
  std::atomic<int> fast_received{0};
  std::thread fast_reader([&] {
    v1::Decision decision;
    while (fast_received.load() < kHolds && fast->Read(&decision)) ++fast_received;
  });
  for (int i = 0; i < 500 && backend_->feed().listener_count() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(backend_->feed().listener_count(), 2u);

  // Holds by gRPC, one call after another (no licence: LICENCE_NOT_FOUND holds each).
  auto customs = v1::CustomsService::NewStub(Channel("customs"));
  Clock::duration slowest_submit{};
  for (int i = 1; i <= kHolds; ++i) {
    v1::Decision decision;
    const Clock::time_point start = Clock::now();
    grpc::Status status = customs->Submit(Call(10).get(), DeclarationOf(Mrn(i), 1), &decision);
    slowest_submit = std::max(slowest_submit, Clock::now() - start);
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
    ASSERT_EQ(decision.status(), v1::HELD);
  }
  std::cerr << "slowest Submit: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(slowest_submit).count()
            << " ms\n";
  EXPECT_LT(slowest_submit, std::chrono::seconds(2));

  // The other officer sees every hold.
  for (int wait = 0; wait < 1000 && fast_received.load() < kHolds; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(fast_received.load(), kHolds);
  if (fast_received.load() < kHolds) fast_context->TryCancel();
  fast_reader.join();

  // The slow one was cut off: it holds no buffer any more, and never held more than its
  // bound (both watchers together: two buffers).
  const gateway::WatchStats& stats = server_->watch_stats();
  EXPECT_EQ(stats.subscribers_cut_off.load(), 1u);
  EXPECT_LE(stats.buffered_records_max.load(), static_cast<int64_t>(2 * kBufferRecords));
  EXPECT_EQ(backend_->feed().listener_count(), 1u);

  // It reads what it was sent before the cut, then the status naming where to resume.
  std::vector<std::string> seen;
  uint64_t resume_after = 0;
  v1::Decision decision;
  while (slow->Read(&decision)) {
    seen.push_back(decision.mrn());
    resume_after = decision.sequence();
  }
  grpc::Status cut = slow->Finish();
  EXPECT_EQ(cut.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << cut.error_message();
  ASSERT_FALSE(seen.empty());
  ASSERT_LT(seen.size(), static_cast<size_t>(kHolds));
  EXPECT_THAT(cut.error_message(), HasSubstr(absl::StrCat("resume from sequence ", resume_after)));

  // Resuming from there gives the rest: every hold once, in order.
  auto again_context = Call(30);
  request.set_after_sequence(resume_after);
  auto again = fast_stub->WatchHolds(again_context.get(), request);
  while (seen.size() < static_cast<size_t>(kHolds) && again->Read(&decision)) {
    seen.push_back(decision.mrn());
  }
  again_context->TryCancel();
  ASSERT_EQ(seen.size(), static_cast<size_t>(kHolds));
  for (int i = 1; i <= kHolds; ++i) EXPECT_EQ(seen[i - 1], Mrn(i));
  fast_context->TryCancel();
}

}  // namespace
}  // namespace gatekeeper::testing
