#include "services/daemon/daemon_config.h"

#include <fstream>
#include <functional>
#include <limits>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace gatekeeper::daemon {
namespace {

// Bounds that keep a typo from turning into an unbounded queue or a stalled
// stream.
constexpr size_t kMaxBatchRecords = 100000;
constexpr int kMaxBatchDelayMs = 10000;
constexpr uint64_t kMaxOutboxBacklog = 10000000;
constexpr int kMaxEmbeddedPartitions = 1000;
constexpr size_t kMaxGrpcQueueCapacity = 1 << 20;
// A config file is a handful of lines; anything bigger is the wrong file.
constexpr size_t kMaxConfigLines = 10000;

// librdkafka settings exactly-once depends on (docs/STREAMING.md): never
// overridable.
constexpr absl::string_view kFixedKafkaProperties[] = {
    "enable.auto.commit",    "enable.auto.offset.store", "enable.idempotence", "acks",
    "request.required.acks", "isolation.level"};

using Setter = std::function<absl::Status(absl::string_view value, DaemonConfig& config)>;

struct Option {
  absl::string_view name;
  // Flags without a value (--embedded-kafka); in a file they take true/false.
  bool is_switch;
  Setter set;
};

absl::Status ParseBool(absl::string_view value, bool& out) {
  if (value == "true" || value == "1" || value == "yes") {
    out = true;
  } else if (value == "false" || value == "0" || value == "no") {
    out = false;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("expected true or false, got \"", value, "\""));
  }
  return absl::OkStatus();
}

template <typename Int>
absl::Status ParseBounded(absl::string_view value, Int min, Int max, Int& out) {
  Int parsed;
  if (!absl::SimpleAtoi(value, &parsed) || parsed < min || parsed > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a whole number from ", min, " to ", max, ", got \"", value, "\""));
  }
  out = parsed;
  return absl::OkStatus();
}

absl::Status AddKafkaProperty(absl::string_view assignment, DaemonConfig& config) {
  size_t equals = assignment.find('=');
  if (equals == absl::string_view::npos || equals == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected PROPERTY=VALUE, got \"", assignment, "\""));
  }
  std::string name(absl::StripAsciiWhitespace(assignment.substr(0, equals)));
  std::string value(absl::StripAsciiWhitespace(assignment.substr(equals + 1)));
  for (absl::string_view fixed : kFixedKafkaProperties) {
    if (name == fixed) {
      return absl::InvalidArgumentError(
          absl::StrCat("librdkafka property ", name,
                       " cannot be changed: exactly-once processing depends on it"));
    }
  }
  if (name == "bootstrap.servers" || name == "metadata.broker.list") {
    config.brokers = value;
    return absl::OkStatus();
  }
  if (name == "group.id") {
    config.group_id = value;
    return absl::OkStatus();
  }
  config.kafka_properties.emplace_back(std::move(name), std::move(value));
  return absl::OkStatus();
}

absl::Status SetTopic(absl::string_view value, std::string& topic) {
  if (value.empty()) return absl::InvalidArgumentError("a topic name cannot be empty");
  topic = std::string(value);
  return absl::OkStatus();
}

