// gk-dev-broker: a development Kafka broker (librdkafka's mock cluster) in its
// own process, with the five gatekeeper topics created, so that kcat, the load
// generator and a gatekeeperd that is killed and restarted all share one
// broker.
//
//   gk-dev-broker [--partitions N] [--brokers N] [--topics a,b,c]
//
// The first line on standard output is `bootstrap.servers=HOST:PORT[,...]`
// (flushed), so a script can read it and go on; the broker then runs until
// SIGTERM or SIGINT. Everything is kept in memory, about 5 MiB per partition
// (older batches are dropped beyond that).
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "services/daemon/embedded_cluster.h"
#include "services/daemon/topic_names.h"

namespace {

constexpr int kMaxPartitions = 1000;
constexpr int kMaxBrokers = 16;

int Usage(absl::string_view problem) {
  std::cerr << "gk-dev-broker: " << problem << "\n"
            << "usage: gk-dev-broker [--partitions N (default 3)] [--brokers N "
               "(default 1)]\n"
            << "                     [--topics NAME,NAME,... (default: the "
               "gatekeeper topics)]\n";
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  gatekeeper::daemon::EmbeddedClusterOptions options;
  options.topics = gatekeeper::daemon::TopicNames{}.All();
  for (int i = 1; i < argc; ++i) {
    absl::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h")
      return Usage("runs a development Kafka broker");
    if (i + 1 >= argc)
      return Usage(std::string("missing value for ") + argv[i]);
    absl::string_view value = argv[++i];
    if (flag == "--partitions") {
      if (!absl::SimpleAtoi(value, &options.partitions) ||
          options.partitions < 1 || options.partitions > kMaxPartitions) {
        return Usage("--partitions must be 1..1000");
      }
    } else if (flag == "--brokers") {
      if (!absl::SimpleAtoi(value, &options.broker_count) ||
          options.broker_count < 1 || options.broker_count > kMaxBrokers) {
        return Usage("--brokers must be 1..16");
      }
    } else if (flag == "--topics") {
      options.topics = absl::StrSplit(value, ',', absl::SkipEmpty());
    } else {
      return Usage(std::string("unknown flag ") + std::string(flag));
    }
  }

  // Block the stop signals before librdkafka starts its threads, so that they
  // all inherit the mask and sigwait() below is the only place the signals are
  // delivered.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto cluster = gatekeeper::daemon::EmbeddedCluster::Start(options);
  if (!cluster.ok()) {
    std::cerr << "gk-dev-broker: " << cluster.status().message() << "\n";
    return 1;
  }
  std::cout << "bootstrap.servers=" << (*cluster)->bootstrap_servers()
            << std::endl;
  std::cerr << "gk-dev-broker: " << options.topics.size() << " topics with "
            << options.partitions
            << " partitions each; stop with SIGTERM or Ctrl-C\n";

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::cerr << "gk-dev-broker: stopping on signal " << signal_number << "\n";
  return 0;
}
