// gatekeeperd: the streaming door. Consumes customs and licensing events from
// Kafka, decides them with the same engine and store as `gkctl replay`, and
// publishes decisions, usage records and dead letters, exactly once across
// crashes (docs/STREAMING.md).
//
// Exit status: 0 after SIGTERM/SIGINT (the batch in hand is finished and
// committed), 1 when it cannot go on (the message says why; everything
// committed stays correct and a restart resumes from it), 64 for a usage error,
// 78 when the stored input offsets do not fit the Kafka cluster (another cluster,
// or past a partition's end: restart with --reset-offsets once the operator decides).
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/daemon/daemon_config.h"
#include "services/daemon/embedded_cluster.h"
#include "services/daemon/stream_processor.h"
#include "storage/store.h"

#ifdef GK_WITH_GATEWAY
#include "gateway/gateway_server.h"
#include "gateway/stream_side_input.h"
#endif

namespace {

std::atomic<bool> stop_requested{false};

void RequestStop(int) { stop_requested.store(true); }

void InstallStopHandlers() {
  struct sigaction action = {};
  action.sa_handler = RequestStop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  using gatekeeper::daemon::DaemonConfig;
  std::vector<absl::string_view> args(argv + 1, argv + argc);
  absl::StatusOr<DaemonConfig> config = gatekeeper::daemon::ParseDaemonArgs(args);
  if (!config.ok()) {
    std::cerr << "gatekeeperd: " << config.status().message() << "\n\n"
              << gatekeeper::daemon::DaemonUsage();
    return 64;
  }
  if (config->show_help) {
    std::cout << gatekeeper::daemon::DaemonUsage();
    return 0;
  }
  InstallStopHandlers();

  std::unique_ptr<gatekeeper::daemon::EmbeddedCluster> embedded;
  if (config->embedded_kafka) {
    auto cluster = gatekeeper::daemon::EmbeddedCluster::Start(
        {.partitions = config->embedded_partitions, .topics = config->topics.All()});
    if (!cluster.ok()) {
      std::cerr << "gatekeeperd: " << cluster.status().message() << "\n";
      return 1;
    }
    embedded = std::move(*cluster);
    config->brokers = embedded->bootstrap_servers();
    std::cout << "bootstrap.servers=" << config->brokers << std::endl;
  }

  auto store = gatekeeper::storage::Store::Open({.data_dir = config->data_dir});
  if (!store.ok()) {
    std::cerr << "gatekeeperd: opening the store in " << config->data_dir << ": "
              << store.status().message() << "\n";
    return 1;
  }

  gatekeeper::daemon::StreamProcessorOptions options;
  options.input = {.brokers = config->brokers,
                   .group_id = config->group_id,
                   .topics = {config->topics.declarations, config->topics.licensing},
                   .kafka_properties = config->kafka_properties};
  options.output = {.brokers = config->brokers,
                    .topics = config->topics,
                    .format = config->output_format,
                    .kafka_properties = config->kafka_properties};
  options.batch_max_records = config->batch_max_records;
  options.batch_max_delay_ms = config->batch_max_delay_ms;
  options.outbox_max_backlog = config->outbox_max_backlog;
  options.metrics_interval_ms = config->metrics_interval_ms;
  options.kafka_dispositions = config->kafka_dispositions;
  options.reset_offsets = config->reset_offsets;
  options.report = [](const std::string& line) { fprintf(stderr, "%s\n", line.c_str()); };

#ifdef GK_WITH_GATEWAY
  // The gRPC door: its events join the Kafka records' groups (StreamProcessor's side
  // input), its reads and watches use the same store under the backend's mutex.
  namespace gateway = ::gatekeeper::gateway;
  std::unique_ptr<gateway::GatewayBackend> grpc_backend;
  std::unique_ptr<gateway::GatewaySideInput> grpc_input;
  std::unique_ptr<gateway::GatewayServer> grpc_server;
  if (config->grpc_enabled) {
    gateway::GatewayBackendOptions backend_options;
    backend_options.queue_capacity_events = config->grpc_queue_capacity;
    auto backend = gateway::GatewayBackend::Create(**store, backend_options);
    if (!backend.ok()) {
      std::cerr << "gatekeeperd: gRPC door: " << backend.status().message() << "\n";
      return 1;
    }
    grpc_backend = std::move(*backend);
    gateway::GatewayServerOptions server_options;
    server_options.listen_address = config->grpc_listen;
    server_options.insecure = config->grpc_insecure;
    server_options.tls = {.ca_file = config->grpc_tls_ca_file,
                          .cert_file = config->grpc_tls_cert_file,
                          .key_file = config->grpc_tls_key_file,
                          .require_client_certificate = config->grpc_require_client_cert};
    auto server = gateway::GatewayServer::Start(server_options, *grpc_backend);
    if (!server.ok()) {
      std::cerr << "gatekeeperd: gRPC door: " << server.status().message() << "\n";
      return 1;
    }
    grpc_server = std::move(*server);
    grpc_input = std::make_unique<gateway::GatewaySideInput>(
        *grpc_backend, config->batch_max_records, options.report);
    options.side_input = grpc_input.get();
    if (config->grpc_insecure) {
      std::cerr << "gatekeeperd: WARNING: --insecure: the gRPC door is PLAINTEXT with NO "
                   "AUTHENTICATION and EVERY CALLER HAS EVERY ROLE. Local development "
                   "only; never expose this port.\n";
    }
    const std::string host = config->grpc_listen.substr(0, config->grpc_listen.rfind(':'));
    std::cout << "grpc.listen=" << host << ":" << grpc_server->port() << std::endl;
    std::cerr << "gatekeeperd: gRPC door on " << host << ":" << grpc_server->port()
              << (config->grpc_insecure ? " (insecure)" : " (TLS, client certificates)") << "\n";
  }
#else
  if (config->grpc_enabled) {
    std::cerr << "gatekeeperd: this build has no gRPC door (gRPC was not found when it was "
                 "built)\n";
    return 64;
  }
#endif

  std::cerr << "gatekeeperd: reading " << config->topics.declarations << " and "
            << config->topics.licensing << " from " << config->brokers << " as group "
            << config->group_id << "; store " << config->data_dir << " (next sequence "
            << (*store)->next_sequence() << ")\n";
  gatekeeper::daemon::StreamProcessor processor(std::move(options), **store);
  absl::Status status = processor.Run(stop_requested);
#ifdef GK_WITH_GATEWAY
  if (grpc_server != nullptr) {
    grpc_server->SetServing(false);
    grpc_input->Close();
    grpc_server->Shutdown(absl::Seconds(5));
  }
#endif
  if (gatekeeper::daemon::IsForeignOffsets(status)) {
    std::cerr << "gatekeeperd: refusing to start: " << status.message() << "\n";
    return gatekeeper::daemon::kExitForeignOffsets;
  }
  if (!status.ok()) {
    std::cerr << "gatekeeperd: stopping: " << status.message() << "\n";
    return 1;
  }
  std::cerr << "gatekeeperd: stopped\n";
  return 0;
}
