#include "storage/group_writer.h"

#include <utility>

#include "services/common/check.h"

namespace gatekeeper::storage {

GroupWriter::GroupWriter(rocksdb::DB* db, bool sync) : db_(db), sync_(sync) {}

GroupWriter::~GroupWriter() {
  if (!thread_.joinable()) return;
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void GroupWriter::Start(rocksdb::WriteBatch batch) {
  GK_CHECK(!busy_);
  busy_ = true;
  {
    absl::MutexLock lock(&mutex_);
    pending_.emplace(std::move(batch));
  }
  // Started lazily: stores that only ever commit synchronously (gkctl, tests) never pay
  // for a thread.
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
}

std::optional<rocksdb::Status> GroupWriter::Wait(absl::Duration timeout) {
  if (!busy_) return std::nullopt;
  if (timeout <= absl::ZeroDuration() && !result_ready_.load(std::memory_order_acquire)) {
    return std::nullopt;
  }
  absl::MutexLock lock(&mutex_);
  const auto done = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return result_.has_value(); };
  if (!mutex_.AwaitWithTimeout(absl::Condition(&done), timeout)) return std::nullopt;
  std::optional<rocksdb::Status> result = std::move(result_);
  result_.reset();
  result_ready_.store(false, std::memory_order_relaxed);
  busy_ = false;
  return result;
}

void GroupWriter::Loop() {
  rocksdb::WriteOptions options;
  options.sync = sync_;
  absl::MutexLock lock(&mutex_);
  while (true) {
    const auto work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
      return pending_.has_value() || stopping_;
    };
    mutex_.Await(absl::Condition(&work));
    // A group handed over before the stop is still written: the caller may be waiting.
    if (!pending_.has_value()) return;
    rocksdb::WriteBatch batch = std::move(*pending_);
    pending_.reset();
    mutex_.Unlock();
    rocksdb::Status status = db_->Write(options, &batch);
    mutex_.Lock();
    result_ = std::move(status);
    result_ready_.store(true, std::memory_order_release);
  }
}

}  // namespace gatekeeper::storage