const std::vector<Option>& Options() {
  static const std::vector<Option>* options = new std::vector<Option>{
      {"brokers", false,
       [](absl::string_view v, DaemonConfig& c) {
         c.brokers = std::string(v);
         return absl::OkStatus();
       }},
      {"data-dir", false,
       [](absl::string_view v, DaemonConfig& c) {
         c.data_dir = std::string(v);
         return absl::OkStatus();
       }},
      {"group-id", false,
       [](absl::string_view v, DaemonConfig& c) {
         if (v.empty())
           return absl::InvalidArgumentError("the group id cannot be empty");
         c.group_id = std::string(v);
         return absl::OkStatus();
       }},
      {"embedded-kafka", true,
       [](absl::string_view v, DaemonConfig& c) {
         return ParseBool(v, c.embedded_kafka);
       }},
      {"embedded-partitions", false,
       [](absl::string_view v, DaemonConfig& c) {
         return ParseBounded(v, 1, kMaxEmbeddedPartitions,
                             c.embedded_partitions);
       }},
      {"declarations-topic", false,
       [](absl::string_view v, DaemonConfig& c) {
         return SetTopic(v, c.topics.declarations);
       }},
      {"licensing-topic", false,
       [](absl::string_view v, DaemonConfig& c) {
         return SetTopic(v, c.topics.licensing);
       }},
      {"decisions-topic", false,
       [](absl::string_view v, DaemonConfig& c) {
         return SetTopic(v, c.topics.decisions);
       }},
      {"usage-topic", false,
       [](absl::string_view v, DaemonConfig& c) {
         return SetTopic(v, c.topics.usage);
       }},
      {"deadletter-topic", false,
       [](absl::string_view v, DaemonConfig& c) {
         return SetTopic(v, c.topics.deadletter);
       }},
      {"batch-max-records", false,
       [](absl::string_view v, DaemonConfig& c) {
         return ParseBounded<size_t>(v, 1, kMaxBatchRecords,
                                     c.batch_max_records);
       }},
      {"batch-max-delay-ms", false,
       [](absl::string_view v, DaemonConfig& c) {
         return ParseBounded(v, 0, kMaxBatchDelayMs, c.batch_max_delay_ms);
       }},
      {"outbox-max-backlog", false,
       [](absl::string_view v, DaemonConfig& c) {
         return ParseBounded<uint64_t>(v, 1, kMaxOutboxBacklog,
                                       c.outbox_max_backlog);
       }},
      {"output-format", false,
       [](absl::string_view v, DaemonConfig& c) {
         if (v == "protobuf") {
           c.output_format = OutputFormat::kProtobuf;
         } else if (v == "json") {
           c.output_format = OutputFormat::kJson;
         } else {
           return absl::InvalidArgumentError(
               absl::StrCat("expected protobuf or json, got \"", v, "\""));
         }
         return absl::OkStatus();
       }},
      {"metrics-interval-ms", false,
       [](absl::string_view v, DaemonConfig& c) {
         return ParseBounded(v, 0, std::numeric_limits<int>::max(),
                             c.metrics_interval_ms);
       }},
      {"kafka", false, AddKafkaProperty},
      {"kafka-dispositions", true,
       [](absl::string_view v, DaemonConfig& c) { return ParseBool(v, c.kafka_dispositions); }},
      {"reset-offsets", true,
       [](absl::string_view v, DaemonConfig& c) { return ParseBool(v, c.reset_offsets); }},
      {"grpc-listen", false,
       [](absl::string_view v, DaemonConfig& c) {
         if (v.empty() || v.find(':') == absl::string_view::npos)
           return absl::InvalidArgumentError(
               absl::StrCat("expected HOST:PORT, got \"", v, "\""));
         c.grpc_enabled = true;
         c.grpc_listen = std::string(v);
         return absl::OkStatus();
       }},
      {"grpc-tls-ca", false,
       [](absl::string_view v, DaemonConfig& c) {
         c.grpc_enabled = true;
         c.grpc_tls_ca_file = std::string(v);
         return absl::OkStatus();
       }},
      {"grpc-tls-cert", false,
       [](absl::string_view v, DaemonConfig& c) {
         c.grpc_enabled = true;
         c.grpc_tls_cert_file = std::string(v);
         return absl::OkStatus();
       }},
      {"grpc-tls-key", false,
       [](absl::string_view v, DaemonConfig& c) {
         c.grpc_enabled = true;
         c.grpc_tls_key_file = std::string(v);
         return absl::OkStatus();
       }},
      {"grpc-require-client-cert", true,
       [](absl::string_view v, DaemonConfig& c) {
         absl::Status status = ParseBool(v, c.grpc_require_client_cert);
         if (c.grpc_require_client_cert) c.grpc_enabled = true;
         return status;
       }},
      {"insecure", true,
       [](absl::string_view v, DaemonConfig& c) {
         absl::Status status = ParseBool(v, c.grpc_insecure);
         if (c.grpc_insecure) c.grpc_enabled = true;
         return status;
       }},
      {"grpc-queue-capacity", false,
       [](absl::string_view v, DaemonConfig& c) {
         return ParseBounded<size_t>(v, 1, kMaxGrpcQueueCapacity,
                                     c.grpc_queue_capacity);
       }},
  };
  return *options;
}

