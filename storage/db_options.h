// The RocksDB options of the gatekeeper store: a durable, write-heavy ledger on a small
// machine (two cores shared with the decision engine and the Kafka client). Every choice and
// its reason is next to it in db_options.cc and summarised in docs/STORAGE.md.
#ifndef GATEKEEPER_STORAGE_DB_OPTIONS_H_
#define GATEKEEPER_STORAGE_DB_OPTIONS_H_

#include <memory>
#include <string_view>

#include "rocksdb/cache.h"
#include "rocksdb/options.h"

namespace gatekeeper::storage {

// Options of the database as a whole (WAL, background work, info logs).
rocksdb::DBOptions MakeDbOptions(bool create_if_missing);

// Options of one column family (see storage/schema.h); `block_cache` is shared by all.
rocksdb::ColumnFamilyOptions MakeFamilyOptions(std::string_view family,
                                               const std::shared_ptr<rocksdb::Cache>& block_cache);

// The block cache shared by every column family of one store.
std::shared_ptr<rocksdb::Cache> MakeBlockCache();

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_DB_OPTIONS_H_
