// The gRPC gateway through real channels on loopback, with TLS and the development
// certificates: every method of the three services, the role matrix, resume of watch
// streams after a disconnect and after a server restart, and a slow subscriber.
#include <atomic>
#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gatekeeper/v1/services.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "tests/gateway/gateway_test_support.h"

namespace gatekeeper::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kOffice[] = "NL000396";
constexpr char kOtherOffice[] = "BE000100";
constexpr char kLicenceId[] = "NL-DU-2025-000123";

// Every unary call of these tests gives up after this long rather than hang.
std::unique_ptr<grpc::ClientContext> Call(int seconds = 10) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = ScratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  void StartGateway(TestGateway::Options options = {}) {
    gateway_ = std::make_unique<TestGateway>(data_dir_, options);
  }

  v1::Decision Submit(const v1::Event& event) {
    auto stub = v1::CustomsService::NewStub(gateway_->Channel(Caller::kCustoms));
    v1::Decision decision;
    grpc::Status status = stub->Submit(Call().get(), event, &decision);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return decision;
  }

  void ApplyLicence(const std::string& licence_id) {
    auto stub = v1::LicensingService::NewStub(gateway_->Channel(Caller::kLicensing));
    v1::ApplyResponse response;
    grpc::Status status = stub->Apply(Call().get(), Licence(licence_id), &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::string data_dir_;
  std::unique_ptr<TestGateway> gateway_;
};

TEST_F(GatewayTest, CustomsSubmitReturnsTheDurableDecision) {
  StartGateway();
  ApplyLicence(kLicenceId);
  v1::Decision cleared = Submit(Declaration(Mrn(1), kOffice, kLicenceId));
  EXPECT_EQ(cleared.status(), v1::CLEARED);
  EXPECT_EQ(cleared.mrn(), Mrn(1));
  EXPECT_GT(cleared.sequence(), 0u);
  ASSERT_EQ(cleared.items_size(), 1);
  ASSERT_EQ(cleared.items(0).attributions_size(), 1);
  EXPECT_EQ(cleared.items(0).attributions(0).state(), v1::CONSUMED);

  v1::Decision held = Submit(Declaration(Mrn(2), kOffice, "NL-DU-UNKNOWN"));
  EXPECT_EQ(held.status(), v1::HELD);
  ASSERT_EQ(held.items_size(), 1);
  ASSERT_GE(held.items(0).reasons_size(), 1);
  EXPECT_EQ(held.items(0).reasons(0).code(), v1::LICENCE_NOT_FOUND);

  // A duplicate changes nothing and answers with the current decision.
  v1::Decision duplicate = Submit(Declaration(Mrn(1), kOffice, kLicenceId));
  EXPECT_EQ(duplicate.sequence(), cleared.sequence());
  EXPECT_EQ(duplicate.status(), v1::CLEARED);

  // Durable: the decisions are there after the server and its store are closed and opened.
  gateway_->Stop();
  gateway_->Start();
  auto officer = v1::OfficerService::NewStub(gateway_->Channel(Caller::kOfficer));
  v1::GetDecisionRequest request;
  request.set_mrn(Mrn(2));
  v1::Decision found;
  ASSERT_TRUE(officer->GetDecision(Call().get(), request, &found).ok());
  EXPECT_EQ(found.sequence(), held.sequence());
  EXPECT_EQ(found.status(), v1::HELD);
}

TEST_F(GatewayTest, CustomsSubmitRefusesWhatIsNotACustomsEvent) {
  StartGateway();
  auto stub = v1::CustomsService::NewStub(gateway_->Channel(Caller::kCustoms));
  v1::Decision decision;
  grpc::Status status = stub->Submit(Call().get(), Licence(kLicenceId), &decision);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("LicensingService"));

  v1::Event malformed = Declaration("NOT-AN-MRN", kOffice);
  status = stub->Submit(Call().get(), malformed, &decision);
  // A malformed declaration is decided REJECTED (contract §2), not refused.
  if (status.ok()) {
    EXPECT_EQ(decision.status(), v1::REJECTED);
    EXPECT_THAT(decision.error(), HasSubstr("mrn"));
  } else {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
}

TEST_F(GatewayTest, OfficerReadsListsAndDisposes) {
  StartGateway();
  v1::Decision held_here = Submit(Declaration(Mrn(1), kOffice, "NL-DU-UNKNOWN"));
  Submit(Declaration(Mrn(2), kOffice));
  v1::Decision held_there = Submit(Declaration(Mrn(3), kOtherOffice, "NL-DU-UNKNOWN"));
  ASSERT_EQ(held_here.status(), v1::HELD);
  ASSERT_EQ(held_there.status(), v1::HELD);

  auto officer = v1::OfficerService::NewStub(gateway_->Channel(Caller::kOfficer));
  v1::GetDecisionRequest get;
  get.set_mrn(Mrn(9));
  v1::Decision decision;
  EXPECT_EQ(officer->GetDecision(Call().get(), get, &decision).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // ListDeclarations: by office and status, paged.
  v1::ListDeclarationsRequest list;
  list.mutable_filter()->set_office_of_export(kOffice);
  list.mutable_page()->set_page_size(1);
  v1::ListDeclarationsResponse page;
  ASSERT_TRUE(officer->ListDeclarations(Call().get(), list, &page).ok());
  ASSERT_EQ(page.decisions_size(), 1);
  EXPECT_FALSE(page.next_page_token().empty());
  std::vector<std::string> listed = {page.decisions(0).mrn()};
  list.mutable_page()->set_page_token(page.next_page_token());
  ASSERT_TRUE(officer->ListDeclarations(Call().get(), list, &page).ok());
  ASSERT_EQ(page.decisions_size(), 1);
  EXPECT_TRUE(page.next_page_token().empty());
  listed.push_back(page.decisions(0).mrn());
  EXPECT_THAT(listed, ::testing::UnorderedElementsAre(Mrn(1), Mrn(2)));

  v1::ListDeclarationsRequest held_only;
  held_only.mutable_filter()->add_statuses(v1::HELD);
  ASSERT_TRUE(officer->ListDeclarations(Call().get(), held_only, &page).ok());
  std::vector<std::string> held;
  for (const v1::Decision& d : page.decisions()) held.push_back(d.mrn());
  EXPECT_THAT(held, ::testing::UnorderedElementsAre(Mrn(1), Mrn(3)));

  // Dispose: the officer's release, recorded with the certificate's name.
  v1::Disposition release;
  release.set_mrn(Mrn(1));
  release.set_action(v1::RELEASE);
  release.set_note("documents checked at the counter");
  ASSERT_TRUE(officer->Dispose(Call().get(), release, &decision).ok());
  EXPECT_EQ(decision.status(), v1::RELEASED);
  EXPECT_EQ(decision.disposition().officer_id(), "officer-dev");
  EXPECT_EQ(decision.disposition().note(), "documents checked at the counter");

  // Releasing it again is not allowed by the ledger (contract §4): a clear error.
  grpc::Status again = officer->Dispose(Call().get(), release, &decision);
  EXPECT_FALSE(again.ok());
  EXPECT_NE(again.error_code(), grpc::StatusCode::INTERNAL);

  get.set_mrn(Mrn(1));
  ASSERT_TRUE(officer->GetDecision(Call().get(), get, &decision).ok());
  EXPECT_EQ(decision.status(), v1::RELEASED);
}

// Issue 15 item 6: over mTLS the officer is the certificate's, the time the server's.
TEST_F(GatewayTest, DisposeRecordsTheCertificatesOfficerAndTheServersClock) {
  StartGateway();
  for (int i = 1; i <= 3; ++i) {
    ASSERT_EQ(Submit(Declaration(Mrn(i), kOffice, "NL-DU-UNKNOWN")).status(), v1::HELD);
  }
  auto officer = v1::OfficerService::NewStub(gateway_->Channel(Caller::kOfficer));
  v1::Decision decision;

  // Another officer's name: refused, and the declaration stays held.
  v1::Disposition forged;
  forged.set_mrn(Mrn(1));
  forged.set_action(v1::RELEASE);
  forged.set_officer_id("officer-7");
  grpc::Status status = officer->Dispose(Call().get(), forged, &decision);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("officer-dev"));
  EXPECT_THAT(status.error_message(), HasSubstr("officer-7"));
  v1::GetDecisionRequest get;
  get.set_mrn(Mrn(1));
  ASSERT_TRUE(officer->GetDecision(Call().get(), get, &decision).ok());
  EXPECT_EQ(decision.status(), v1::HELD);

  // No name and a date of the client's choosing: the certificate's CN, the server's clock.
  v1::Disposition dated;
  dated.set_mrn(Mrn(2));
  dated.set_action(v1::RELEASE);
  dated.set_decided_at("2020-01-01T00:00:00Z");
  const absl::Time before = absl::Now() - absl::Seconds(1);
  status = officer->Dispose(Call().get(), dated, &decision);
  const absl::Time after = absl::Now() + absl::Seconds(1);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(decision.status(), v1::RELEASED);
  EXPECT_EQ(decision.disposition().officer_id(), "officer-dev");
  for (const std::string& when : {decision.disposition().decided_at(), decision.decided_at()}) {
    absl::Time recorded;
    std::string error;
    ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, when, &recorded, &error)) << when << error;
    EXPECT_GE(recorded, before) << when;
    EXPECT_LE(recorded, after) << when;
  }

  // Its own name is fine.
  v1::Disposition own;
  own.set_mrn(Mrn(3));
  own.set_action(v1::REFUSE);
  own.set_officer_id("officer-dev");
  status = officer->Dispose(Call().get(), own, &decision);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(decision.status(), v1::REFUSED);
  EXPECT_EQ(decision.disposition().officer_id(), "officer-dev");
}

