// One server-streaming watch (WatchDecisions, WatchHolds, WatchUsage): replays the output
// log after the client's `after_sequence`, then follows live, writing the records its
// `select` function picks, in sequence order, each exactly once.
//
// Each subscriber has a bounded buffer (WatchOptions::subscriber_buffer_records) of
// records waiting for the transport. While catching up it reads the next page only when
// the buffer is empty, so it never overflows; once live, the feed's fan-out thread appends
// to it without waiting, and a subscriber whose buffer is full is cut off at once with
// RESOURCE_EXHAUSTED "subscriber too slow; resume from sequence N", N being the last
// record handed to the transport (the client receives it before the status). Neither the
// writer nor other subscribers ever wait for a slow one. At server shutdown the stream
// ends with UNAVAILABLE and the same "resume from sequence N".
//
// Threads: gRPC reactions, the fan-out thread and the starting handler all drive the
// stream; its state is guarded by one mutex, and gRPC (StartWrite, Finish) is always
// called outside it, with at most one operation outstanding.
#ifndef GATEKEEPER_GATEWAY_WATCH_STREAM_H_
#define GATEKEEPER_GATEWAY_WATCH_STREAM_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gateway/output_feed.h"
#include "gateway/service_context.h"
#include "gateway/status_conversion.h"
#include "grpcpp/support/server_callback.h"

namespace gatekeeper::gateway {

// Returns the message to write for a record, or nullptr to skip it. Called on gRPC and
// fan-out threads; must be thread-safe and must not block.
template <typename Message>
using WatchSelect = std::function<const Message*(const internal::OutputRecord&)>;

// A stream that ends at once with `status` (refused before it started).
template <typename Message>
class RefusedStream final : public grpc::ServerWriteReactor<Message> {
 public:
  explicit RefusedStream(grpc::Status status) { this->Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

template <typename Message>
class WatchStream final : public grpc::ServerWriteReactor<Message> {
 public:
  // Starts the stream; the reactor deletes itself when gRPC is done with it.
  static grpc::ServerWriteReactor<Message>* Start(const ServiceContext& context,
                                                  uint64_t after_sequence,
                                                  WatchSelect<Message> select) {
    OutputFeed& feed = context.backend->feed();
    auto* stream = new WatchStream(feed);
    stream->subscription_ = std::make_shared<Subscription>(
        stream, feed, after_sequence, std::move(select), context.watch, context.watch_stats);
    stream->StartSendInitialMetadata();
    stream->subscription_->Drive();
    return stream;
  }

  void OnWriteDone(bool ok) override { subscription_->WriteDone(ok); }
  void OnCancel() override { subscription_->Cancelled(); }
  void OnDone() override {
    subscription_->Detach();
    feed_.Unfollow(subscription_.get());
    delete this;
  }

 private:
  // The part the feed holds on to (it may outlive the reactor by one fan-out round).
  class Subscription final : public OutputFeed::Listener,
                             public std::enable_shared_from_this<Subscription> {
   public:
    Subscription(grpc::ServerWriteReactor<Message>* reactor, OutputFeed& feed,
                 uint64_t after_sequence, WatchSelect<Message> select, const WatchOptions& options,
                 std::shared_ptr<WatchStats> stats)
        : feed_(feed),
          select_(std::move(select)),
          stats_(stats != nullptr ? std::move(stats) : std::make_shared<WatchStats>()),
          buffer_records_(std::max<size_t>(options.subscriber_buffer_records, 1)),
          page_records_(std::clamp<size_t>(options.catch_up_page_records, 1,
                                           std::max<size_t>(options.subscriber_buffer_records, 1))),
          reactor_(reactor),
          cursor_(after_sequence),
          last_sent_sequence_(after_sequence) {}

    ~Subscription() override { stats_->AddBuffered(-static_cast<int64_t>(pending_.size())); }

    // Starts whatever the stream can do next (a write, or its end), outside the lock.
    void Drive() {
      grpc::ServerWriteReactor<Message>* reactor = nullptr;
      const Message* message = nullptr;
      std::optional<grpc::Status> finish;
      {
        absl::MutexLock lock(&mutex_);
        if (!NextOperation(&message, &finish)) return;
        reactor = reactor_;
      }
      if (finish.has_value()) {
        reactor->Finish(*std::move(finish));
      } else {
        reactor->StartWrite(message);
      }
    }

    void WriteDone(bool ok) {
      {
        absl::MutexLock lock(&mutex_);
        writing_ = false;
        in_flight_.reset();
        // The client is gone; the RPC still needs its Finish.
        if (!ok) EndLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
      }
      Drive();
    }

    void Cancelled() {
      {
        absl::MutexLock lock(&mutex_);
        EndLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the watch was cancelled"));
      }
      Drive();
    }

    void Detach() {
      absl::MutexLock lock(&mutex_);
      reactor_ = nullptr;
    }

    bool OnRecords(absl::Span<const RecordPtr> records) override {
      {
        absl::MutexLock lock(&mutex_);
        if (reactor_ == nullptr || end_status_.has_value()) return false;
        for (const RecordPtr& record : records) {
          if (record->sequence() <= cursor_) continue;
          cursor_ = record->sequence();
          if (select_(*record) == nullptr) continue;
          if (pending_.size() >= buffer_records_) {
            ++stats_->subscribers_cut_off;
            EndLocked(grpc::Status(
                grpc::StatusCode::RESOURCE_EXHAUSTED,
                absl::StrCat("subscriber too slow; resume from sequence ", last_sent_sequence_)));
            break;
          }
          pending_.push_back(record);
          stats_->AddBuffered(1);
        }
      }
      Drive();
      absl::MutexLock lock(&mutex_);
      return !end_status_.has_value();
    }

    void OnLost(bool closing) override {
      {
        absl::MutexLock lock(&mutex_);
        EndLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                               absl::StrCat(closing ? "the server is shutting down"
                                                    : "the server fell behind its watchers",
                                            "; resume from sequence ", last_sent_sequence_)));
      }
      Drive();
    }

   private:
    // Decides the next gRPC operation: a write (`*message`) or the end (`*finish`); false
    // when there is none to start now (one is outstanding, the stream is idle and live, or
    // it has finished). Reads the next page of the log while catching up.
    bool NextOperation(const Message** message, std::optional<grpc::Status>* finish)
        ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
      while (reactor_ != nullptr && !finish_started_ && !writing_) {
        if (end_status_.has_value()) {
          finish_started_ = true;
          *finish = *end_status_;
          return true;
        }
        if (!pending_.empty()) {
          in_flight_ = std::move(pending_.front());
          pending_.pop_front();
          stats_->AddBuffered(-1);
          writing_ = true;
          last_sent_sequence_ = in_flight_->sequence();
          *message = select_(*in_flight_);
          return true;
        }
        if (live_) return false;
        absl::StatusOr<std::vector<RecordPtr>> page = feed_.ReadAfter(cursor_, page_records_);
        if (!page.ok()) {
          EndLocked(grpc::Status(static_cast<grpc::StatusCode>(page.status().code()),
                                 absl::StrCat(page.status().message(), "; resume from sequence ",
                                              last_sent_sequence_)));
          continue;
        }
        for (RecordPtr& record : *page) {
          cursor_ = record->sequence();
          if (select_(*record) != nullptr) {
            pending_.push_back(std::move(record));
            stats_->AddBuffered(1);
          }
        }
        if (page->size() < page_records_ && feed_.Follow(this->shared_from_this(), cursor_)) {
          live_ = true;
        }
      }
      return false;
    }

