// gk-grpc-server: the gRPC door of gatekeeper, standalone. It owns the store in --data-dir
// and its own writer thread (LocalPipeline), so gRPC events take the same ordered, durable
// path as `gkctl replay` and Kafka records do in gatekeeperd. Usage in server_config.cc.
#include <signal.h>
#include <time.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gateway/gateway_server.h"
#include "gateway/local_pipeline.h"
#include "gateway/server_config.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 64;
// How long calls in progress may take to finish at shutdown.
constexpr absl::Duration kShutdownGrace = absl::Seconds(5);
// How often the main thread checks the writer's health while waiting for a signal.
constexpr long kHealthCheckIntervalNanos = 200'000'000;

// Waits for SIGTERM / SIGINT (blocked in every thread, so only this wait sees them) or for
// the writer to fail. Returns the writer's failure, or OK after a signal.
absl::Status WaitForStop(const sigset_t& stop_signals,
                         const gatekeeper::gateway::LocalPipeline& pipeline) {
  const timespec interval{.tv_sec = 0, .tv_nsec = kHealthCheckIntervalNanos};
  while (true) {
    if (sigtimedwait(&stop_signals, nullptr, &interval) > 0) return absl::OkStatus();
    if (absl::Status health = pipeline.health(); !health.ok()) return health;
  }
}

}  // namespace

int main(int argc, char** argv) {
  namespace gateway = ::gatekeeper::gateway;
  const std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<gateway::ServerConfig> config = gateway::ParseServerArgs(args);
  if (!config.ok()) {
    std::cerr << "gk-grpc-server: " << config.status().message() << "\n\n"
              << gateway::ServerUsage();
    return kExitUsage;
  }
  if (config->show_help) {
    std::cout << gateway::ServerUsage();
    return 0;
  }

  // Before any thread starts, so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  gateway::LocalPipelineOptions pipeline_options;
  pipeline_options.backend.queue_capacity_events = config->queue_capacity_events;
  absl::StatusOr<std::unique_ptr<gateway::LocalPipeline>> pipeline =
      gateway::LocalPipeline::Open({.data_dir = config->data_dir}, pipeline_options);
  if (!pipeline.ok()) {
    std::cerr << "gk-grpc-server: opening the store in " << config->data_dir << ": "
              << pipeline.status().message() << "\n";
    return kExitFailure;
  }
  absl::StatusOr<std::unique_ptr<gateway::GatewayServer>> server =
      gateway::GatewayServer::Start(config->server, (*pipeline)->backend());
  if (!server.ok()) {
    std::cerr << "gk-grpc-server: " << server.status().message() << "\n";
    return kExitFailure;
  }
  const std::string host =
      config->server.listen_address.substr(0, config->server.listen_address.rfind(':'));
  if (config->server.insecure) {
    std::cerr << "gk-grpc-server: WARNING: --insecure: PLAINTEXT, NO AUTHENTICATION, EVERY "
                 "CALLER HAS EVERY ROLE. For local development only; never expose this port.\n";
  }
  std::cout << "listening on " << host << ":" << (*server)->port() << " ("
            << (config->server.insecure ? "insecure" : "TLS, client certificates") << ")"
            << std::endl;

  absl::Status stopped = WaitForStop(stop_signals, **pipeline);
  if (!stopped.ok()) {
    std::cerr << "gk-grpc-server: the store failed: " << stopped.message()
              << "; stopping (restart to recover from disk)\n";
  }
  (*server)->SetServing(false);
  // Ends the watch streams and refuses new events; the writer applies what was queued.
  (*pipeline)->backend().Close();
  (*server)->Shutdown(kShutdownGrace);
  (*pipeline)->Stop();
  std::cout << "stopped" << std::endl;
  return stopped.ok() ? 0 : kExitFailure;
}
