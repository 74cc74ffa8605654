// The durable state of gatekeeper on RocksDB: licences, line ledgers, attributions, rules,
// listed parties, declaration records, the output log (decisions and usage records by
// sequence, also the outbox the Kafka door publishes from) and metadata (next sequence,
// consumed source offsets, published position).
//
// Write path (group commit): Engine::Apply reads this Store (a LedgerState that sees every
// staged event), Stage() adds one event's effects -- plus any caller metadata such as the
// Kafka offset the event came from -- to the open group, atomically per event; Commit()
// writes the whole group as one WriteBatch with sync, so either every event of the group is
// durable or none is. StartCommit()/FinishCommit() do the same write on a commit thread, so
// that the next group is decided while this one syncs (docs/STORAGE.md). After a crash, Open()
// gives exactly the state of the last committed group.
//
// Failure policy: an I/O error on Commit leaves memory ahead of disk, so the Store refuses
// every further call (returns the error) and the process must reopen it.
// Not thread-safe: one writer thread owns a Store; readers of committed data use the
// Read* methods from the same thread or hold their own snapshot (see docs/ARCHITECTURE.md).
#ifndef GATEKEEPER_STORAGE_STORE_H_
#define GATEKEEPER_STORAGE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/licence.pb.h"
#include "gatekeeper/v1/party.pb.h"
#include "services/engine/ledger_effects.h"
#include "services/engine/ledger_state.h"

namespace rocksdb {
class FileSystem;
}  // namespace rocksdb

namespace gatekeeper::storage {

struct StoreOptions {
  std::string data_dir;
  // fsync every Commit (the durable default). Off only for throwaway tests.
  bool sync = true;
  // Created if missing.
  bool create_if_missing = true;
  // Tests only (storage/database.h, DatabaseTestHooks): the file system RocksDB goes through
  // (null: the real one), and one memtable size for every family (0: the tuned sizes).
  std::shared_ptr<rocksdb::FileSystem> file_system_for_testing;
  size_t memtable_bytes_for_testing = 0;
};

// A caller-owned metadata key written in the same batch as an event's effects
// (e.g. "offset/gatekeeper.declarations/3" -> "1234").
struct MetaWrite {
  std::string key;
  std::string value;
  // Delete the key instead of writing `value`.
  bool erase = false;
};

class Store : public LedgerState {
 public:
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~Store() override;

  // --- write path ---
  // Adds one event's effects (and `meta`) to the open group. All or nothing per event.
  absl::Status Stage(const LedgerEffects& effects, absl::Span<const MetaWrite> meta = {});
  // Stages only metadata (e.g. the offset of a record that went to the dead-letter topic).
  absl::Status StageMeta(absl::Span<const MetaWrite> meta);
  // Writes the open group in one synced WriteBatch. No-op when nothing is staged. Waits for
  // a group in flight (StartCommit) first.
  absl::Status Commit();
  // Events staged since the last Commit or StartCommit.
  size_t staged_events() const;

  // --- pipelined group commit ---
  // Seals the open group and writes it, synced, on the store's commit thread; a new group
  // opens at once, so the caller decides and stages the next events while this one syncs.
  // Reads (LedgerState, GetMeta, ScanMeta, ...) see the open group, then the sealed one, then
  // the database. At most one group is in flight: FailedPrecondition if one still is. No-op
  // when nothing is staged.
  absl::Status StartCommit();
  // A group was started and FinishCommit has not yet returned its result.
  bool commit_in_flight() const;
  // Waits up to `timeout` for the group in flight: nullopt while it is still being written,
  // else its result (when nothing is in flight: OK, or the failure that poisoned the store).
  // A failed write poisons the store, as a failed Commit does: the open group built on it is
  // never written.
  std::optional<absl::Status> FinishCommit(absl::Duration timeout);
  // Output records with a sequence below this are durable; those from it up to
  // next_sequence() are staged or in flight.
  uint64_t committed_next_sequence() const;

  // --- LedgerState (sees staged effects) ---
  const v1::Licence* FindLicence(std::string_view licence_id) const override;
  std::vector<std::string> LicenceIdsWithDestination(std::string_view country) const override;
  std::optional<internal::LineLedger> FindLine(std::string_view licence_id,
                                               int32_t line_no) const override;
  std::vector<internal::LineLedger> LinesOf(std::string_view licence_id) const override;
  std::optional<internal::DeclarationRecord> FindDeclaration(std::string_view mrn) const override;
  const RuleBook& rules() const override;
  const PartyScreener& screener() const override;
  uint64_t next_sequence() const override;

  // --- reads for the doors (see staged effects too) ---
  std::optional<std::string> GetMeta(std::string_view key) const;
  // Metadata entries whose key starts with `prefix`, in key order, at most max_entries.
  absl::StatusOr<std::vector<MetaWrite>> ScanMeta(std::string_view prefix,
                                                  size_t max_entries) const;
  // The licence with per-line balances, or NotFound.
  absl::StatusOr<v1::LicenceView> GetLicenceView(std::string_view licence_id) const;
  // The current decision of an MRN, or NotFound.
  absl::StatusOr<v1::Decision> GetDecision(std::string_view mrn) const;
  // Committed output records with sequence > after_sequence, at most max_records, in order.
  absl::StatusOr<std::vector<internal::OutputRecord>> ReadOutputs(uint64_t after_sequence,
                                                                  size_t max_records) const;
  // Usage records of one licence with sequence > after_sequence, in order.
  absl::StatusOr<std::vector<v1::UsageRecord>> ReadUsage(std::string_view licence_id,
                                                         uint64_t after_sequence,
                                                         size_t max_records) const;

  // Every listed party whose `source` equals `source` (all parties when empty), by id.
  absl::StatusOr<std::vector<v1::ListedParty>> ListParties(std::string_view source) const;
  // Calls `fn` with every licence and its balances, in licence-id order.
  absl::Status ForEachLicenceView(absl::FunctionRef<void(const v1::LicenceView&)> fn) const;
  // Counts per column family, for `gkctl stats` and the demo summary.
  absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> CountRecords() const;

  // Checks contract §4 over the whole committed store: for every licence line,
  // authorised = remaining + consumed + reserved (quantity and value), remaining >=
  // -(authorised * tolerance), authorised equals the licence's line total, and consumed /
  // reserved equal the sums of the CONSUMED / RESERVED attributions of all declarations.
  // OK, or FailedPrecondition naming the first violation.
  absl::Status Verify() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_STORE_H_
