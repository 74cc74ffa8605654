#include "tests/storage/fault_file_system.h"

#include <filesystem>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::storage::testing {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

// A file opened for writing: appends and syncs go through the fault check.
class FaultWritableFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultWritableFile(std::string path, FaultFileSystem* fs,
                    std::unique_ptr<rocksdb::FSWritableFile> target)
      : FSWritableFileOwnerWrapper(std::move(target)), path_(std::move(path)), fs_(fs) {}

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* dbg) override {
    if (IOStatus s = fs_->Check(path_, FaultOp::kAppend); !s.ok()) return s;
    return target()->Append(data, options, dbg);
  }
  IOStatus Append(const Slice& data, const IOOptions& options,
                  const rocksdb::DataVerificationInfo& info, IODebugContext* dbg) override {
    if (IOStatus s = fs_->Check(path_, FaultOp::kAppend); !s.ok()) return s;
    return target()->Append(data, options, info, dbg);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            IODebugContext* dbg) override {
    if (IOStatus s = fs_->Check(path_, FaultOp::kAppend); !s.ok()) return s;
    return target()->PositionedAppend(data, offset, options, dbg);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& options,
                            const rocksdb::DataVerificationInfo& info,
                            IODebugContext* dbg) override {
    if (IOStatus s = fs_->Check(path_, FaultOp::kAppend); !s.ok()) return s;
    return target()->PositionedAppend(data, offset, options, info, dbg);
  }
  IOStatus Sync(const IOOptions& options, IODebugContext* dbg) override {
    return Synced(target()->Sync(options, dbg), options, dbg);
  }
  IOStatus Fsync(const IOOptions& options, IODebugContext* dbg) override {
    return Synced(target()->Fsync(options, dbg), options, dbg);
  }
  IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const IOOptions& options,
                     IODebugContext* dbg) override {
    if (IOStatus s = fs_->Check(path_, FaultOp::kSync); !s.ok()) return s;
    return target()->RangeSync(offset, nbytes, options, dbg);
  }

 private:
  // The fault is checked after the real sync would have run, as a disk reports it; on a
  // fault the unsynced tail may be thrown away (FaultFileSystem::set_lose_unsynced_...).
  IOStatus Synced(IOStatus real, const IOOptions& options, IODebugContext* dbg) {
    IOStatus fault = fs_->Check(path_, FaultOp::kSync);
    if (fault.ok()) {
      if (real.ok()) synced_bytes_ = target()->GetFileSize(options, dbg);
      return real;
    }
    if (fs_->lose_unsynced_on_failed_sync()) {
      target()->Truncate(synced_bytes_, options, dbg).PermitUncheckedError();
    }
    return fault;
  }

  const std::string path_;
  FaultFileSystem* const fs_;
  uint64_t synced_bytes_ = 0;
};

class FaultSequentialFile : public rocksdb::FSSequentialFileOwnerWrapper {
 public:
  FaultSequentialFile(std::string path, FaultFileSystem* fs,
                      std::unique_ptr<rocksdb::FSSequentialFile> target)
      : FSSequentialFileOwnerWrapper(std::move(target)), path_(std::move(path)), fs_(fs) {}

  IOStatus Read(size_t n, const IOOptions& options, Slice* result, char* scratch,
                IODebugContext* dbg) override {
    if (IOStatus s = fs_->Check(path_, FaultOp::kRead); !s.ok()) return s;
    return target()->Read(n, options, result, scratch, dbg);
  }
  IOStatus PositionedRead(uint64_t offset, size_t n, const IOOptions& options, Slice* result,
                          char* scratch, IODebugContext* dbg) override {
    if (IOStatus s = fs_->Check(path_, FaultOp::kRead); !s.ok()) return s;
    return target()->PositionedRead(offset, n, options, result, scratch, dbg);
  }

 private:
  const std::string path_;
  FaultFileSystem* const fs_;
};

class FaultRandomAccessFile : public rocksdb::FSRandomAccessFileOwnerWrapper {
 public:
  FaultRandomAccessFile(std::string path, FaultFileSystem* fs,
                        std::unique_ptr<rocksdb::FSRandomAccessFile> target)
      : FSRandomAccessFileOwnerWrapper(std::move(target)), path_(std::move(path)), fs_(fs) {}

  IOStatus Read(uint64_t offset, size_t n, const IOOptions& options, Slice* result, char* scratch,
                IODebugContext* dbg) const override {
    if (IOStatus s = fs_->Check(path_, FaultOp::kRead); !s.ok()) return s;
    return target()->Read(offset, n, options, result, scratch, dbg);
  }
  IOStatus MultiRead(rocksdb::FSReadRequest* requests, size_t count, const IOOptions& options,
                     IODebugContext* dbg) override {
    if (IOStatus s = fs_->Check(path_, FaultOp::kRead); !s.ok()) {
      for (size_t i = 0; i < count; ++i) requests[i].status = s;
      return s;
    }
    return target()->MultiRead(requests, count, options, dbg);
  }
  IOStatus ReadAsync(rocksdb::FSReadRequest& request, const IOOptions& options,
                     std::function<void(const rocksdb::FSReadRequest&, void*)> callback,
                     void* callback_arg, void** handle, rocksdb::IOHandleDeleter* deleter,
                     IODebugContext* dbg) override {
    if (IOStatus s = fs_->Check(path_, FaultOp::kRead); !s.ok()) return s;
    return target()->ReadAsync(request, options, std::move(callback), callback_arg, handle, deleter,
                               dbg);
  }

