// gatekeeperd's configuration: command-line flags and an optional key=value
// file.
//
//   gatekeeperd --brokers HOST:PORT[,...] --data-dir DIR [--group-id ID]
//   [--embedded-kafka]
//               [--config FILE] [more flags below]
//
// Every flag has a config-file key of the same name without the dashes
// (`batch-max-records=500`); a flag given on the command line wins over the
// file, whatever their order. librdkafka properties pass through as
// `kafka.<property>=<value>` lines or
// `--kafka <property>=<value>` flags (repeatable) and apply to both the
// consumer and the producer, after gatekeeperd's own settings, so they can
// override them; the settings exactly-once depends on (enable.auto.commit,
// enable.auto.offset.store, enable.idempotence, acks, isolation.level) are
// refused (docs/STREAMING.md). Blank lines and lines starting with '#' are
// ignored. Errors name the flag or the file and line.
#ifndef GATEKEEPER_SERVICES_DAEMON_DAEMON_CONFIG_H_
#define GATEKEEPER_SERVICES_DAEMON_DAEMON_CONFIG_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "services/daemon/topic_names.h"

namespace gatekeeper::daemon {

enum class OutputFormat {
  // content-type: application/x-protobuf, the binary encoding of the v1
  // message.
  kProtobuf,
  // content-type: application/json, one JSON object (proto3 JSON mapping).
  kJson,
};

struct DaemonConfig {
  // bootstrap.servers; required unless embedded_kafka.
  std::string brokers;
  // The RocksDB store (ledger, outbox, consumed offsets). Required.
  std::string data_dir;
  std::string group_id = "gatekeeperd";
  // Start librdkafka's mock cluster in the process and use it (development
  // only).
  bool embedded_kafka = false;
  // Partitions of each topic of the embedded cluster.
  int embedded_partitions = 3;
  TopicNames topics;
  // Group commit: a synced batch holds at most this many input records...
  size_t batch_max_records = 1000;
  // ...and is committed at most this long after its first record arrived.
  int batch_max_delay_ms = 5;
  // Input is paused while more output records than this (decisions, usage
  // records and dead letters) are committed but not yet acknowledged by Kafka;
  // resumed below half.
  uint64_t outbox_max_backlog = 100000;
  OutputFormat output_format = OutputFormat::kProtobuf;
  // A one-line metrics report goes to stderr this often (0 = only at exit).
  int metrics_interval_ms = 5000;
  // Officers' dispositions are admitted on the declarations topic, relayed by the customs
  // clearance system (docs/STREAMING.md, "Who may send what"); false when officers use
  // only the gRPC OfficerService.
  bool kafka_dispositions = true;
  // The stored input offsets (and Kafka cluster id) do not fit the cluster: forget them
  // and read the new cluster's partitions from the start (docs/STREAMING.md, "Another
  // cluster"). Without it gatekeeperd refuses to start in that case.
  bool reset_offsets = false;
  // librdkafka properties, in the order given (file first, then flags).
  std::vector<std::pair<std::string, std::string>> kafka_properties;
  // The gRPC door (docs/GATEWAY.md). Off unless one of its flags is given
  // (--grpc-listen, the --grpc-tls-* files or --insecure): then on, with TLS
  // and client certificates unless --insecure.
  bool grpc_enabled = false;
  std::string grpc_listen = "127.0.0.1:50051";
  std::string grpc_tls_ca_file;
  std::string grpc_tls_cert_file;
  std::string grpc_tls_key_file;
  // Refuse clients without a certificate in the TLS handshake (default: they
  // connect, and every gatekeeper call answers UNAUTHENTICATED).
  bool grpc_require_client_cert = false;
  // Plaintext gRPC without roles: local development only.
  bool grpc_insecure = false;
  // Events from gRPC waiting for the writer before Submit answers
  // RESOURCE_EXHAUSTED.
  size_t grpc_queue_capacity = 4096;
  // --help was given: print DaemonUsage() and exit.
  bool show_help = false;
};

// Parses the arguments after the program name (and the --config file they
// name), and checks that the result is complete. InvalidArgument names the
// flag, or the file and line.
absl::StatusOr<DaemonConfig> ParseDaemonArgs(absl::Span<const absl::string_view> args);

// The usage text printed by --help and after a flag error.
std::string DaemonUsage();

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_DAEMON_CONFIG_H_
