#include "storage/db_options.h"

#include <cstddef>
#include <cstdint>

#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "storage/schema.h"

namespace gatekeeper::storage {
namespace {

constexpr size_t kMiB = size_t{1} << 20;

// Blocks of every family share one cache. The hot working set is small (ledgers of active
// licences, recent declarations); licences, rules and parties live parsed in memory anyway.
constexpr size_t kBlockCacheBytes = 64 * kMiB;

// All memtables together: bounds memory whatever the mix of families being written.
constexpr size_t kAllMemtablesBytes = 128 * kMiB;
// Families written by every declaration get memtables big enough that flushes (and the
// compactions they cause) stay rare compared with the event rate...
constexpr size_t kHotMemtableBytes = 32 * kMiB;
// ...authority data (licences, rules, parties) changes seldom and needs little.
constexpr size_t kColdMemtableBytes = 4 * kMiB;

// Once the WAL holds this much, the families that pin its oldest file are flushed. Without
// the bound a family written once a day (rules) would keep every WAL file alive.
constexpr uint64_t kMaxTotalWalBytes = 256 * kMiB;

// Ten bits per key give about 1% false positives: a point lookup of a key that does not
// exist (a new MRN, an untouched licence line, an unset meta key) skips the data blocks.
constexpr double kBloomBitsPerKey = 10;
// The memtable filter's size as a share of the memtable: 2% of a 32 MiB memtable is 655 KiB,
// 10 bits a key (about 1% false positives, as in the table files) for up to 536,000 keys.
constexpr double kMemtableBloomShare = 0.02;

bool IsHotFamily(std::string_view family) {
  return family == kLinesFamily || family == kAttributionsFamily || family == kDeclarationsFamily ||
         family == kOutputsFamily || family == kUsageByLicenceFamily || family == kMetaFamily;
}

// Families read by point lookup on the hot path. The others are read by scans (outputs,
// usage_by_licence, attributions) or only at open (licences, rules, parties), where a
// filter costs memory and saves nothing.
bool IsPointLookupFamily(std::string_view family) {
  return family == kLinesFamily || family == kDeclarationsFamily || family == kMetaFamily;
}

}  // namespace

rocksdb::DBOptions MakeDbOptions(bool create_if_missing) {
  rocksdb::DBOptions options;
  options.create_if_missing = create_if_missing;
  // A new store gets every family of storage/schema.h at its first open.
  options.create_missing_column_families = true;
  // Two cores: one flush and one compaction at a time, never starving the writer thread.
  options.max_background_jobs = 2;
  options.db_write_buffer_size = kAllMemtablesBytes;
  options.max_total_wal_size = kMaxTotalWalBytes;
  // After a crash, recover every complete WAL record and stop at the first torn one. A
  // commit group is one WriteBatch, i.e. one WAL record, so recovery ends on a group
  // boundary; kAbsoluteConsistency would refuse to open after a torn tail instead.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  // Write back SST files in 1 MiB steps so a flush does not stall the WAL fsync behind a
  // large burst of dirty pages. The WAL itself is synced by every commit.
  options.bytes_per_sync = kMiB;
  // Bound RocksDB's own info logs in the data directory.
  options.keep_log_file_num = 5;
  options.max_log_file_size = 16 * kMiB;
  // The WAL stays on (the default): cross-family atomicity of a group comes from it, so
  // atomic_flush is not needed.
  return options;
}

std::shared_ptr<rocksdb::Cache> MakeBlockCache() { return rocksdb::NewLRUCache(kBlockCacheBytes); }

rocksdb::ColumnFamilyOptions MakeFamilyOptions(std::string_view family,
                                               const std::shared_ptr<rocksdb::Cache>& block_cache) {
  rocksdb::ColumnFamilyOptions options;
  options.write_buffer_size = IsHotFamily(family) ? kHotMemtableBytes : kColdMemtableBytes;
  // Level sizes follow the data actually present: less space amplification for a store
  // that grows steadily (the output log only grows).
  options.level_compaction_dynamic_level_bytes = true;

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = block_cache;
  if (IsPointLookupFamily(family)) {
    // A bloom filter over each memtable's keys: a lookup of a key the memtable does not hold
    // (every new MRN) skips the skiplist search, which was 60% of the deciding thread's
    // declaration lookups in the profile of docs/BENCHMARKS.md.
    options.memtable_whole_key_filtering = true;
    options.memtable_prefix_bloom_size_ratio = kMemtableBloomShare;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
    // Keep filters and index blocks in the cache (bounded) rather than unbounded on the heap.
    table.cache_index_and_filter_blocks = true;
    table.pin_l0_filter_and_index_blocks_in_cache = true;
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace gatekeeper::storage
