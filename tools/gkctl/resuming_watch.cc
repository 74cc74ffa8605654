#include "tools/gkctl/resuming_watch.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"

namespace gatekeeper::gkctl {
namespace {

// "100ms", "1.6s", "5s": short, for one log line.
std::string Short(absl::Duration duration) {
  if (duration < absl::Seconds(1)) {
    return absl::StrCat(absl::ToInt64Milliseconds(duration), "ms");
  }
  return absl::StrCat(
      absl::FDivDuration(absl::Trunc(duration, absl::Milliseconds(100)), absl::Seconds(1)), "s");
}

}  // namespace

std::string GrpcStatusText(const grpc::Status& status) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int code = static_cast<int>(status.error_code());
  const char* name = code >= 0 && code <= 16 ? kNames[code] : "UNKNOWN";
  return absl::StrCat(name, ": ", status.error_message());
}

ResumingWatch::ResumingWatch(ChannelFactory make_channel, v1::WatchHoldsRequest request,
                             ReconnectPolicy policy, std::ostream& log)
    : make_channel_(std::move(make_channel)),
      request_(std::move(request)),
      policy_(policy),
      log_(log),
      delay_(policy.first_delay) {}

absl::Status ResumingWatch::Run(const OnDecision& on_decision) {
  outage_since_ = absl::Now();
  while (true) {
    Attempt attempt = WatchOnce(on_decision);
    if (attempt.stopped) return absl::OkStatus();
    const grpc::Status& status = attempt.status;
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED && attempt.connected) {
      // Cut off as too slow while the server is up: resume at once.
      log_ << "gkctl holds watch: " << GrpcStatusText(status) << "; resuming after sequence "
           << last_sequence() << std::endl;
      continue;
    }
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
        status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          GrpcStatusText(status));
    }
    if (!Disconnected(status)) {
      return absl::UnavailableError(absl::StrCat(
          "no connection for ", Short(absl::Now() - *outage_since_), " (", GrpcStatusText(status),
          "); giving up (--give-up-after ", Short(policy_.give_up_after),
          "); resume with --after-sequence ", last_sequence()));
    }
    absl::SleepFor(delay_);
    delay_ = std::min(delay_ * 2, policy_.max_delay);
  }
}

ResumingWatch::Attempt ResumingWatch::WatchOnce(const OnDecision& on_decision) {
  Attempt attempt;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = make_channel_();
  if (!channel.ok()) {
    attempt.status =
        grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::string(channel.status().message()));
    return attempt;
  }
  auto stub = v1::OfficerService::NewStub(*channel);
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<v1::Decision>> reader = stub->WatchHolds(&context, request_);
  // The server sends its initial metadata as soon as it takes the call; a call that
  // failed to connect ends here too, with the channel not ready.
  reader->WaitForInitialMetadata();
  if ((*channel)->GetState(/*try_to_connect=*/false) == GRPC_CHANNEL_READY) {
    attempt.connected = true;
    Connected();
  }
  v1::Decision decision;
  while (reader->Read(&decision)) {
    if (!attempt.connected) {
      attempt.connected = true;
      Connected();
    }
    request_.set_after_sequence(decision.sequence());
    if (!on_decision(decision)) {
      attempt.stopped = true;
      context.TryCancel();
      reader->Finish();
      return attempt;
    }
  }
  attempt.status = reader->Finish();
  return attempt;
}

void ResumingWatch::Connected() {
  delay_ = policy_.first_delay;
  if (outage_reported_) {
    log_ << "gkctl holds watch: " << (ever_connected_ ? "reconnected" : "connected") << " after "
         << Short(absl::Now() - *outage_since_) << ", resuming after sequence " << last_sequence()
         << std::endl;
  }
  outage_since_.reset();
  outage_reported_ = false;
  ever_connected_ = true;
}

bool ResumingWatch::Disconnected(const grpc::Status& status) {
  const absl::Time now = absl::Now();
  if (!outage_since_.has_value()) outage_since_ = now;
  if (!outage_reported_) {
    outage_reported_ = true;
    log_ << "gkctl holds watch: " << (ever_connected_ ? "connection lost" : "cannot connect")
         << " (" << GrpcStatusText(status) << "); retrying in " << Short(delay_)
         << ", then at most " << Short(policy_.max_delay) << " apart" << std::endl;
  }
  return now - *outage_since_ < policy_.give_up_after;
}

}  // namespace gatekeeper::gkctl
