// gk-loadgen publish --brokers B [--input FILE | --synthetic 1 (+ generate's
// flags)]
//                    [--format protobuf|json] [--rate N] [--group ID] [--wait-s
//                    N]
//
// Publishes licensing events first and flushes them; with --group, waits (up to
// --wait-s, default 120) until that consumer group has consumed every licensing
// record, so that the declarations are decided with every licence and rule in
// place (docs/STREAMING.md, "What a declaration sees"). Then publishes the
// customs events, at --rate events per second (0 = as fast as possible).
// --input is a JSON-lines file of Events ("-" = stdin, the default); a line
// that is not a valid Event is reported with its number and skipped.
#include <chrono>
#include <iostream>
#include <thread>

#include "tools/loadgen/commands.h"
#include "tools/loadgen/event_publisher.h"
#include "tools/loadgen/events_file.h"
#include "tools/loadgen/group_lag.h"

namespace gatekeeper::loadgen {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

int RunPublish(CommandFlags& flags) {
  EventPublisherOptions options;
  options.brokers = flags.String("brokers", "");
  options.json = flags.String("format", "protobuf") == "json";
  options.topics.declarations = flags.String("declarations-topic", options.topics.declarations);
  options.topics.licensing = flags.String("licensing-topic", options.topics.licensing);
  const std::string input = flags.String("input", "-");
  const std::string group = flags.String("group", "");
  absl::StatusOr<int64_t> rate = flags.Int("rate", 0);
  absl::StatusOr<int64_t> wait_s = flags.Int("wait-s", 120);
  absl::StatusOr<int64_t> synthetic = flags.Int("synthetic", 0);
  absl::StatusOr<SyntheticOptions> synthetic_options = SyntheticOptionsFromFlags(flags);
  for (const absl::Status& status : {rate.status(), wait_s.status(), synthetic.status(),
                                     synthetic_options.status(), flags.CheckAllUsed()}) {
    if (!status.ok()) {
      std::cerr << "gk-loadgen publish: " << status.message() << "\n";
      return 64;
    }
  }
  if (options.brokers.empty()) {
    std::cerr << "gk-loadgen publish: --brokers is required\n";
    return 64;
  }

  SyntheticEvents events;
  if (*synthetic != 0) {
    events = GenerateSyntheticEvents(*synthetic_options);
  } else if (absl::Status status = ReadEventsFile(input, "gk-loadgen publish", events);
             !status.ok()) {
    std::cerr << "gk-loadgen publish: " << status.message() << "\n";
    return 1;
  }
  absl::StatusOr<std::unique_ptr<EventPublisher>> publisher = EventPublisher::Create(options);
  if (!publisher.ok()) {
    std::cerr << "gk-loadgen publish: " << publisher.status().message() << "\n";
    return 1;
  }

  for (const v1::Event& event : events.licensing) {
    if (absl::StatusOr<Route> route = (*publisher)->Publish(event); !route.ok()) {
      std::cerr << "gk-loadgen publish: " << route.status().message() << "\n";
      return 1;
    }
  }
  if (absl::Status status = (*publisher)->Flush(); !status.ok()) {
    std::cerr << "gk-loadgen publish: " << status.message() << "\n";
    return 1;
  }
  std::cerr << "gk-loadgen publish: " << events.licensing.size()
            << " licensing events published to " << options.topics.licensing << "\n";
  if (!group.empty() && !events.licensing.empty()) {
    if (absl::Status status =
            WaitUntilConsumed(options.brokers, group, options.topics.licensing, *wait_s);
        !status.ok()) {
      std::cerr << "gk-loadgen publish: " << status.message() << "\n";
      return 1;
    }
    std::cerr << "gk-loadgen publish: group " << group << " has applied them\n";
  }

  const Clock::time_point start = Clock::now();
  for (size_t i = 0; i < events.customs.size(); ++i) {
    if (*rate > 0) {
      std::this_thread::sleep_until(
          start + std::chrono::microseconds(static_cast<int64_t>(i) * 1000000 / *rate));
    }
    if (absl::StatusOr<Route> route = (*publisher)->Publish(events.customs[i]); !route.ok()) {
      std::cerr << "gk-loadgen publish: " << route.status().message() << "\n";
      return 1;
    }
  }
  if (absl::Status status = (*publisher)->Flush(); !status.ok()) {
    std::cerr << "gk-loadgen publish: " << status.message() << "\n";
    return 1;
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cerr << "gk-loadgen publish: " << events.customs.size() << " customs events published to "
            << options.topics.declarations << " in " << static_cast<int64_t>(seconds * 1000)
            << " ms\n";
  return 0;
}

}  // namespace gatekeeper::loadgen
