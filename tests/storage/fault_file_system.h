// A RocksDB file system for tests that fails chosen operations on chosen kinds of files, as
// a failing or full disk would: the write-ahead log's appends and syncs, the table files a
// flush writes, the manifest, and the reads of recovery. Everything else goes to the real
// file system. Give it to a Store through StoreOptions::file_system_for_testing.
//
//   auto fs = std::make_shared<FaultFileSystem>();
//   Store::Open({.data_dir = dir, .file_system_for_testing = fs});
//   fs->Fail(FaultFile::kWal, FaultOp::kSync, FaultError::kIOError);  // the next commit fails
//   fs->Heal();
//
// Thread-safe: flushes run on RocksDB's background threads.
#ifndef GATEKEEPER_TESTS_STORAGE_FAULT_FILE_SYSTEM_H_
#define GATEKEEPER_TESTS_STORAGE_FAULT_FILE_SYSTEM_H_

#include <array>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"

namespace gatekeeper::storage::testing {

// Kinds of files, by name: NNNNNN.log, NNNNNN.sst, MANIFEST-NNNNNN. Others (CURRENT,
// OPTIONS, the info LOG, the lock) are never failed.
enum class FaultFile { kWal, kTable, kManifest, kOther };
enum class FaultOp {
  kCreate,  // creating or reopening the file for writing
  kAppend,  // writing data to it (a WAL record, a table block, a manifest record)
  kSync,    // Sync / Fsync / RangeSync
  kRead,    // any read of it
};
enum class FaultError { kIOError, kNoSpace };

FaultFile FaultFileOf(const std::string& path);

class FaultFileSystem : public rocksdb::FileSystemWrapper {
 public:
  FaultFileSystem();

  static const char* kClassName() { return "GatekeeperFaultFileSystem"; }
  const char* Name() const override { return kClassName(); }

  // Every later `op` on files of kind `file` fails with `error`, until Heal.
  void Fail(FaultFile file, FaultOp op, FaultError error = FaultError::kIOError);
  // No operation fails any more.
  void Heal();
  // How many operations were failed so far.
  int failures(FaultFile file, FaultOp op) const;
  int total_failures() const;
  // When on, a failed sync also throws away what the file got since its last successful
  // sync, as Linux may after an fsync error (the dirty pages are dropped): the file is cut
  // back to its synced size. When off, the data stays (it may have reached the disk).
  void set_lose_unsynced_on_failed_sync(bool lose);
  bool lose_unsynced_on_failed_sync() const;

  // OK, or the injected error for `op` on `path` (counted).
  rocksdb::IOStatus Check(const std::string& path, FaultOp op);

  rocksdb::IOStatus NewWritableFile(const std::string& path, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& path, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& path, const std::string& old_path,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewSequentialFile(const std::string& path, const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSSequentialFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewRandomAccessFile(const std::string& path,
                                        const rocksdb::FileOptions& options,
                                        std::unique_ptr<rocksdb::FSRandomAccessFile>* result,
                                        rocksdb::IODebugContext* dbg) override;

 private:
  static constexpr int kFiles = 4;
  static constexpr int kOps = 4;
  struct Fault {
    bool armed = false;
    FaultError error = FaultError::kIOError;
    int failures = 0;
  };
  Fault& At(FaultFile file, FaultOp op) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  mutable absl::Mutex mutex_;
  std::array<Fault, kFiles * kOps> faults_ ABSL_GUARDED_BY(mutex_);
  bool lose_unsynced_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace gatekeeper::storage::testing

#endif  // GATEKEEPER_TESTS_STORAGE_FAULT_FILE_SYSTEM_H_
