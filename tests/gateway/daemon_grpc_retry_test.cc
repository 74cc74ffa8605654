// Issue 15 item 9: a gRPC client retrying its submissions across a gatekeeperd crash.
// A real gatekeeperd (gRPC door over TLS, a gk-dev-broker in its own process) takes a
// stream of Submit calls and is killed with SIGKILL in the middle of it; restarted on the
// same store, it is sent every declaration again, as a client that cannot know which of
// its unanswered calls were applied must do. Then:
//  * every MRN has exactly one decision in the output log (WatchDecisions from 0) and on
//    gatekeeper.decisions (a re-sent record keeps its sequence);
//  * the licence balance counts each declaration once;
//  * a retry of a call answered before the crash gets the same decision, same sequence,
//    marked `gk-duplicate: true`.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gatekeeper/v1/services.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/gateway/gateway_test_support.h"
#include "tools/loadgen/output_records.h"
#include "tools/loadgen/topic_reader.h"

namespace gatekeeper::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kLicenceId[] = "NL-DU-2025-000123";
constexpr char kOffice[] = "NL000396";
// 1 NAR each against the licence's 100 NAR: all clear, 40 consumed once.
constexpr int kDeclarations = 40;
constexpr int kAnsweredBeforeTheBurst = 10;

struct Child {
  pid_t pid = -1;
  int stdout_fd = -1;
};

// Starts `argv` with stdout on a pipe and stderr appended to `log_path`.
Child Spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  int pipe_fds[2] = {-1, -1};
  if (pipe(pipe_fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(log, STDERR_FILENO);
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  return Child{pid, pipe_fds[0]};
}

// The first line of `fd` that starts with `prefix`, without it; empty after `timeout`.
std::string ReadValue(int fd, const std::string& prefix, std::chrono::seconds timeout) {
  std::string line;
  const Clock::time_point deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    pollfd poll_fd{fd, POLLIN, 0};
    if (poll(&poll_fd, 1, 100) <= 0) continue;
    char c;
    if (read(fd, &c, 1) != 1) break;
    if (c != '\n') {
      line.push_back(c);
      continue;
    }
    if (absl::StartsWith(line, prefix)) return line.substr(prefix.size());
    line.clear();
  }
  return "";
}

// Exit status, or -1 when ended by a signal.
int Reap(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::unique_ptr<grpc::ClientContext> Call(int seconds) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

v1::Event DeclarationOf(int n) { return Declaration(Mrn(n), kOffice, kLicenceId); }

bool MarkedDuplicate(const grpc::ClientContext& context) {
  auto found = context.GetServerTrailingMetadata().find("gk-duplicate");
  return found != context.GetServerTrailingMetadata().end() &&
         std::string(found->second.data(), found->second.size()) == "true";
}

class DaemonGrpcRetryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = ScratchDir("daemon-grpc-retry");
    broker_ = Spawn({GK_DEV_BROKER_PATH, "--partitions", "1"}, work_ + "/broker.log");
    brokers_ = ReadValue(broker_.stdout_fd, "bootstrap.servers=", std::chrono::seconds(10));
    ASSERT_FALSE(brokers_.empty()) << "gk-dev-broker did not start";
  }

  void TearDown() override {
    for (pid_t pid : {daemon_.pid, broker_.pid}) {
      if (pid > 0) {
        kill(pid, SIGKILL);
        Reap(pid);
      }
    }
  }

  // Starts gatekeeperd on the store and waits for its gRPC door.
  void StartDaemon() {
    ++incarnation_;
    const std::string certs = DevCertDir();
    daemon_ = Spawn({GK_GATEKEEPERD_PATH,
                     "--brokers",
                     brokers_,
                     "--data-dir",
                     work_ + "/store",
                     "--group-id",
                     absl::StrCat("retry-", incarnation_),
                     "--metrics-interval-ms",
                     "0",
                     "--kafka",
                     "session.timeout.ms=6000",
                     "--kafka",
                     "heartbeat.interval.ms=500",
                     "--grpc-listen",
                     "127.0.0.1:0",
                     "--grpc-tls-ca",
                     certs + "/ca.pem",
                     "--grpc-tls-cert",
                     certs + "/server.pem",
                     "--grpc-tls-key",
                     certs + "/server.key"},
                    work_ + "/gatekeeperd.log");
    address_ = ReadValue(daemon_.stdout_fd, "grpc.listen=", std::chrono::seconds(60));
    ASSERT_FALSE(address_.empty()) << "gatekeeperd did not open its gRPC door";
    customs_ = v1::CustomsService::NewStub(DevTlsChannel(address_, "customs"));
  }

  void KillDaemon() {
    kill(daemon_.pid, SIGKILL);
    EXPECT_EQ(Reap(daemon_.pid), -1) << "gatekeeperd exited before it was killed";
    close(daemon_.stdout_fd);
    daemon_ = {};
  }

  std::string work_;
  std::string brokers_;
  Child broker_;
  Child daemon_;
  int incarnation_ = 0;
  std::string address_;
  std::unique_ptr<v1::CustomsService::Stub> customs_;
};

