#include "services/daemon/embedded_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::daemon {

// The mock cluster needs a client instance for its bookkeeping; it is never
// used to send.
struct EmbeddedCluster::Handles {
  rd_kafka_t* client = nullptr;
  rd_kafka_mock_cluster_t* cluster = nullptr;

  ~Handles() {
    if (cluster != nullptr) rd_kafka_mock_cluster_destroy(cluster);
    if (client != nullptr) rd_kafka_destroy(client);
  }
};

absl::StatusOr<std::unique_ptr<EmbeddedCluster>> EmbeddedCluster::Start(
    const EmbeddedClusterOptions& options) {
  if (options.broker_count < 1 || options.partitions < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("embedded Kafka needs at least one broker and one partition, got ",
                     options.broker_count, " brokers and ", options.partitions, " partitions"));
  }
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // Level 4 (warning) hides the notice that this bookkeeping client has no
  // brokers.
  if (rd_kafka_conf_set(conf, "client.id", "gk-embedded-kafka", error, sizeof(error)) !=
          RD_KAFKA_CONF_OK ||
      rd_kafka_conf_set(conf, "log_level", "4", error, sizeof(error)) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(error);
  }
  auto handles = std::make_unique<Handles>();
  // rd_kafka_new takes ownership of conf on success only.
  handles->client = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
  if (handles->client == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(absl::StrCat("embedded Kafka: ", error));
  }
  handles->cluster = rd_kafka_mock_cluster_new(handles->client, options.broker_count);
  if (handles->cluster == nullptr) {
    return absl::InternalError("embedded Kafka: the mock cluster did not start");
  }
  for (const std::string& topic : options.topics) {
    rd_kafka_resp_err_t err =
        rd_kafka_mock_topic_create(handles->cluster, topic.c_str(), options.partitions,
                                   /*replication_factor=*/1);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return absl::InternalError(
          absl::StrCat("embedded Kafka: creating topic ", topic, ": ", rd_kafka_err2str(err)));
    }
  }
  std::string bootstrap_servers = rd_kafka_mock_cluster_bootstraps(handles->cluster);
  return std::unique_ptr<EmbeddedCluster>(
      new EmbeddedCluster(std::move(handles), std::move(bootstrap_servers)));
}

EmbeddedCluster::EmbeddedCluster(std::unique_ptr<Handles> handles, std::string bootstrap_servers)
    : handles_(std::move(handles)), bootstrap_servers_(std::move(bootstrap_servers)) {}

EmbeddedCluster::~EmbeddedCluster() = default;

void EmbeddedCluster::FailNextRequests(int api_key, int count, int error) {
  std::vector<rd_kafka_resp_err_t> errors(count, static_cast<rd_kafka_resp_err_t>(error));
  rd_kafka_mock_push_request_errors_array(handles_->cluster, static_cast<int16_t>(api_key),
                                          errors.size(), errors.data());
}

}  // namespace gatekeeper::daemon