// Issue 15 item 7: an OU grants a role only when it is the role's name exactly.
TEST_F(GatewayTest, RoleMatchingIsExact) {
  StartGateway();
  const std::string base = "/C=EU/O=Gatekeeper development";
  struct Case {
    const char* name;
    std::string subject;
    grpc::StatusCode expected;
  };
  const std::vector<Case> cases = {
      {"ou-spaced", base + "/OU= officer /CN=spaced-dev", grpc::StatusCode::PERMISSION_DENIED},
      {"ou-trailing", base + "/OU=officer /CN=trailing-dev", grpc::StatusCode::PERMISSION_DENIED},
      {"ou-capital", base + "/OU=Officer/CN=capital-dev", grpc::StatusCode::PERMISSION_DENIED},
      {"ou-longer", base + "/OU=officers/CN=longer-dev", grpc::StatusCode::PERMISSION_DENIED},
      {"ou-exact", base + "/OU=visitors/OU=officer/CN=exact-dev", grpc::StatusCode::NOT_FOUND},
  };
  for (const Case& c : cases) {
    MakeClientCertificate(c.name, c.subject);
    auto officer = v1::OfficerService::NewStub(gateway_->ChannelAs(c.name));
    v1::GetDecisionRequest get;
    get.set_mrn(Mrn(1));
    v1::Decision decision;
    grpc::Status status = officer->GetDecision(Call().get(), get, &decision);
    EXPECT_EQ(status.error_code(), c.expected) << c.subject << ": " << status.error_message();
  }
}