TEST_F(DaemonGrpcRetryTest, SubmissionsRetriedAcrossASigkillAreDecidedOnce) {
  StartDaemon();
  auto licensing = v1::LicensingService::NewStub(DevTlsChannel(address_, "licensing"));
  v1::ApplyResponse applied;
  grpc::Status status = licensing->Apply(Call(30).get(), Licence(kLicenceId), &applied);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // Answered before the crash: the client knows these were decided.
  std::map<int, v1::Decision> answered;
  for (int n = 1; n <= kAnsweredBeforeTheBurst; ++n) {
    v1::Decision decision;
    status = customs_->Submit(Call(30).get(), DeclarationOf(n), &decision);
    ASSERT_TRUE(status.ok()) << n << ": " << status.error_message();
    ASSERT_EQ(decision.status(), v1::CLEARED);
    answered[n] = decision;
  }

  // The rest in a burst of concurrent calls, and the daemon killed in the middle of it:
  // some are answered, some applied but not answered, some never applied.
  std::vector<std::atomic<bool>> burst_answered(kDeclarations + 1);
  std::vector<std::thread> clients;
  for (int n = kAnsweredBeforeTheBurst + 1; n <= kDeclarations; ++n) {
    clients.emplace_back([&, n] {
      v1::Decision decision;
      burst_answered[n] = customs_->Submit(Call(10).get(), DeclarationOf(n), &decision).ok();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (n == kAnsweredBeforeTheBurst + kDeclarations / 2) KillDaemon();
  }
  for (std::thread& client : clients) client.join();

  // The client sends everything again to the restarted daemon.
  StartDaemon();
  std::map<std::string, v1::Decision> retried;
  int answered_in_burst = 0, applied_unanswered = 0, applied_on_retry = 0;
  for (int n = 1; n <= kDeclarations; ++n) {
    v1::Decision decision;
    std::unique_ptr<grpc::ClientContext> context = Call(30);
    status = customs_->Submit(context.get(), DeclarationOf(n), &decision);
    ASSERT_TRUE(status.ok()) << n << ": " << status.error_message();
    EXPECT_EQ(decision.status(), v1::CLEARED) << n;
    retried[decision.mrn()] = decision;
    if (answered.contains(n)) {
      EXPECT_TRUE(MarkedDuplicate(*context)) << n;
      EXPECT_EQ(decision.sequence(), answered[n].sequence()) << n;
    } else if (burst_answered[n]) {
      ++answered_in_burst;
      EXPECT_TRUE(MarkedDuplicate(*context)) << n;
    } else if (MarkedDuplicate(*context)) {
      ++applied_unanswered;
    } else {
      ++applied_on_retry;
    }
  }
  std::cerr << "burst of " << kDeclarations - kAnsweredBeforeTheBurst << ": " << answered_in_burst
            << " answered, " << applied_unanswered << " applied but unanswered, "
            << applied_on_retry << " applied only when retried\n";
  EXPECT_GT(applied_on_retry, 0) << "the kill came after the whole burst";

  // One decision per MRN in the output log, the one the retries answered with: the first
  // kDeclarations records name every MRN once (a second decision of one would take the
  // place of another's).
  auto watch_context = Call(30);
  auto watch = customs_->WatchDecisions(watch_context.get(), v1::WatchDecisionsRequest());
  std::map<std::string, int> decisions_per_mrn;
  v1::Decision decision;
  for (int read = 0; read < kDeclarations && watch->Read(&decision); ++read) {
    ++decisions_per_mrn[decision.mrn()];
    EXPECT_EQ(decision.sequence(), retried[decision.mrn()].sequence()) << decision.mrn();
  }
  watch_context->TryCancel();
  EXPECT_EQ(decisions_per_mrn.size(), static_cast<size_t>(kDeclarations));
  for (const auto& [mrn, count] : decisions_per_mrn) EXPECT_EQ(count, 1) << mrn;

  // The balance counts each declaration once.
  v1::GetLicenceRequest get;
  get.set_licence_id(kLicenceId);
  v1::LicenceView view;
  licensing = v1::LicensingService::NewStub(DevTlsChannel(address_, "licensing"));
  status = licensing->GetLicence(Call(30).get(), get, &view);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(view.balances_size(), 1);
  EXPECT_EQ(view.balances(0).consumed().amount(), absl::StrCat(kDeclarations));
  EXPECT_EQ(view.balances(0).remaining().amount(), absl::StrCat(100 - kDeclarations));

  // gatekeeper.decisions: each MRN under one sequence only (a re-sent record keeps it).
  auto reader = loadgen::TopicReader::Create(brokers_, "gatekeeper.decisions", true);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::map<std::string, std::set<uint64_t>> sequences_per_mrn;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(30);
  while (sequences_per_mrn.size() < static_cast<size_t>(kDeclarations) && Clock::now() < deadline) {
    auto record = (*reader)->Poll(100);
    if (!record.ok() || !record->has_value()) continue;
    absl::StatusOr<v1::Decision> published = loadgen::DecodeDecisionRecord(**record);
    ASSERT_TRUE(published.ok()) << published.status();
    sequences_per_mrn[published->mrn()].insert(published->sequence());
  }
  EXPECT_EQ(sequences_per_mrn.size(), static_cast<size_t>(kDeclarations));
  for (const auto& [mrn, sequences] : sequences_per_mrn) {
    EXPECT_EQ(sequences.size(), 1u) << mrn;
  }

  kill(daemon_.pid, SIGTERM);
  EXPECT_EQ(Reap(daemon_.pid), 0);
  daemon_ = {};
}

}  // namespace
}  // namespace gatekeeper::testing