const Option* FindOption(absl::string_view name) {
  for (const Option& option : Options()) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

absl::Status ApplyConfigFile(const std::string& path, DaemonConfig& config) {
  std::ifstream file(path);
  if (!file) {
    return absl::InvalidArgumentError(absl::StrCat("--config: cannot read ", path));
  }
  std::string line;
  for (size_t line_no = 1; std::getline(file, line); ++line_no) {
    if (line_no > kMaxConfigLines) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": more than ", kMaxConfigLines, " lines"));
    }
    absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || text.front() == '#') continue;
    size_t equals = text.find('=');
    if (equals == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": expected KEY=VALUE, got \"", text, "\""));
    }
    absl::string_view key = absl::StripAsciiWhitespace(text.substr(0, equals));
    absl::string_view value = absl::StripAsciiWhitespace(text.substr(equals + 1));
    absl::Status status;
    if (absl::ConsumePrefix(&key, "kafka.")) {
      status = AddKafkaProperty(absl::StrCat(key, "=", value), config);
    } else if (const Option* option = FindOption(key);
               option != nullptr && option->name != "kafka") {
      status = option->set(value, config);
    } else {
      status = absl::InvalidArgumentError(absl::StrCat("unknown key \"", key, "\""));
    }
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": ", key, ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string DaemonUsage() {
  return R"(usage: gatekeeperd --brokers HOST:PORT[,...] --data-dir DIR [options]
       gatekeeperd --embedded-kafka --data-dir DIR [options]

  --brokers LIST            Kafka bootstrap servers
  --data-dir DIR            the store (created if missing)
  --group-id ID             consumer group (default gatekeeperd)
  --embedded-kafka          start an in-process development Kafka and print its address
  --embedded-partitions N   partitions per topic of the embedded Kafka (default 3)
  --config FILE             KEY=VALUE lines; keys are these flags without the dashes,
                            plus kafka.<librdkafka property>; flags win over the file
  --declarations-topic T    default gatekeeper.declarations
  --licensing-topic T       default gatekeeper.licensing
  --decisions-topic T       default gatekeeper.decisions
  --usage-topic T           default gatekeeper.usage
  --deadletter-topic T      default gatekeeper.deadletter
  --batch-max-records N     input records per synced batch (default 1000)
  --batch-max-delay-ms N    longest a batch stays open (default 5)
  --outbox-max-backlog N    pause input above this many unacknowledged outputs (default 100000)
  --output-format F         protobuf (default) or json
  --metrics-interval-ms N   metrics line on stderr every N ms (default 5000, 0 = at exit only)
  --kafka PROP=VALUE        librdkafka property for the consumer and producer (repeatable)
  --kafka-dispositions=false  refuse officers' dispositions on the declarations topic (they
                            are admitted there by default, relayed by the customs system)
  --reset-offsets           the stored offsets belong to another Kafka cluster (or lie past
                            a partition's end): forget them and read from the start

gRPC door (docs/GATEWAY.md; off unless one of these is given):
  --grpc-listen HOST:PORT   serve CustomsService, OfficerService, LicensingService, health
                            and reflection here (default 127.0.0.1:50051)
  --grpc-tls-ca FILE        PEM CA of the client certificates (role = OU: customs,
                            officer, licensing)
  --grpc-tls-cert FILE      PEM certificate of this server
  --grpc-tls-key FILE       PEM private key of this server
  --grpc-require-client-cert  refuse clients without a certificate at the handshake
  --insecure                plaintext gRPC, no roles: LOCAL DEVELOPMENT ONLY
  --grpc-queue-capacity N   gRPC events waiting for the writer before Submit answers
                            RESOURCE_EXHAUSTED (default 4096)
)";
}

absl::StatusOr<DaemonConfig> ParseDaemonArgs(absl::Span<const absl::string_view> args) {
  DaemonConfig config;
  struct FlagValue {
    const Option* option;
    absl::string_view flag;
    absl::string_view value;
  };
  std::vector<FlagValue> flags;
  std::optional<std::string> config_path;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      config.show_help = true;
      return config;
    }
    absl::string_view name = arg;
    if (!absl::ConsumePrefix(&name, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument \"", arg, "\""));
    }
    std::optional<absl::string_view> inline_value;
    if (size_t equals = name.find('='); equals != absl::string_view::npos) {
      inline_value = name.substr(equals + 1);
      name = name.substr(0, equals);
    }
    const Option* option = FindOption(name);
    if (option == nullptr && name != "config") {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
    absl::string_view value;
    if (inline_value.has_value()) {
      value = *inline_value;
    } else if (option != nullptr && option->is_switch) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
    }
    if (option == nullptr) {
      config_path = std::string(value);
    } else {
      flags.push_back({option, name, value});
    }
  }
  if (config_path.has_value()) {
    if (absl::Status status = ApplyConfigFile(*config_path, config); !status.ok()) {
      return status;
    }
  }
  for (const FlagValue& flag : flags) {
    if (absl::Status status = flag.option->set(flag.value, config); !status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--", flag.flag, ": ", status.message()));
    }
  }
  if (config.topics.declarations == config.topics.licensing) {
    return absl::InvalidArgumentError(
        "--declarations-topic and --licensing-topic must differ: the topic is the sender's "
        "role");
  }
  if (config.data_dir.empty()) {
    return absl::InvalidArgumentError("--data-dir is required");
  }
  if (config.brokers.empty() && !config.embedded_kafka) {
    return absl::InvalidArgumentError("--brokers is required (or --embedded-kafka)");
  }
  if (config.grpc_enabled) {
    const bool any_tls = !config.grpc_tls_ca_file.empty() || !config.grpc_tls_cert_file.empty() ||
                         !config.grpc_tls_key_file.empty() || config.grpc_require_client_cert;
    if (config.grpc_insecure && any_tls) {
      return absl::InvalidArgumentError("--insecure and the --grpc-tls-* flags exclude each other");
    }
    if (!config.grpc_insecure &&
        (config.grpc_tls_ca_file.empty() || config.grpc_tls_cert_file.empty() ||
         config.grpc_tls_key_file.empty())) {
      return absl::InvalidArgumentError(
          "the gRPC door needs --grpc-tls-ca, --grpc-tls-cert and --grpc-tls-key "
          "(or --insecure for local development)");
    }
  }
  return config;
}

}  // namespace gatekeeper::daemon
