#include "gateway/server_config.h"

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::gateway {
namespace {

// Upper bounds of the numeric flags: beyond them memory, not throughput, grows.
constexpr uint64_t kMaxQueueCapacity = 1 << 20;
constexpr uint64_t kMaxSubscriberBuffer = 1 << 20;

absl::StatusOr<size_t> ParseCount(const std::string& flag, const std::string& value, uint64_t max) {
  uint64_t parsed = 0;
  if (!absl::SimpleAtoi(value, &parsed) || parsed == 0 || parsed > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": \"", value, "\" is not a whole number from 1 to ", max));
  }
  return static_cast<size_t>(parsed);
}

}  // namespace

const char* ServerUsage() {
  return R"(Usage: gk-grpc-server --data-dir DIR [--grpc-listen HOST:PORT]
                      (--tls-ca FILE --tls-cert FILE --tls-key FILE | --insecure)

Serves the gatekeeper gRPC door (gatekeeper.v1 CustomsService, OfficerService,
LicensingService, grpc.health.v1 and server reflection) over the store in DIR.

  --data-dir DIR           the store (created if missing); no other process may use it
  --grpc-listen HOST:PORT  where to listen (default 127.0.0.1:50051; port 0 = any free port)
  --tls-ca FILE            PEM CA that issues client certificates (role = OU:
                           customs, officer, licensing)
  --tls-cert FILE          PEM certificate of this server
  --tls-key FILE           PEM private key of this server
  --require-client-cert    refuse clients without a certificate in the TLS handshake
                           (default: they connect, and every call answers UNAUTHENTICATED)
  --insecure               plaintext, no roles: LOCAL DEVELOPMENT ONLY
  --queue-capacity N       events waiting for the writer before Submit answers
                           RESOURCE_EXHAUSTED (default 4096)
  --subscriber-buffer N    records a watch stream may have unsent before it is cut off
                           with RESOURCE_EXHAUSTED (default 4096)
  --help                   this text

Prints "listening on HOST:PORT" once it serves. SIGTERM or SIGINT: stops accepting,
applies and commits what was queued, ends watch streams with UNAVAILABLE ("resume from
sequence N"), exits 0. Exit 1 when it cannot start or the store fails, 64 on a usage error.
)";
}

absl::StatusOr<ServerConfig> ParseServerArgs(const std::vector<std::string>& args) {
  ServerConfig config;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    if (!absl::StartsWith(flag, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument \"", flag, "\""));
    }
    flag = flag.substr(2);
    std::optional<std::string> inline_value;
    if (size_t equals = flag.find('='); equals != std::string::npos) {
      inline_value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
    }
    if (flag == "help" || flag == "insecure" || flag == "require-client-cert") {
      if (inline_value.has_value()) {
        return absl::InvalidArgumentError(absl::StrCat("--", flag, " takes no value"));
      }
      if (flag == "help") config.show_help = true;
      if (flag == "insecure") config.server.insecure = true;
      if (flag == "require-client-cert") config.server.tls.require_client_certificate = true;
      continue;
    }
    std::string value;
    if (inline_value.has_value()) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("--", flag, " needs a value"));
    }
    if (flag == "data-dir") {
      config.data_dir = value;
    } else if (flag == "grpc-listen") {
      config.server.listen_address = value;
    } else if (flag == "tls-ca") {
      config.server.tls.ca_file = value;
    } else if (flag == "tls-cert") {
      config.server.tls.cert_file = value;
    } else if (flag == "tls-key") {
      config.server.tls.key_file = value;
    } else if (flag == "queue-capacity") {
      absl::StatusOr<size_t> count = ParseCount(flag, value, kMaxQueueCapacity);
      if (!count.ok()) return count.status();
      config.queue_capacity_events = *count;
    } else if (flag == "subscriber-buffer") {
      absl::StatusOr<size_t> count = ParseCount(flag, value, kMaxSubscriberBuffer);
      if (!count.ok()) return count.status();
      config.server.watch.subscriber_buffer_records = *count;
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", flag));
    }
  }
  if (config.show_help) return config;
  if (config.data_dir.empty()) return absl::InvalidArgumentError("--data-dir is required");
  const TlsFiles& tls = config.server.tls;
  const bool any_tls = !tls.ca_file.empty() || !tls.cert_file.empty() || !tls.key_file.empty() ||
                       tls.require_client_certificate;
  if (config.server.insecure && any_tls) {
    return absl::InvalidArgumentError("--insecure and the TLS flags exclude each other");
  }
  if (!config.server.insecure &&
      (tls.ca_file.empty() || tls.cert_file.empty() || tls.key_file.empty())) {
    return absl::InvalidArgumentError(
        "TLS needs --tls-ca, --tls-cert and --tls-key (or --insecure for local development)");
  }
  return config;
}

}  // namespace gatekeeper::gateway