TEST_F(GatewayTest, LicensingAppliesReadsAndStreams) {
  StartGateway();
  auto licensing = v1::LicensingService::NewStub(gateway_->Channel(Caller::kLicensing));
  v1::ApplyResponse applied;
  ASSERT_TRUE(licensing->Apply(Call().get(), Licence(kLicenceId), &applied).ok());
  EXPECT_THAT(applied.licence_ids(), ElementsAre(kLicenceId));

  // ApplyStream: in order; a refused event is reported and skipped.
  {
    v1::ApplyStreamSummary summary;
    auto context = Call();
    std::unique_ptr<grpc::ClientWriter<v1::Event>> writer =
        licensing->ApplyStream(context.get(), &summary);
    ASSERT_TRUE(writer->Write(Licence("NL-DU-A")));
    ASSERT_TRUE(writer->Write(Declaration(Mrn(1), kOffice)));  // not a licensing event
    ASSERT_TRUE(writer->Write(Licence("NL-DU-B")));
    ASSERT_TRUE(writer->WritesDone());
    grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(summary.received(), 3u);
    EXPECT_EQ(summary.applied(), 2u);
    EXPECT_EQ(summary.refused(), 1u);
    ASSERT_EQ(summary.errors_size(), 1);
    EXPECT_EQ(summary.errors(0).index(), 2u);
    EXPECT_EQ(summary.errors(0).code(), "INVALID_ARGUMENT");
  }

  // Usage: two clearances write off 1 NAR each.
  Submit(Declaration(Mrn(1), kOffice, kLicenceId));
  Submit(Declaration(Mrn(2), kOffice, kLicenceId));

  v1::GetLicenceRequest get;
  get.set_licence_id(kLicenceId);
  v1::LicenceView view;
  ASSERT_TRUE(licensing->GetLicence(Call().get(), get, &view).ok());
  ASSERT_EQ(view.balances_size(), 1);
  EXPECT_EQ(view.balances(0).consumed().amount(), "2");
  EXPECT_EQ(view.balances(0).remaining().amount(), "98");
  get.set_licence_id("NL-DU-NONE");
  EXPECT_EQ(licensing->GetLicence(Call().get(), get, &view).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::ListUsageRequest usage;
  usage.set_licence_id(kLicenceId);
  usage.mutable_page()->set_page_size(1);
  v1::ListUsageResponse page;
  ASSERT_TRUE(licensing->ListUsage(Call().get(), usage, &page).ok());
  ASSERT_EQ(page.usage_size(), 1);
  EXPECT_EQ(page.usage(0).mrn(), Mrn(1));
  EXPECT_EQ(page.usage(0).action(), v1::CONSUME);
  usage.mutable_page()->set_page_token(page.next_page_token());
  ASSERT_TRUE(licensing->ListUsage(Call().get(), usage, &page).ok());
  ASSERT_EQ(page.usage_size(), 1);
  EXPECT_EQ(page.usage(0).mrn(), Mrn(2));
  EXPECT_TRUE(page.next_page_token().empty());

  // WatchUsage from the start: both records, then it follows live.
  v1::WatchUsageRequest watch;
  watch.set_licence_id(kLicenceId);
  auto context = Call();
  std::unique_ptr<grpc::ClientReader<v1::UsageRecord>> reader =
      licensing->WatchUsage(context.get(), watch);
  v1::UsageRecord record;
  ASSERT_TRUE(reader->Read(&record));
  EXPECT_EQ(record.mrn(), Mrn(1));
  ASSERT_TRUE(reader->Read(&record));
  EXPECT_EQ(record.mrn(), Mrn(2));
  Submit(Declaration(Mrn(3), kOffice, kLicenceId));
  ASSERT_TRUE(reader->Read(&record));
  EXPECT_EQ(record.mrn(), Mrn(3));
  context->TryCancel();
}

TEST_F(GatewayTest, WatchDecisionsAndWatchHoldsFilterAndFollow) {
  StartGateway();
  Submit(Declaration(Mrn(1), kOffice, "NL-DU-UNKNOWN"));  // held here
  Submit(Declaration(Mrn(2), kOffice));                   // cleared here
  Submit(Declaration(Mrn(3), kOtherOffice, "NL-DU-UNKNOWN"));

  auto customs = v1::CustomsService::NewStub(gateway_->Channel(Caller::kCustoms));
  v1::WatchDecisionsRequest all;
  auto decisions_context = Call();
  auto decisions = customs->WatchDecisions(decisions_context.get(), all);
  v1::Decision decision;
  std::vector<std::string> seen;
  for (int i = 0; i < 3 && decisions->Read(&decision); ++i) seen.push_back(decision.mrn());
  EXPECT_THAT(seen, ElementsAre(Mrn(1), Mrn(2), Mrn(3)));

  auto officer = v1::OfficerService::NewStub(gateway_->Channel(Caller::kOfficer));
  v1::WatchHoldsRequest here;
  here.set_office_of_export(kOffice);
  auto holds_context = Call();
  auto holds = officer->WatchHolds(holds_context.get(), here);
  ASSERT_TRUE(holds->Read(&decision));
  EXPECT_EQ(decision.mrn(), Mrn(1));
  EXPECT_EQ(decision.status(), v1::HELD);

  // Live: the refusal of the held declaration reaches the officer's screen; a clearance
  // does not; the other office's hold does not.
  Submit(Declaration(Mrn(4), kOffice));
  Submit(Declaration(Mrn(5), kOtherOffice, "NL-DU-UNKNOWN"));
  v1::Disposition refuse;
  refuse.set_mrn(Mrn(1));
  refuse.set_action(v1::REFUSE);
  refuse.set_note("no licence");
  v1::Decision refused;
  ASSERT_TRUE(officer->Dispose(Call().get(), refuse, &refused).ok());
  ASSERT_TRUE(holds->Read(&decision));
  EXPECT_EQ(decision.mrn(), Mrn(1));
  EXPECT_EQ(decision.status(), v1::REFUSED);
  EXPECT_EQ(decision.sequence(), refused.sequence());

  seen.clear();
  for (int i = 0; i < 3 && decisions->Read(&decision); ++i) seen.push_back(decision.mrn());
  EXPECT_THAT(seen, ElementsAre(Mrn(4), Mrn(5), Mrn(1)));
  decisions_context->TryCancel();
  holds_context->TryCancel();
}

// Reads `count` decisions from a new WatchDecisions after `after_sequence`.
std::vector<v1::Decision> ReadDecisions(TestGateway& gateway, uint64_t after_sequence, int count) {
  auto customs = v1::CustomsService::NewStub(gateway.Channel(Caller::kCustoms));
  v1::WatchDecisionsRequest request;
  request.set_after_sequence(after_sequence);
  auto context = Call();
  auto reader = customs->WatchDecisions(context.get(), request);
  std::vector<v1::Decision> read;
  v1::Decision decision;
  while (static_cast<int>(read.size()) < count && reader->Read(&decision)) {
    read.push_back(decision);
  }
  context->TryCancel();
  return read;
}

std::vector<std::string> Mrns(const std::vector<v1::Decision>& decisions) {
  std::vector<std::string> mrns;
  for (const v1::Decision& decision : decisions) mrns.push_back(decision.mrn());
  return mrns;
}

TEST_F(GatewayTest, WatchResumesAfterDisconnectAndRestartWithoutGapOrDuplicate) {
  StartGateway();
  for (int i = 1; i <= 3; ++i) Submit(Declaration(Mrn(i), kOffice));
  std::vector<v1::Decision> first = ReadDecisions(*gateway_, 0, 3);
  ASSERT_EQ(first.size(), 3u);
  const uint64_t last_seen = first.back().sequence();

  // Disconnected meanwhile: these come after the last record the client saw.
  for (int i = 4; i <= 5; ++i) Submit(Declaration(Mrn(i), kOffice));
  std::vector<v1::Decision> resumed = ReadDecisions(*gateway_, last_seen, 2);
  EXPECT_THAT(Mrns(resumed), ElementsAre(Mrn(4), Mrn(5)));
  ASSERT_EQ(resumed.size(), 2u);
  EXPECT_GT(resumed.front().sequence(), last_seen);

  // A watcher that is live when the server stops gets UNAVAILABLE naming where to resume.
  auto customs = v1::CustomsService::NewStub(gateway_->Channel(Caller::kCustoms));
  v1::WatchDecisionsRequest request;
  request.set_after_sequence(resumed.back().sequence());
  auto context = Call();
  auto reader = customs->WatchDecisions(context.get(), request);
  Submit(Declaration(Mrn(6), kOffice));
  v1::Decision decision;
  ASSERT_TRUE(reader->Read(&decision));
  EXPECT_EQ(decision.mrn(), Mrn(6));
  const uint64_t before_restart = decision.sequence();
  gateway_->Stop();
  while (reader->Read(&decision)) ADD_FAILURE() << "unexpected " << decision.mrn();
  grpc::Status ended = reader->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(ended.error_message(),
              HasSubstr(absl::StrCat("resume from sequence ", before_restart)));

  gateway_->Start();
  for (int i = 7; i <= 8; ++i) Submit(Declaration(Mrn(i), kOffice));
  std::vector<v1::Decision> after_restart = ReadDecisions(*gateway_, before_restart, 2);
  EXPECT_THAT(Mrns(after_restart), ElementsAre(Mrn(7), Mrn(8)));

  // And from the very start, the whole log once, in order.
  std::vector<v1::Decision> everything = ReadDecisions(*gateway_, 0, 8);
  EXPECT_THAT(Mrns(everything),
              ElementsAre(Mrn(1), Mrn(2), Mrn(3), Mrn(4), Mrn(5), Mrn(6), Mrn(7), Mrn(8)));
  for (size_t i = 1; i < everything.size(); ++i) {
    EXPECT_GT(everything[i].sequence(), everything[i - 1].sequence());
  }
}

TEST_F(GatewayTest, SlowSubscriberIsCutOffWhileOthersKeepReceiving) {
  TestGateway::Options options;
  options.watch.subscriber_buffer_records = 16;
  options.watch.catch_up_page_records = 16;
  StartGateway(options);

  // The slow client opens its watch and reads nothing; its flow-control window is small,
  // so the server's writes to it stop completing and its buffer fills.
  auto slow_channel = gateway_->Channel(Caller::kCustoms, /*max_receive_window_bytes=*/1024);
  auto slow_stub = v1::CustomsService::NewStub(slow_channel);
  auto slow_context = Call(30);
  auto slow = slow_stub->WatchDecisions(slow_context.get(), v1::WatchDecisionsRequest());

  auto fast_stub = v1::CustomsService::NewStub(gateway_->Channel(Caller::kCustoms));
  auto fast_context = Call(30);
  auto fast = fast_stub->WatchDecisions(fast_context.get(), v1::WatchDecisionsRequest());
  constexpr int kRounds = 40;
  constexpr int kEventsPerRound = 4;  // well under the buffer: a reader that keeps up fits
  constexpr int kEvents = kRounds * kEventsPerRound;
  std::atomic<int> fast_received{0};
  std::thread fast_reader([&] {
    v1::Decision decision;
    uint64_t last_sequence = 0;
    while (fast_received.load() < kEvents && fast->Read(&decision)) {
      EXPECT_GT(decision.sequence(), last_sequence);
      last_sequence = decision.sequence();
      ++fast_received;
    }
  });
  // Wait until both watches are live (the server has registered them).
  for (int i = 0; i < 200 && gateway_->backend().feed().listener_count() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(gateway_->backend().feed().listener_count(), 2u);

  // Rounds of events submitted in process without waiting for each (they share group
  // commits); the next round once the fast reader has everything so far.
  std::atomic<int> done{0};
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 1; i <= kEventsPerRound; ++i) {
      gateway_->backend().pipeline().SubmitWaiting(
          Declaration(Mrn(round * kEventsPerRound + i), kOffice), absl::Now() + absl::Seconds(10),
          [&done](absl::StatusOr<gateway::PipelineResult> result) {
            EXPECT_TRUE(result.ok()) << result.status();
            ++done;
          });
    }
    const int expected = (round + 1) * kEventsPerRound;
    for (int wait = 0; wait < 1000 && fast_received.load() < expected; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (fast_received.load() < expected) {
      ADD_FAILURE() << "the fast reader fell behind in round " << round;
      break;
    }
  }
  // (Ends the fast reader if it is still waiting after a failure above.)
  if (fast_received.load() < kEvents) fast_context->TryCancel();
  fast_reader.join();
  EXPECT_EQ(fast_received.load(), kEvents);

  // The slow one now reads what it was sent before it was cut off, then the status.
  std::vector<v1::Decision> slow_read;
  v1::Decision decision;
  while (slow->Read(&decision)) slow_read.push_back(decision);
  grpc::Status cut = slow->Finish();
  EXPECT_EQ(cut.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  ASSERT_FALSE(slow_read.empty());
  EXPECT_LT(slow_read.size(), static_cast<size_t>(kEvents));
  EXPECT_THAT(cut.error_message(),
              HasSubstr(absl::StrCat("resume from sequence ", slow_read.back().sequence())));

  // It resumes from the sequence it was given: the rest, no gap, no duplicate.
  std::vector<v1::Decision> rest =
      ReadDecisions(*gateway_, slow_read.back().sequence(), kEvents - slow_read.size());
  ASSERT_EQ(slow_read.size() + rest.size(), static_cast<size_t>(kEvents));
  EXPECT_EQ(rest.front().mrn(), Mrn(static_cast<int>(slow_read.size()) + 1));
  EXPECT_EQ(rest.back().mrn(), Mrn(kEvents));
  EXPECT_EQ(done.load(), kEvents);
  fast_context->TryCancel();
}

// The role matrix: each caller against one method of each service.
struct RoleCase {
  Caller caller;
  const char* name;
  grpc::StatusCode customs;
  grpc::StatusCode officer;
  grpc::StatusCode licensing;
};

// Names the case in test output (instead of its bytes).
void PrintTo(const RoleCase& role, std::ostream* os) { *os << role.name; }

class RoleMatrixTest : public GatewayTest, public ::testing::WithParamInterface<RoleCase> {};

// OK for an allowed caller means "got past the role check": these calls then find nothing
// (NOT_FOUND) or succeed.
grpc::StatusCode Allowed(grpc::StatusCode code) {
  return code == grpc::StatusCode::NOT_FOUND ? grpc::StatusCode::OK : code;
}

TEST_P(RoleMatrixTest, EachServiceAnswersOnlyItsRole) {
  StartGateway();
  const RoleCase& role = GetParam();
  std::shared_ptr<grpc::Channel> channel = gateway_->Channel(role.caller);

  auto customs = v1::CustomsService::NewStub(channel);
  v1::Decision decision;
  grpc::Status status = customs->Submit(Call().get(), Declaration(Mrn(1), kOffice), &decision);
  EXPECT_EQ(status.error_code(), role.customs)
      << "CustomsService.Submit: " << status.error_message();
  auto watch_context = Call();
  auto watch = customs->WatchDecisions(watch_context.get(), v1::WatchDecisionsRequest());
  if (role.customs != grpc::StatusCode::OK) {
    EXPECT_FALSE(watch->Read(&decision));
    EXPECT_EQ(watch->Finish().error_code(), role.customs) << "WatchDecisions";
  } else {
    EXPECT_TRUE(watch->Read(&decision));
    watch_context->TryCancel();
  }

  auto officer = v1::OfficerService::NewStub(channel);
  v1::GetDecisionRequest get;
  get.set_mrn(Mrn(42));
  status = officer->GetDecision(Call().get(), get, &decision);
  EXPECT_EQ(Allowed(status.error_code()), role.officer)
      << "OfficerService.GetDecision: " << status.error_message();
  v1::Disposition release;
  release.set_mrn(Mrn(42));
  release.set_action(v1::RELEASE);
  status = officer->Dispose(Call().get(), release, &decision);
  EXPECT_EQ(Allowed(status.error_code()), role.officer)
      << "OfficerService.Dispose: " << status.error_message();

  auto licensing = v1::LicensingService::NewStub(channel);
  v1::ApplyResponse applied;
  status = licensing->Apply(Call().get(), Licence(kLicenceId), &applied);
  EXPECT_EQ(status.error_code(), role.licensing)
      << "LicensingService.Apply: " << status.error_message();
  v1::GetLicenceRequest licence;
  licence.set_licence_id("NL-DU-NONE");
  v1::LicenceView view;
  status = licensing->GetLicence(Call().get(), licence, &view);
  EXPECT_EQ(Allowed(status.error_code()), role.licensing)
      << "LicensingService.GetLicence: " << status.error_message();
}

constexpr grpc::StatusCode kOk = grpc::StatusCode::OK;
constexpr grpc::StatusCode kDenied = grpc::StatusCode::PERMISSION_DENIED;
constexpr grpc::StatusCode kUnauthenticated = grpc::StatusCode::UNAUTHENTICATED;
constexpr grpc::StatusCode kUnavailable = grpc::StatusCode::UNAVAILABLE;

INSTANTIATE_TEST_SUITE_P(
    Roles, RoleMatrixTest,
    ::testing::Values(RoleCase{Caller::kCustoms, "customs", kOk, kDenied, kDenied},
                      RoleCase{Caller::kOfficer, "officer", kDenied, kOk, kDenied},
                      RoleCase{Caller::kLicensing, "licensing", kDenied, kDenied, kOk},
                      RoleCase{Caller::kNoRole, "norole", kDenied, kDenied, kDenied},
                      RoleCase{Caller::kNoCertificate, "nocertificate", kUnauthenticated,
                               kUnauthenticated, kUnauthenticated},
                      // The TLS handshake refuses a certificate of another CA.
                      RoleCase{Caller::kForeignCa, "foreignca", kUnavailable, kUnavailable,
                               kUnavailable}),
    [](const ::testing::TestParamInfo<RoleCase>& info) { return std::string(info.param.name); });

// grpc.health.v1.Health/Check for `service`, by hand (the health .proto is not installed):
// the request is field 1 (service), the response field 1 (status; 1 = SERVING).
int HealthStatus(const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  std::string request_bytes;
  if (!service.empty()) {
    request_bytes.push_back(0x0a);
    request_bytes.push_back(static_cast<char>(service.size()));
    request_bytes += service;
  }
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::GenericStub stub(channel);
  auto context = Call();
  absl::Notification done;
  grpc::Status status;
  stub.UnaryCall(context.get(), "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                 &response, [&](grpc::Status s) {
                   status = std::move(s);
                   done.Notify();
                 });
  done.WaitForNotification();
  if (!status.ok()) return -static_cast<int>(status.error_code());
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return -100;
  std::string bytes;
  for (const grpc::Slice& part : slices)
    bytes.append(reinterpret_cast<const char*>(part.begin()), part.size());
  if (bytes.size() != 2 || bytes[0] != 0x08) return 0;  // status 0 is not written
  return bytes[1];
}

TEST_F(GatewayTest, HealthAnswersEveryAuthenticatedCaller) {
  StartGateway();
  std::shared_ptr<grpc::Channel> channel = gateway_->Channel(Caller::kNoRole);
  constexpr int kServing = 1;
  EXPECT_EQ(HealthStatus(channel, ""), kServing);
  EXPECT_EQ(HealthStatus(channel, "gatekeeper.v1.OfficerService"), kServing);
  EXPECT_EQ(HealthStatus(channel, "gatekeeper.v1.CustomsService"), kServing);
  EXPECT_EQ(HealthStatus(channel, "gatekeeper.v1.LicensingService"), kServing);
}

TEST_F(GatewayTest, InsecureModeServesEveryRoleWithoutCertificates) {
  TestGateway::Options options;
  options.insecure = true;
  StartGateway(options);
  std::shared_ptr<grpc::Channel> channel = gateway_->Channel(Caller::kNoCertificate);
  v1::ApplyResponse applied;
  ASSERT_TRUE(v1::LicensingService::NewStub(channel)
                  ->Apply(Call().get(), Licence(kLicenceId), &applied)
                  .ok());
  v1::Decision decision;
  ASSERT_TRUE(v1::CustomsService::NewStub(channel)
                  ->Submit(Call().get(), Declaration(Mrn(1), kOffice, kLicenceId), &decision)
                  .ok());
  EXPECT_EQ(decision.status(), v1::CLEARED);
}

}  // namespace
}  // namespace gatekeeper::testing