 private:
  const std::string path_;
  FaultFileSystem* const fs_;
};

}  // namespace

FaultFile FaultFileOf(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  if (absl::StartsWith(name, "MANIFEST-")) return FaultFile::kManifest;
  if (name.empty() || name[0] < '0' || name[0] > '9') return FaultFile::kOther;
  if (absl::EndsWith(name, ".log")) return FaultFile::kWal;
  if (absl::EndsWith(name, ".sst")) return FaultFile::kTable;
  return FaultFile::kOther;
}

FaultFileSystem::FaultFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}

FaultFileSystem::Fault& FaultFileSystem::At(FaultFile file, FaultOp op) {
  return faults_[static_cast<int>(file) * kOps + static_cast<int>(op)];
}

void FaultFileSystem::Fail(FaultFile file, FaultOp op, FaultError error) {
  absl::MutexLock lock(&mutex_);
  Fault& fault = At(file, op);
  fault.armed = true;
  fault.error = error;
}

void FaultFileSystem::Heal() {
  absl::MutexLock lock(&mutex_);
  for (Fault& fault : faults_) fault.armed = false;
}

int FaultFileSystem::failures(FaultFile file, FaultOp op) const {
  absl::MutexLock lock(&mutex_);
  return const_cast<FaultFileSystem*>(this)->At(file, op).failures;
}

int FaultFileSystem::total_failures() const {
  absl::MutexLock lock(&mutex_);
  int total = 0;
  for (const Fault& fault : faults_) total += fault.failures;
  return total;
}

void FaultFileSystem::set_lose_unsynced_on_failed_sync(bool lose) {
  absl::MutexLock lock(&mutex_);
  lose_unsynced_ = lose;
}

bool FaultFileSystem::lose_unsynced_on_failed_sync() const {
  absl::MutexLock lock(&mutex_);
  return lose_unsynced_;
}

IOStatus FaultFileSystem::Check(const std::string& path, FaultOp op) {
  const FaultFile file = FaultFileOf(path);
  if (file == FaultFile::kOther) return IOStatus::OK();
  absl::MutexLock lock(&mutex_);
  Fault& fault = At(file, op);
  if (!fault.armed) return IOStatus::OK();
  ++fault.failures;
  const std::string what = absl::StrCat("injected fault on ", path);
  return fault.error == FaultError::kNoSpace ? IOStatus::NoSpace(what) : IOStatus::IOError(what);
}

IOStatus FaultFileSystem::NewWritableFile(const std::string& path,
                                          const rocksdb::FileOptions& options,
                                          std::unique_ptr<rocksdb::FSWritableFile>* result,
                                          IODebugContext* dbg) {
  if (IOStatus s = Check(path, FaultOp::kCreate); !s.ok()) return s;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  IOStatus s = target()->NewWritableFile(path, options, &file, dbg);
  if (s.ok()) *result = std::make_unique<FaultWritableFile>(path, this, std::move(file));
  return s;
}

IOStatus FaultFileSystem::ReopenWritableFile(const std::string& path,
                                             const rocksdb::FileOptions& options,
                                             std::unique_ptr<rocksdb::FSWritableFile>* result,
                                             IODebugContext* dbg) {
  if (IOStatus s = Check(path, FaultOp::kCreate); !s.ok()) return s;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  IOStatus s = target()->ReopenWritableFile(path, options, &file, dbg);
  if (s.ok()) *result = std::make_unique<FaultWritableFile>(path, this, std::move(file));
  return s;
}

IOStatus FaultFileSystem::ReuseWritableFile(const std::string& path, const std::string& old_path,
                                            const rocksdb::FileOptions& options,
                                            std::unique_ptr<rocksdb::FSWritableFile>* result,
                                            IODebugContext* dbg) {
  if (IOStatus s = Check(path, FaultOp::kCreate); !s.ok()) return s;
  std::unique_ptr<rocksdb::FSWritableFile> file;
  IOStatus s = target()->ReuseWritableFile(path, old_path, options, &file, dbg);
  if (s.ok()) *result = std::make_unique<FaultWritableFile>(path, this, std::move(file));
  return s;
}

IOStatus FaultFileSystem::NewSequentialFile(const std::string& path,
                                            const rocksdb::FileOptions& options,
                                            std::unique_ptr<rocksdb::FSSequentialFile>* result,
                                            IODebugContext* dbg) {
  std::unique_ptr<rocksdb::FSSequentialFile> file;
  IOStatus s = target()->NewSequentialFile(path, options, &file, dbg);
  if (s.ok()) *result = std::make_unique<FaultSequentialFile>(path, this, std::move(file));
  return s;
}

IOStatus FaultFileSystem::NewRandomAccessFile(const std::string& path,
                                              const rocksdb::FileOptions& options,
                                              std::unique_ptr<rocksdb::FSRandomAccessFile>* result,
                                              IODebugContext* dbg) {
  std::unique_ptr<rocksdb::FSRandomAccessFile> file;
  IOStatus s = target()->NewRandomAccessFile(path, options, &file, dbg);
  if (s.ok()) *result = std::make_unique<FaultRandomAccessFile>(path, this, std::move(file));
  return s;
}

}  // namespace gatekeeper::storage::testing
