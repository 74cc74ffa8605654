// The RocksDB database of one store directory, opened with every column family of
// storage/schema.h and the options of storage/db_options.h. Owns the DB and the family
// handles; destroying it closes the database (what is not written is lost, like a crash).
//
//   absl::StatusOr<std::unique_ptr<Database>> db = Database::Open("/var/lib/gk", true);
//   (*db)->db()->Get(rocksdb::ReadOptions(), (*db)->families().meta, key, &value);
//
// Also used by tests to reach the raw database under a closed Store.
#ifndef GATEKEEPER_STORAGE_DATABASE_H_
#define GATEKEEPER_STORAGE_DATABASE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace gatekeeper::storage {

// One handle per family of storage/schema.h.
struct ColumnFamilies {
  rocksdb::ColumnFamilyHandle* licences = nullptr;
  rocksdb::ColumnFamilyHandle* lines = nullptr;
  rocksdb::ColumnFamilyHandle* attributions = nullptr;
  rocksdb::ColumnFamilyHandle* rules = nullptr;
  rocksdb::ColumnFamilyHandle* parties = nullptr;
  rocksdb::ColumnFamilyHandle* declarations = nullptr;
  rocksdb::ColumnFamilyHandle* outputs = nullptr;
  rocksdb::ColumnFamilyHandle* usage_by_licence = nullptr;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
};

// What a test changes about how the database is opened. Production passes nothing: the
// real file system and the tuned memtable sizes of db_options.cc.
struct DatabaseTestHooks {
  // RocksDB reads and writes every file through it (null: the real file system), e.g. the
  // fault-injecting one of tests/storage/fault_file_system.h.
  std::shared_ptr<rocksdb::FileSystem> file_system;
  // Replaces every family's memtable size (0: keep them), so that a test causes flushes.
  size_t memtable_bytes = 0;
};

class Database {
 public:
  // NotFound when the directory holds no database and create_if_missing is false; other
  // errors as RocksDB reports them (e.g. Unavailable when another process holds the lock).
  static absl::StatusOr<std::unique_ptr<Database>> Open(const std::string& dir,
                                                        bool create_if_missing,
                                                        const DatabaseTestHooks& hooks = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  rocksdb::DB* db() const { return db_.get(); }
  const ColumnFamilies& families() const { return families_; }
  // The handle of a family by name (storage/schema.h), or nullptr.
  rocksdb::ColumnFamilyHandle* family(std::string_view name) const;

 private:
  Database() = default;
  // The Env over hooks.file_system, or null; declared first so that it outlives db_.
  std::unique_ptr<rocksdb::Env> env_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // owned; destroyed before db_ closes
  ColumnFamilies families_;
};

// Converts a RocksDB status into an absl::Status whose message starts with `what`.
absl::Status FromRocksStatus(const rocksdb::Status& status, std::string_view what);

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_DATABASE_H_
