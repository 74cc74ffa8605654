// An in-process Kafka cluster for development and tests: librdkafka's mock
// cluster with the gatekeeper topics created. It speaks the Kafka protocol on
// localhost ports, so any client (gatekeeperd, kcat, the load generator,
// another process) can use its bootstrap servers.
//
//   absl::StatusOr<std::unique_ptr<EmbeddedCluster>> cluster =
//       EmbeddedCluster::Start({.partitions = 3, .topics =
//       TopicNames{}.All()});
//   std::cout << "bootstrap.servers=" << (*cluster)->bootstrap_servers() <<
//   "\n";
//
// Limits (the mock cluster's, not ours): data lives in memory only and is gone
// when the cluster stops; each partition keeps about 5 MiB (older batches are
// dropped beyond that, as retention would), so give a topic enough partitions
// for the data a test needs. The cluster runs on its own librdkafka thread
// until destroyed.
#ifndef GATEKEEPER_SERVICES_DAEMON_EMBEDDED_CLUSTER_H_
#define GATEKEEPER_SERVICES_DAEMON_EMBEDDED_CLUSTER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace gatekeeper::daemon {

struct EmbeddedClusterOptions {
  // Brokers in the mock cluster (partition leaders are spread over them).
  int broker_count = 1;
  // Partitions of every created topic.
  int partitions = 3;
  // Topics created at start. Others are auto-created on first use with the mock
  // cluster's own default partition count.
  std::vector<std::string> topics;
};

class EmbeddedCluster {
 public:
  static absl::StatusOr<std::unique_ptr<EmbeddedCluster>> Start(
      const EmbeddedClusterOptions& options);
  ~EmbeddedCluster();

  EmbeddedCluster(const EmbeddedCluster&) = delete;
  EmbeddedCluster& operator=(const EmbeddedCluster&) = delete;

  // "127.0.0.1:PORT[,...]": what clients put in bootstrap.servers.
  const std::string& bootstrap_servers() const { return bootstrap_servers_; }

  // Tests: the next `count` requests of Kafka protocol type `api_key` (0 = Produce), from
  // any client, are answered with the Kafka error code `error` (e.g. 10,
  // MESSAGE_TOO_LARGE: what a broker answers for a record over the topic's limit).
  void FailNextRequests(int api_key, int count, int error);

 private:
  struct Handles;
  EmbeddedCluster(std::unique_ptr<Handles> handles, std::string bootstrap_servers);

  std::unique_ptr<Handles> handles_;
  std::string bootstrap_servers_;
};

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_EMBEDDED_CLUSTER_H_
