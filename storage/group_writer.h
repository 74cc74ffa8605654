// The store's commit thread: writes one sealed group (a WriteBatch) at a time to RocksDB,
// synced, while the writer thread goes on deciding and staging the next group. This is what
// turns "decide, then fsync, then decide" into "decide group N+1 while group N syncs": the
// throughput of a saturated writer becomes max(decide, sync) instead of their sum.
//
//   GroupWriter writer(db, /*sync=*/true);
//   writer.Start(std::move(batch));               // returns at once
//   ... stage the next group ...
//   std::optional<rocksdb::Status> done = writer.Wait(absl::Milliseconds(1));
//
// One group at a time: Start requires that the previous one was collected by Wait. The
// thread is started at the first Start and joined by the destructor, after the write in
// flight (if any) has finished: a write is never abandoned half way.
#ifndef GATEKEEPER_STORAGE_GROUP_WRITER_H_
#define GATEKEEPER_STORAGE_GROUP_WRITER_H_

#include <atomic>
#include <optional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace gatekeeper::storage {

class GroupWriter {
 public:
  // `db` must outlive the writer.
  GroupWriter(rocksdb::DB* db, bool sync);
  ~GroupWriter();

  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;

  // Hands `batch` to the commit thread. Requires !busy().
  void Start(rocksdb::WriteBatch batch);

  // A group was started and its result not yet collected by Wait.
  bool busy() const { return busy_; }

  // Waits up to `timeout` for the group in flight. nullopt: still being written (or nothing
  // was started); otherwise the write's status, and the writer is free again.
  std::optional<rocksdb::Status> Wait(absl::Duration timeout);

 private:
  void Loop();

  rocksdb::DB* const db_;
  const bool sync_;
  // Only the caller's thread reads and writes it.
  bool busy_ = false;

  absl::Mutex mutex_;
  std::optional<rocksdb::WriteBatch> pending_ ABSL_GUARDED_BY(mutex_);
  std::optional<rocksdb::Status> result_ ABSL_GUARDED_BY(mutex_);
  // result_ is set: lets a caller that only looks (a zero timeout, once per input record)
  // do so without the mutex, which the commit thread may hold, and without a futex call.
  std::atomic<bool> result_ready_{false};
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_GROUP_WRITER_H_
