// A WatchHolds stream that rides out server restarts and network cuts: `gkctl holds watch`.
//
//   ResumingWatch watch(make_channel, request, {.give_up_after = absl::Minutes(10)}, std::cerr);
//   absl::Status ended = watch.Run([](const v1::Decision& hold) { print(hold); return true; });
//
// Resume without gap or duplicate: every (re)connection asks for the records after the
// sequence of the last decision handed to `on_decision` (the request's after_sequence at
// first), and the server sends each later record once, in order (docs/GATEWAY.md).
//
// Reconnection: when the stream ends with UNAVAILABLE (the server stopped, restarted or
// the connection broke), each attempt uses a new connection, after a delay that starts
// at `first_delay` and doubles up to `max_delay`, for as long as `give_up_after` allows
// (default: forever). One line on `log` when the connection is lost ("connection lost
// (STATUS); retrying in 100ms, then at most 5s apart") and one when it is back
// ("reconnected after 3.2s, resuming after sequence N"), whatever the number of attempts
// between. A stream cut off as too slow (RESOURCE_EXHAUSTED) resumes at once, with one
// line. Any other status (PERMISSION_DENIED, INVALID_ARGUMENT, ...) ends the watch.
#ifndef GATEKEEPER_TOOLS_GKCTL_RESUMING_WATCH_H_
#define GATEKEEPER_TOOLS_GKCTL_RESUMING_WATCH_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gatekeeper/v1/services.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"

namespace gatekeeper::gkctl {

// "UNAVAILABLE: failed to connect to all addresses".
std::string GrpcStatusText(const grpc::Status& status);

struct ReconnectPolicy {
  absl::Duration first_delay = absl::Milliseconds(100);
  absl::Duration max_delay = absl::Seconds(5);
  // How long one outage may last before the watch gives up.
  absl::Duration give_up_after = absl::InfiniteDuration();
};

class ResumingWatch {
 public:
  // Makes a new channel (a connection of its own) for each attempt.
  using ChannelFactory = std::function<absl::StatusOr<std::shared_ptr<grpc::Channel>>()>;
  // Called for every decision, in sequence order; false stops the watch.
  using OnDecision = std::function<bool(const v1::Decision&)>;

  ResumingWatch(ChannelFactory make_channel, v1::WatchHoldsRequest request, ReconnectPolicy policy,
                std::ostream& log);

  // Watches until `on_decision` returns false (OK), a status that is not passing, or an
  // outage longer than give_up_after (Unavailable saying so).
  absl::Status Run(const OnDecision& on_decision);

  // The sequence of the last decision handed to `on_decision`.
  uint64_t last_sequence() const { return request_.after_sequence(); }

 private:
  // How one stream ended.
  struct Attempt {
    grpc::Status status;
    // The server answered the call (the connection was up).
    bool connected = false;
    // `on_decision` asked to stop.
    bool stopped = false;
  };

  // One stream, from connecting to its end.
  Attempt WatchOnce(const OnDecision& on_decision);
  // The connection is up: ends the outage, if any, with its line on the log.
  void Connected();
  // The stream ended with a passing status: starts an outage (its line on the log) or
  // goes on with it. False when the outage has lasted give_up_after.
  bool Disconnected(const grpc::Status& status);

  const ChannelFactory make_channel_;
  v1::WatchHoldsRequest request_;
  const ReconnectPolicy policy_;
  std::ostream& log_;
  absl::Duration delay_;
  // Since when there is no connection (from the start until the first one).
  std::optional<absl::Time> outage_since_;
  // The "connection lost" line of this outage was written.
  bool outage_reported_ = false;
  bool ever_connected_ = false;
};

}  // namespace gatekeeper::gkctl

#endif  // GATEKEEPER_TOOLS_GKCTL_RESUMING_WATCH_H_
