// gk-loadgen: publishes gatekeeper input events to Kafka and watches what comes
// back.
//
//   gk-loadgen generate [--declarations N] [--seed S] > events.jsonl
//   gk-loadgen publish --brokers B [--input FILE] [--format protobuf|json]
//   [--rate N] gk-loadgen watch --brokers B [--group gatekeeperd] gk-loadgen
//   bench --brokers B --rate N --count N
//   gk-loadgen drain --brokers B [--topic T]
//
// Each subcommand's flags are described in docs/STREAMING.md and
// tools/loadgen/*_command.cc.
#include <iostream>
#include <string>
#include <vector>

#include "tools/loadgen/commands.h"

namespace {

int Usage() {
  std::cerr << "usage: gk-loadgen generate|publish|watch|bench [--flag value ...]\n"
               "  generate  synthetic events as JSON lines on stdout\n"
               "  publish   events into Kafka (licensing first, then customs)\n"
               "  watch     decisions as they arrive, then a summary by reason code\n"
               "  bench     offered load -> decision latency percentiles\n"
               "  drain     read a topic from the beginning: the librdkafka consume rate\n";
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  std::string command = argv[1];
  auto flags =
      gatekeeper::loadgen::CommandFlags::Parse(std::vector<std::string>(argv + 2, argv + argc));
  if (!flags.ok()) {
    std::cerr << "gk-loadgen " << command << ": " << flags.status().message() << "\n";
    return 64;
  }
  if (command == "generate") return gatekeeper::loadgen::RunGenerate(*flags);
  if (command == "publish") return gatekeeper::loadgen::RunPublish(*flags);
  if (command == "watch") return gatekeeper::loadgen::RunWatch(*flags);
  if (command == "bench") return gatekeeper::loadgen::RunBench(*flags);
  if (command == "drain") return gatekeeper::loadgen::RunDrain(*flags);
  return Usage();
}