    // Ends the stream with `status` (the first end wins); the Finish itself waits for the
    // write in flight, so the client gets that record before the status.
    void EndLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
      if (end_status_.has_value()) return;
      end_status_ = std::move(status);
      stats_->AddBuffered(-static_cast<int64_t>(pending_.size()));
      pending_.clear();
    }

    OutputFeed& feed_;
    const WatchSelect<Message> select_;
    const std::shared_ptr<WatchStats> stats_;
    const size_t buffer_records_;
    const size_t page_records_;

    absl::Mutex mutex_;
    // Cleared by OnDone, which comes only after the Finish.
    grpc::ServerWriteReactor<Message>* reactor_ ABSL_GUARDED_BY(mutex_);
    // Every record up to here was either queued for writing or not selected.
    uint64_t cursor_ ABSL_GUARDED_BY(mutex_);
    uint64_t last_sent_sequence_ ABSL_GUARDED_BY(mutex_);
    std::deque<RecordPtr> pending_ ABSL_GUARDED_BY(mutex_);
    // The record being written; kept alive until OnWriteDone.
    RecordPtr in_flight_ ABSL_GUARDED_BY(mutex_);
    bool writing_ ABSL_GUARDED_BY(mutex_) = false;
    bool live_ ABSL_GUARDED_BY(mutex_) = false;
    std::optional<grpc::Status> end_status_ ABSL_GUARDED_BY(mutex_);
    bool finish_started_ ABSL_GUARDED_BY(mutex_) = false;
  };

  explicit WatchStream(OutputFeed& feed) : feed_(feed) {}

  OutputFeed& feed_;
  std::shared_ptr<Subscription> subscription_;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_WATCH_STREAM_H_
