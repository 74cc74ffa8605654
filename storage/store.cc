#include "storage/store.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <utility>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/snapshot.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "services/common/check.h"
#include "services/screening/screening_index.h"
#include "storage/database.h"
#include "storage/group_writer.h"
#include "storage/key_codec.h"
#include "storage/ledger_invariant.h"
#include "storage/licence_view.h"
#include "storage/schema.h"
#include "storage/verifier.h"

namespace gatekeeper::storage {
namespace {

std::string_view AsView(const rocksdb::Slice& slice) {
  return std::string_view(slice.data(), slice.size());
}

// Debian's abseil has its own string_view type: hash-map lookups and StrCat need it.
absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

template <typename Message>
bool ParseSlice(const rocksdb::Slice& bytes, Message& message) {
  return message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

// LedgerState methods cannot return an error, and deciding a declaration on a partial view
// of the ledger could release goods that are not covered: a read error there stops the
// process, which restarts from the last committed group.
[[noreturn]] void FailStop(absl::string_view what, absl::string_view detail) {
  std::cerr << "gatekeeper store: fatal: " << what << ": " << detail
            << " (stopping rather than deciding on a partial view)\n";
  std::abort();
}

absl::Status Refuse(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("effects refused: ", why));
}

// A text that becomes (part of) a key: non-empty, and without the key separator.
bool IsKeyText(std::string_view text) { return !text.empty() && HasNoSeparator(text); }

absl::Status ValidateMeta(absl::Span<const MetaWrite> meta) {
  for (const MetaWrite& write : meta) {
    if (write.key.empty()) return Refuse("a metadata key is empty");
    if (absl::StartsWith(write.key, Absl(kStoreMetaPrefix))) {
      return Refuse(absl::StrCat("metadata key \"", write.key, "\" is reserved for the store"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOutputs(const LedgerEffects& effects, uint64_t next_sequence) {
  for (size_t i = 0; i < effects.outputs.size(); ++i) {
    const internal::OutputRecord& output = effects.outputs[i];
    const uint64_t expected = next_sequence + i;
    uint64_t inner = 0;
    switch (output.record_case()) {
      case internal::OutputRecord::kDecision:
        inner = output.decision().sequence();
        break;
      case internal::OutputRecord::kUsage:
        inner = output.usage().sequence();
        if (!IsKeyText(output.usage().licence_id())) {
          return Refuse(absl::StrCat("usage record ", expected, " has a malformed licence id"));
        }
        break;
      default:
        return Refuse(absl::StrCat("output ", expected, " is neither a decision nor usage"));
    }
    if (output.sequence() != expected || inner != expected) {
      return Refuse(absl::StrCat("output ", i, " has sequence ", output.sequence(), " (inner ",
                                 inner, ") where ", expected, " is next"));
    }
  }
  if (effects.next_sequence != next_sequence + effects.outputs.size()) {
    return Refuse(absl::StrCat("next sequence ", effects.next_sequence, " after ",
                               effects.outputs.size(), " outputs from ", next_sequence));
  }
  return absl::OkStatus();
}

// The attributions family is keyed by (line, MRN, item number, index in the item), so item
// numbers must be unique within a decision for the derived keys to be unique.
absl::Status ValidateDeclaration(const internal::DeclarationRecord& record) {
  const std::string& mrn = record.decision().mrn();
  if (!IsKeyText(mrn)) return Refuse("the declaration record's decision has a malformed MRN");
  if (!record.declaration().mrn().empty() && record.declaration().mrn() != mrn) {
    return Refuse(absl::StrCat("the declaration record mixes MRNs ", record.declaration().mrn(),
                               " and ", mrn));
  }
  absl::flat_hash_set<int32_t> item_numbers;
  for (const v1::ItemDecision& item : record.decision().items()) {
    if (item.item_no() < 0) return Refuse(absl::StrCat(mrn, ": negative item number"));
    if (!item_numbers.insert(item.item_no()).second) {
      return Refuse(absl::StrCat(mrn, ": item ", item.item_no(), " is decided twice"));
    }
    for (const v1::Attribution& attribution : item.attributions()) {
      if (!IsKeyText(attribution.licence_id()) || attribution.line_no() < 0) {
        return Refuse(absl::StrCat(mrn, " item ", item.item_no(),
                                   ": attribution to a malformed licence line"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateEffects(const LedgerEffects& effects, uint64_t next_sequence) {
  if (absl::Status status = ValidateOutputs(effects, next_sequence); !status.ok()) return status;
  for (const internal::LineLedger& ledger : effects.line_puts) {
    if (!IsKeyText(ledger.licence_id()) || ledger.line_no() < 0) {
      return Refuse("a ledger has a malformed licence id or line number");
    }
    // The last line of defence of contract §4: a ledger that breaks the invariant never
    // reaches the disk, whatever produced it.
    if (absl::Status status = CheckLedgerArithmetic(ledger); !status.ok()) {
      return absl::FailedPreconditionError(absl::StrCat("effects refused: ", status.message()));
    }
  }
  if (effects.declaration_put.has_value()) {
    if (absl::Status status = ValidateDeclaration(*effects.declaration_put); !status.ok()) {
      return status;
    }
  }
  for (const v1::Licence& licence : effects.licence_puts) {
    if (!IsKeyText(licence.licence_id())) return Refuse("a licence has a malformed id");
  }
  if ((effects.rule_put.has_value() && effects.rule_put->rule_id().empty()) ||
      (effects.rule_delete.has_value() && effects.rule_delete->empty())) {
    return Refuse("a rule id is empty");
  }
  if ((effects.party_put.has_value() && effects.party_put->party_id().empty()) ||
      (effects.party_delete.has_value() && effects.party_delete->empty())) {
    return Refuse("a party id is empty");
  }
  return absl::OkStatus();
}

}  // namespace

struct Store::Impl {
  StoreOptions options;
  // Declared before `batch` so that the batch is destroyed first.
  std::unique_ptr<Database> database;
  rocksdb::DB* db = nullptr;
  ColumnFamilies cf;

  // The open group. overwrite_key keeps one index entry per key, which ScanMeta's merged
  // iterator requires. Mutable: reading through it (GetFromBatchAndDB) is not const in
  // RocksDB's API, though it changes nothing.
  std::unique_ptr<rocksdb::WriteBatchWithIndex> batch = NewBatch();
  size_t staged_events = 0;

  // Pipelined commit: the group being written by `writer`, or null. Reads look in `batch`,
  // then here, then in the database. Only the writer thread's copy of it is written, so
  // reading this index while the write runs is safe.
  std::unique_ptr<rocksdb::WriteBatchWithIndex> sealed;
  size_t sealed_events = 0;
  // next_sequence as it was when `sealed` was sealed.
  uint64_t sealed_next_sequence = 1;
  // Everything below it is durable.
  uint64_t committed_next_sequence = 1;
  std::unique_ptr<GroupWriter> writer;

  // Set when a commit failed: memory is ahead of disk, so every later call returns it.
  absl::Status commit_failure;
  // Set at open when the store's own bookkeeping disagrees (see Load): writes are refused so
  // nothing builds on it, reads and Verify still work so that a person can look.
  absl::Status damage;

  // In-memory views of every staged event, rebuilt from disk at open.
  absl::node_hash_map<std::string, v1::Licence> licences;  // node map: stable pointers
  absl::flat_hash_map<std::string, absl::btree_set<std::string>> licences_by_destination;
  // Line numbers that have a ledger, per licence: LinesOf and FindLine of lines without a
  // ledger need no disk access.
  absl::flat_hash_map<std::string, absl::btree_set<int32_t>> ledger_lines;
  RuleBook rules;
  ScreeningIndex screening;
  uint64_t next_sequence = 1;

  // Reusable serialization buffer of the write path.
  std::string scratch;
  // GetFromBatch needs them; DB::GetDBOptions() copies them on every call.
  rocksdb::DBOptions db_options;

  // Parsed line ledgers as the open group sees them: filled on a read miss, written through
  // by Stage (the only writer of ledgers), so an entry is never stale. The engine reads every
  // line a declaration may draw on; reads through RocksDB (this and the declaration) were ~9% of
  // the daemon's deciding thread (docs/BENCHMARKS.md). Bounded: emptied when full, which costs only
  // re-reads.
  static constexpr size_t kMaxCachedLines = 1 << 17;
  mutable absl::flat_hash_map<std::string, internal::LineLedger> line_cache;

  // The declaration record FindDeclaration read last (its MRN and stored bytes, or nullopt
  // when absent): Stage's WriteDeclaration needs the same record to replace its attributions,
  // and Engine::Apply always reads it just before. Valid until the end of the next Stage,
  // the only thing that changes declaration records.
  mutable bool declaration_memo_valid = false;
  mutable std::string declaration_memo_mrn;
  mutable std::optional<std::string> declaration_memo_bytes;

  void CacheLine(std::string key, const internal::LineLedger& ledger) const {
    if (line_cache.size() >= kMaxCachedLines && !line_cache.contains(key)) line_cache.clear();
    line_cache.insert_or_assign(std::move(key), ledger);
  }
  // Families the store only ever puts to: for them, "not in the batch" is all GetFromBatch
  // can mean, so the open group needs no iterator to tell a delete from an absence.
  // StageDelete, the only way the store deletes, asserts that it never deletes from them.
  bool PutOnly(const rocksdb::ColumnFamilyHandle* family) const {
    return family == cf.declarations || family == cf.lines || family == cf.outputs ||
           family == cf.licences;
  }
  rocksdb::Status StageDelete(rocksdb::ColumnFamilyHandle* family, const rocksdb::Slice& key) {
    GK_CHECK(!PutOnly(family));  // reads of the open group would miss the delete
    return batch->Delete(family, key);
  }

  static std::unique_ptr<rocksdb::WriteBatchWithIndex> NewBatch() {
    return std::make_unique<rocksdb::WriteBatchWithIndex>(rocksdb::BytewiseComparator(), 0,
                                                          /*overwrite_key=*/true);
  }

  absl::Status Load();
  absl::Status LoadNextSequence();
  absl::Status LoadLicences();
  absl::Status LoadLedgerLines();
  absl::Status LoadRulesAndParties();

  // A value as the open group sees it; nullopt when absent.
  absl::StatusOr<std::optional<std::string>> GetStaged(rocksdb::ColumnFamilyHandle* family,
                                                       std::string_view key) const;
  // An iterator over `family` as the open group sees it (open, sealed, database).
  std::unique_ptr<rocksdb::Iterator> StagedIterator(rocksdb::ColumnFamilyHandle* family) const;
  // Waits for the sealed group; records its result.
  absl::Status CollectSealed(absl::Duration timeout, bool* done);
  // The same for LedgerState methods: a read error stops the process.
  std::optional<std::string> GetStagedOrDie(rocksdb::ColumnFamilyHandle* family,
                                            std::string_view key, absl::string_view what) const;

  rocksdb::Status PutMessage(rocksdb::ColumnFamilyHandle* family, std::string_view key,
                             const google::protobuf::Message& message);
  absl::Status WriteEffects(const LedgerEffects& effects);
  absl::Status WriteDeclaration(const internal::DeclarationRecord& record);
  absl::Status WriteMeta(absl::Span<const MetaWrite> meta);
  // Runs `write` against the batch as one unit: on failure the batch is as before.
  template <typename WriteFn>
  absl::Status WriteAtomically(WriteFn write);

  void ApplyToMemory(const LedgerEffects& effects);
  void PutLicenceInMemory(const v1::Licence& licence);

  // Writes are refused once the store is poisoned or found damaged.
  absl::Status WritableStatus() const {
    if (!commit_failure.ok()) return commit_failure;
    return damage;
  }

  std::unique_ptr<rocksdb::Iterator> CommittedIterator(rocksdb::ColumnFamilyHandle* family,
                                                       const rocksdb::ReadOptions& read) const {
    return std::unique_ptr<rocksdb::Iterator>(db->NewIterator(read, family));
  }
};

// --- open and load ---

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  absl::StatusOr<std::unique_ptr<Database>> database =
      Database::Open(options.data_dir, options.create_if_missing,
                     {.file_system = options.file_system_for_testing,
                      .memtable_bytes = options.memtable_bytes_for_testing});
  if (!database.ok()) return database.status();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->database = *std::move(database);
  impl->db = impl->database->db();
  impl->cf = impl->database->families();
  impl->db_options = impl->db->GetDBOptions();
  if (absl::Status status = impl->Load(); !status.ok()) return status;
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

// Destroying discards the open group: exactly what a crash does. Committing here would make
// durable a group whose caller never asked for it (and may be unwinding from an error).
Store::~Store() = default;

absl::Status Store::Impl::Load() {
  std::string version;
  rocksdb::Status status = db->Get(rocksdb::ReadOptions(), cf.meta, kFormatVersionKey, &version);
  if (status.IsNotFound()) {
    rocksdb::WriteOptions write;
    write.sync = true;
    status = db->Put(write, cf.meta, kFormatVersionKey, kFormatVersion);
    if (!status.ok()) return FromRocksStatus(status, "writing the store format version");
  } else if (!status.ok()) {
    return FromRocksStatus(status, "reading the store format version");
  } else if (version != kFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("the store in ", options.data_dir, " has format version ", version,
                     "; this build reads version ", Absl(kFormatVersion)));
  }
  if (absl::Status s = LoadNextSequence(); !s.ok()) return s;
  committed_next_sequence = next_sequence;
  if (absl::Status s = LoadLicences(); !s.ok()) return s;
  if (absl::Status s = LoadLedgerLines(); !s.ok()) return s;
  return LoadRulesAndParties();
}

absl::Status Store::Impl::LoadNextSequence() {
  std::string text;
  rocksdb::Status status = db->Get(rocksdb::ReadOptions(), cf.meta, kNextSequenceKey, &text);
  if (status.ok()) {
    if (!absl::SimpleAtoi(text, &next_sequence) || next_sequence == 0) {
      return absl::DataLossError(
          absl::StrCat("the stored next sequence \"", text, "\" is not a positive number"));
    }
  } else if (!status.IsNotFound()) {
    return FromRocksStatus(status, "reading the next sequence");
  }
  std::unique_ptr<rocksdb::Iterator> it = CommittedIterator(cf.outputs, rocksdb::ReadOptions());
  it->SeekToLast();
  if (!it->status().ok()) return FromRocksStatus(it->status(), "reading the output log");
  uint64_t last_sequence = 0;
  if (it->Valid()) {
    std::optional<uint64_t> parsed = ParseSequenceKey(AsView(it->key()));
    if (!parsed.has_value()) return absl::DataLossError("the last output log key is malformed");
    last_sequence = *parsed;
  }
  // Both are written by the same batch, so they can only disagree if something other than
  // this store wrote the database. Continuing would reuse or skip sequences.
  if (next_sequence != last_sequence + 1) {
    damage = absl::DataLossError(
        absl::StrCat("the store is damaged (next sequence ", next_sequence, ", output log ends at ",
                     last_sequence, "); it refuses writes, run `gkctl verify` for details"));
  }
  return absl::OkStatus();
}

absl::Status Store::Impl::LoadLicences() {
  std::unique_ptr<rocksdb::Iterator> it = CommittedIterator(cf.licences, rocksdb::ReadOptions());
  v1::Licence licence;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!ParseSlice(it->value(), licence) || licence.licence_id() != AsView(it->key())) {
      return absl::DataLossError(
          absl::StrCat("the stored licence ", Absl(AsView(it->key())), " does not parse"));
    }
    PutLicenceInMemory(licence);
  }
  return FromRocksStatus(it->status(), "loading licences");
}

absl::Status Store::Impl::LoadLedgerLines() {
  std::unique_ptr<rocksdb::Iterator> it = CommittedIterator(cf.lines, rocksdb::ReadOptions());
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::optional<LineKeyParts> parts = ParseLineKey(AsView(it->key()));
    if (!parts.has_value()) return absl::DataLossError("a stored ledger key is malformed");
    ledger_lines[Absl(parts->licence_id)].insert(parts->line_no);
  }
  return FromRocksStatus(it->status(), "loading ledger lines");
}

absl::Status Store::Impl::LoadRulesAndParties() {
  std::unique_ptr<rocksdb::Iterator> rule_it = CommittedIterator(cf.rules, rocksdb::ReadOptions());
  v1::Rule rule;
  for (rule_it->SeekToFirst(); rule_it->Valid(); rule_it->Next()) {
    if (!ParseSlice(rule_it->value(), rule)) {
      return absl::DataLossError(
          absl::StrCat("the stored rule ", Absl(AsView(rule_it->key())), " does not parse"));
    }
    rules.Put(rule);
  }
  if (!rule_it->status().ok()) return FromRocksStatus(rule_it->status(), "loading rules");

  std::unique_ptr<rocksdb::Iterator> party_it =
      CommittedIterator(cf.parties, rocksdb::ReadOptions());
  v1::ListedParty party;
  for (party_it->SeekToFirst(); party_it->Valid(); party_it->Next()) {
    if (!ParseSlice(party_it->value(), party)) {
      return absl::DataLossError(
          absl::StrCat("the stored party ", Absl(AsView(party_it->key())), " does not parse"));
    }
    screening.Put(party);
  }
  return FromRocksStatus(party_it->status(), "loading listed parties");
}

// --- staged reads ---

// What the open group itself says of a key: put (with its value), deleted, or nothing.
enum class BatchEntry { kAbsent, kPut, kDeleted };

BatchEntry FindInBatch(rocksdb::WriteBatchWithIndex& batch, rocksdb::ColumnFamilyHandle* family,
                       std::string_view key, std::string* value) {
  // GetFromBatch answers NotFound both for a key the batch deleted and for one it never
  // touched; the sealed group below needs to know which.
  std::unique_ptr<rocksdb::WBWIIterator> it(batch.NewIterator(family));
  const rocksdb::Slice wanted(key.data(), key.size());
  BatchEntry found = BatchEntry::kAbsent;
  for (it->Seek(wanted); it->Valid() && it->Entry().key == wanted; it->Next()) {
    const rocksdb::WriteEntry entry = it->Entry();
    if (entry.type == rocksdb::kPutRecord) {
      found = BatchEntry::kPut;
      value->assign(entry.value.data(), entry.value.size());
    } else if (entry.type == rocksdb::kDeleteRecord || entry.type == rocksdb::kSingleDeleteRecord) {
      found = BatchEntry::kDeleted;
    }
    // The store never merges; other entry types (log data) say nothing of the value.
  }
  return found;
}

absl::StatusOr<std::optional<std::string>> Store::Impl::GetStaged(
    rocksdb::ColumnFamilyHandle* family, std::string_view key) const {
  std::string value;
  rocksdb::WriteBatchWithIndex* below = batch.get();
  if (sealed != nullptr && PutOnly(family)) {
    rocksdb::Status in_open = batch->GetFromBatch(family, db_options, key, &value);
    if (in_open.ok()) return value;
    if (!in_open.IsNotFound()) return FromRocksStatus(in_open, "reading the open group");
    below = sealed.get();
  } else if (sealed != nullptr) {
    switch (FindInBatch(*batch, family, key, &value)) {
      case BatchEntry::kPut:
        return value;
      case BatchEntry::kDeleted:
        return std::nullopt;
      case BatchEntry::kAbsent:
        below = sealed.get();
        break;
    }
  }
  // The database may be being written by the commit thread meanwhile: it then answers with
  // the old or the new value, and `sealed` holds the new one either way.
  rocksdb::Status status =
      below->GetFromBatchAndDB(db, rocksdb::ReadOptions(), family, key, &value);
  if (status.IsNotFound()) return std::nullopt;
  if (!status.ok()) return FromRocksStatus(status, "reading the store");
  return value;
}

std::optional<std::string> Store::Impl::GetStagedOrDie(rocksdb::ColumnFamilyHandle* family,
                                                       std::string_view key,
                                                       absl::string_view what) const {
  absl::StatusOr<std::optional<std::string>> value = GetStaged(family, key);
  if (!value.ok()) FailStop(what, value.status().message());
  return *std::move(value);
}

std::unique_ptr<rocksdb::Iterator> Store::Impl::StagedIterator(
    rocksdb::ColumnFamilyHandle* family) const {
  rocksdb::Iterator* base = db->NewIterator(rocksdb::ReadOptions(), family);
  if (sealed != nullptr) base = sealed->NewIteratorWithBase(family, base);
  return std::unique_ptr<rocksdb::Iterator>(batch->NewIteratorWithBase(family, base));
}

// --- write path ---

rocksdb::Status Store::Impl::PutMessage(rocksdb::ColumnFamilyHandle* family, std::string_view key,
                                        const google::protobuf::Message& message) {
  scratch.clear();
  if (!message.SerializeToString(&scratch)) {
    return rocksdb::Status::InvalidArgument("a record does not serialize");
  }
  return batch->Put(family, key, scratch);
}

template <typename WriteFn>
absl::Status Store::Impl::WriteAtomically(WriteFn write) {
  batch->SetSavePoint();
  absl::Status status = write();
  if (!status.ok()) {
    rocksdb::Status rollback = batch->RollbackToSavePoint();
    // A failed rollback leaves a half-written event in the group: never commit it.
    if (!rollback.ok()) {
      commit_failure = FromRocksStatus(rollback, "rolling back a failed event; reopen the store");
      return commit_failure;
    }
    return status;
  }
  rocksdb::Status pop = batch->PopSavePoint();
  GK_CHECK(pop.ok());
  (void)pop;
  return absl::OkStatus();
}

// Writes the MRN's record and keeps the attributions family equal to the attributions of
// every record: the previous record's entries (as the open group sees it) are deleted and
// the new record's are put, in the same event.
absl::Status Store::Impl::WriteDeclaration(const internal::DeclarationRecord& record) {
  const std::string& mrn = record.decision().mrn();
  absl::StatusOr<std::optional<std::string>> old_bytes =
      declaration_memo_valid && declaration_memo_mrn == mrn
          ? absl::StatusOr<std::optional<std::string>>(std::move(declaration_memo_bytes))
          : GetStaged(cf.declarations, mrn);
  declaration_memo_valid = false;
  if (!old_bytes.ok()) return old_bytes.status();
  if (old_bytes->has_value()) {
    internal::DeclarationRecord old_record;
    if (!old_record.ParseFromString(**old_bytes)) {
      return absl::DataLossError(absl::StrCat("the stored record of ", mrn, " does not parse"));
    }
    // Stored records passed ValidateDeclaration, so their keys are well formed.
    for (const v1::ItemDecision& item : old_record.decision().items()) {
      for (int i = 0; i < item.attributions_size(); ++i) {
        const v1::Attribution& attribution = item.attributions(i);
        rocksdb::Status status = StageDelete(
            cf.attributions, AttributionKey(attribution.licence_id(), attribution.line_no(), mrn,
                                            item.item_no(), static_cast<uint32_t>(i)));
        if (!status.ok()) return FromRocksStatus(status, "staging an attribution");
      }
    }
  }
  for (const v1::ItemDecision& item : record.decision().items()) {
    for (int i = 0; i < item.attributions_size(); ++i) {
      const v1::Attribution& attribution = item.attributions(i);
      rocksdb::Status status =
          PutMessage(cf.attributions,
                     AttributionKey(attribution.licence_id(), attribution.line_no(), mrn,
                                    item.item_no(), static_cast<uint32_t>(i)),
                     attribution);
      if (!status.ok()) return FromRocksStatus(status, "staging an attribution");
    }
  }
  return FromRocksStatus(PutMessage(cf.declarations, mrn, record), "staging a declaration");
}

absl::Status Store::Impl::WriteMeta(absl::Span<const MetaWrite> meta) {
  for (const MetaWrite& write : meta) {
    rocksdb::Status status =
        write.erase ? StageDelete(cf.meta, write.key) : batch->Put(cf.meta, write.key, write.value);
    if (!status.ok()) return FromRocksStatus(status, "staging metadata");
  }
  return absl::OkStatus();
}

// The same effects, in the same order, as MemoryState::Apply: a put and a delete of the same
// rule (or party) in one event leave it deleted.
absl::Status Store::Impl::WriteEffects(const LedgerEffects& effects) {
  const auto staged = [](const rocksdb::Status& status) {
    return FromRocksStatus(status, "staging an event");
  };
  for (const internal::OutputRecord& output : effects.outputs) {
    if (rocksdb::Status s = PutMessage(cf.outputs, SequenceKey(output.sequence()), output);
        !s.ok()) {
      return staged(s);
    }
    if (output.has_usage()) {
      if (rocksdb::Status s = batch->Put(
              cf.usage_by_licence, UsageKey(output.usage().licence_id(), output.sequence()), "");
          !s.ok()) {
        return staged(s);
      }
    }
  }
  if (!effects.outputs.empty()) {
    if (rocksdb::Status s =
            batch->Put(cf.meta, kNextSequenceKey, absl::StrCat(effects.next_sequence));
        !s.ok()) {
      return staged(s);
    }
  }
  for (const internal::LineLedger& ledger : effects.line_puts) {
    if (rocksdb::Status s =
            PutMessage(cf.lines, LineKey(ledger.licence_id(), ledger.line_no()), ledger);
        !s.ok()) {
      return staged(s);
    }
  }
  if (effects.declaration_put.has_value()) {
    if (absl::Status s = WriteDeclaration(*effects.declaration_put); !s.ok()) return s;
  }
  for (const v1::Licence& licence : effects.licence_puts) {
    if (rocksdb::Status s = PutMessage(cf.licences, licence.licence_id(), licence); !s.ok()) {
      return staged(s);
    }
  }
  if (effects.rule_put.has_value()) {
    if (rocksdb::Status s = PutMessage(cf.rules, effects.rule_put->rule_id(), *effects.rule_put);
        !s.ok()) {
      return staged(s);
    }
  }
  if (effects.rule_delete.has_value()) {
    if (rocksdb::Status s = StageDelete(cf.rules, *effects.rule_delete); !s.ok()) {
      return staged(s);
    }
  }
  if (effects.party_put.has_value()) {
    if (rocksdb::Status s =
            PutMessage(cf.parties, effects.party_put->party_id(), *effects.party_put);
        !s.ok()) {
      return staged(s);
    }
  }
  if (effects.party_delete.has_value()) {
    if (rocksdb::Status s = StageDelete(cf.parties, *effects.party_delete); !s.ok()) {
      return staged(s);
    }
  }
  return absl::OkStatus();
}

void Store::Impl::PutLicenceInMemory(const v1::Licence& licence) {
  auto [it, inserted] = licences.try_emplace(licence.licence_id());
  if (!inserted) {
    for (const std::string& destination : it->second.destinations()) {
      auto entry = licences_by_destination.find(destination);
      if (entry == licences_by_destination.end()) continue;
      entry->second.erase(licence.licence_id());
      if (entry->second.empty()) licences_by_destination.erase(entry);
    }
  }
  it->second = licence;
  for (const std::string& destination : licence.destinations()) {
    licences_by_destination[destination].insert(licence.licence_id());
  }
}

void Store::Impl::ApplyToMemory(const LedgerEffects& effects) {
  GK_CHECK(effects.next_sequence == next_sequence + effects.outputs.size());
  next_sequence = effects.next_sequence;
  for (const internal::LineLedger& ledger : effects.line_puts) {
    ledger_lines[ledger.licence_id()].insert(ledger.line_no());
    CacheLine(LineKey(ledger.licence_id(), ledger.line_no()), ledger);
  }
  for (const v1::Licence& licence : effects.licence_puts) PutLicenceInMemory(licence);
  if (effects.rule_put.has_value()) rules.Put(*effects.rule_put);
  if (effects.rule_delete.has_value()) rules.Remove(*effects.rule_delete);
  if (effects.party_put.has_value()) screening.Put(*effects.party_put);
  if (effects.party_delete.has_value()) screening.Remove(*effects.party_delete);
}

absl::Status Store::Stage(const LedgerEffects& effects, absl::Span<const MetaWrite> meta) {
  Impl& impl = *impl_;
  if (absl::Status status = impl.WritableStatus(); !status.ok()) return status;
  if (absl::Status status = ValidateMeta(meta); !status.ok()) return status;
  // A duplicate changes nothing (MemoryState::Apply ignores it too); its metadata, such as
  // the input offset it came from, still moves on.
  if (effects.duplicate) {
    absl::Status status = impl.WriteAtomically([&] { return impl.WriteMeta(meta); });
    if (status.ok()) ++impl.staged_events;
    return status;
  }
  if (absl::Status status = ValidateEffects(effects, impl.next_sequence); !status.ok()) {
    return status;
  }
  absl::Status status = impl.WriteAtomically([&] {
    if (absl::Status s = impl.WriteEffects(effects); !s.ok()) return s;
    return impl.WriteMeta(meta);
  });
  // A rolled-back event may have consumed the memo and written nothing: never reuse it.
  impl.declaration_memo_valid = false;
  if (!status.ok()) return status;
  // Memory follows only once the whole event is in the batch, so the two never disagree.
  impl.ApplyToMemory(effects);
  ++impl.staged_events;
  return absl::OkStatus();
}

absl::Status Store::StageMeta(absl::Span<const MetaWrite> meta) {
  Impl& impl = *impl_;
  if (absl::Status status = impl.WritableStatus(); !status.ok()) return status;
  if (absl::Status status = ValidateMeta(meta); !status.ok()) return status;
  return impl.WriteAtomically([&] { return impl.WriteMeta(meta); });
}

absl::Status Store::Commit() {
  Impl& impl = *impl_;
  if (commit_in_flight()) {
    bool done = false;
    if (absl::Status status = impl.CollectSealed(absl::InfiniteDuration(), &done); !status.ok()) {
      return status;
    }
  }
  if (!impl.commit_failure.ok()) return impl.commit_failure;
  if (impl.batch->GetWriteBatch()->Count() == 0) {
    impl.staged_events = 0;
    return absl::OkStatus();
  }
  rocksdb::WriteOptions write;
  write.sync = impl.options.sync;
  rocksdb::Status status = impl.db->Write(write, impl.batch->GetWriteBatch());
  if (!status.ok()) {
    // The batch stays as it is, so that reads keep agreeing with memory; it is never
    // written: every later call returns this error and the process reopens the store.
    absl::Status failure = FromRocksStatus(status, "committing");
    impl.commit_failure = absl::Status(
        failure.code(), absl::StrCat("the store must be reopened: ", impl.staged_events,
                                     " staged events were not committed: ", failure.message()));
    return impl.commit_failure;
  }
  impl.batch->Clear();
  impl.staged_events = 0;
  impl.committed_next_sequence = impl.next_sequence;
  return absl::OkStatus();
}

absl::Status Store::StartCommit() {
  Impl& impl = *impl_;
  if (!impl.commit_failure.ok()) return impl.commit_failure;
  if (impl.sealed != nullptr) {
    return absl::FailedPreconditionError("a group is still being committed");
  }
  if (impl.batch->GetWriteBatch()->Count() == 0) {
    impl.staged_events = 0;
    return absl::OkStatus();
  }
  if (impl.writer == nullptr) {
    impl.writer = std::make_unique<GroupWriter>(impl.db, impl.options.sync);
  }
  impl.sealed = std::move(impl.batch);
  impl.batch = Impl::NewBatch();
  impl.sealed_events = impl.staged_events;
  impl.staged_events = 0;
  impl.sealed_next_sequence = impl.next_sequence;
  // The commit thread writes a copy (one memcpy of the group's bytes), so that this
  // thread's reads through the sealed index never race with RocksDB stamping the batch.
  impl.writer->Start(rocksdb::WriteBatch(*impl.sealed->GetWriteBatch()));
  return absl::OkStatus();
}

// A failed group stays sealed (its reads still answer) but is no longer in flight once its
// result was collected: callers waiting for "not in flight" must not wait forever.
bool Store::commit_in_flight() const { return impl_->sealed != nullptr && impl_->writer->busy(); }

std::optional<absl::Status> Store::FinishCommit(absl::Duration timeout) {
  Impl& impl = *impl_;
  // Nothing in flight: OK, or the failure that poisoned the store (collected before).
  if (!commit_in_flight()) return impl.commit_failure;
  bool done = false;
  absl::Status status = impl.CollectSealed(timeout, &done);
  if (!done) return std::nullopt;
  return status;
}

absl::Status Store::Impl::CollectSealed(absl::Duration timeout, bool* done) {
  std::optional<rocksdb::Status> written = writer->Wait(timeout);
  *done = written.has_value();
  if (!*done) return absl::OkStatus();
  if (!written->ok()) {
    // As in Commit: the sealed and open groups stay, so reads keep agreeing with memory,
    // and neither is ever written.
    absl::Status failure = FromRocksStatus(*written, "committing");
    commit_failure = absl::Status(
        failure.code(), absl::StrCat("the store must be reopened: ", sealed_events + staged_events,
                                     " staged events were not committed: ", failure.message()));
    return commit_failure;
  }
  sealed.reset();
  sealed_events = 0;
  committed_next_sequence = sealed_next_sequence;
  return absl::OkStatus();
}

uint64_t Store::committed_next_sequence() const { return impl_->committed_next_sequence; }

size_t Store::staged_events() const { return impl_->staged_events; }

// --- LedgerState ---

const v1::Licence* Store::FindLicence(std::string_view licence_id) const {
  auto it = impl_->licences.find(Absl(licence_id));
  return it == impl_->licences.end() ? nullptr : &it->second;
}

std::vector<std::string> Store::LicenceIdsWithDestination(std::string_view country) const {
  auto it = impl_->licences_by_destination.find(Absl(country));
  if (it == impl_->licences_by_destination.end()) return {};
  return std::vector<std::string>(it->second.begin(), it->second.end());
}

std::optional<internal::LineLedger> Store::FindLine(std::string_view licence_id,
                                                    int32_t line_no) const {
  auto lines = impl_->ledger_lines.find(Absl(licence_id));
  if (lines == impl_->ledger_lines.end() || !lines->second.contains(line_no)) {
    return std::nullopt;
  }
  std::string key = LineKey(licence_id, line_no);
  if (auto cached = impl_->line_cache.find(key); cached != impl_->line_cache.end()) {
    return cached->second;
  }
  std::optional<std::string> bytes =
      impl_->GetStagedOrDie(impl_->cf.lines, key, "reading a line ledger");
  if (!bytes.has_value()) {
    FailStop("reading a line ledger",
             absl::StrCat(DescribeLine(licence_id, line_no), " is indexed but not stored"));
  }
  internal::LineLedger ledger;
  if (!ledger.ParseFromString(*bytes)) {
    FailStop("reading a line ledger",
             absl::StrCat(DescribeLine(licence_id, line_no), " does not parse"));
  }
  impl_->CacheLine(std::move(key), ledger);
  return ledger;
}

std::vector<internal::LineLedger> Store::LinesOf(std::string_view licence_id) const {
  std::vector<internal::LineLedger> ledgers;
  auto lines = impl_->ledger_lines.find(Absl(licence_id));
  if (lines == impl_->ledger_lines.end()) return ledgers;
  ledgers.reserve(lines->second.size());
  for (int32_t line_no : lines->second) {
    std::optional<internal::LineLedger> ledger = FindLine(licence_id, line_no);
    GK_CHECK(ledger.has_value());
    ledgers.push_back(*std::move(ledger));
  }
  return ledgers;
}

std::optional<internal::DeclarationRecord> Store::FindDeclaration(std::string_view mrn) const {
  if (!IsKeyText(mrn)) return std::nullopt;
  std::optional<std::string> bytes =
      impl_->GetStagedOrDie(impl_->cf.declarations, mrn, "reading a declaration record");
  std::optional<internal::DeclarationRecord> record;
  if (bytes.has_value()) {
    record.emplace();
    if (!record->ParseFromString(*bytes)) {
      FailStop("reading a declaration record",
               absl::StrCat("the record of ", Absl(mrn), " does not parse"));
    }
  }
  // Moved, not copied: the bytes are needed only if this read is staged next.
  impl_->declaration_memo_valid = true;
  impl_->declaration_memo_mrn.assign(mrn.data(), mrn.size());
  impl_->declaration_memo_bytes = std::move(bytes);
  return record;
}

const RuleBook& Store::rules() const { return impl_->rules; }

const PartyScreener& Store::screener() const { return impl_->screening; }

uint64_t Store::next_sequence() const { return impl_->next_sequence; }

// --- reads for the doors ---

std::optional<std::string> Store::GetMeta(std::string_view key) const {
  return impl_->GetStagedOrDie(impl_->cf.meta, key, "reading metadata");
}

absl::StatusOr<std::vector<MetaWrite>> Store::ScanMeta(std::string_view prefix,
                                                       size_t max_entries) const {
  const Impl& impl = *impl_;
  if (!impl.commit_failure.ok()) return impl.commit_failure;
  std::unique_ptr<rocksdb::Iterator> it = impl.StagedIterator(impl.cf.meta);
  std::vector<MetaWrite> entries;
  const rocksdb::Slice wanted(prefix);
  for (it->Seek(wanted);
       it->Valid() && entries.size() < max_entries && it->key().starts_with(wanted); it->Next()) {
    entries.push_back(MetaWrite{.key = it->key().ToString(), .value = it->value().ToString()});
  }
  if (!it->status().ok()) return FromRocksStatus(it->status(), "scanning metadata");
  return entries;
}

absl::StatusOr<v1::LicenceView> Store::GetLicenceView(std::string_view licence_id) const {
  if (!impl_->commit_failure.ok()) return impl_->commit_failure;
  const v1::Licence* licence = FindLicence(licence_id);
  if (licence == nullptr) {
    return absl::NotFoundError(absl::StrCat("no licence ", Absl(licence_id)));
  }
  return BuildLicenceView(*licence, LinesOf(licence_id));
}

absl::StatusOr<v1::Decision> Store::GetDecision(std::string_view mrn) const {
  if (!impl_->commit_failure.ok()) return impl_->commit_failure;
  std::optional<internal::DeclarationRecord> record = FindDeclaration(mrn);
  if (!record.has_value()) {
    return absl::NotFoundError(absl::StrCat("no declaration ", Absl(mrn)));
  }
  return std::move(*record->mutable_decision());
}

absl::StatusOr<std::vector<internal::OutputRecord>> Store::ReadOutputs(uint64_t after_sequence,
                                                                       size_t max_records) const {
  const Impl& impl = *impl_;
  if (!impl.commit_failure.ok()) return impl.commit_failure;
  std::vector<internal::OutputRecord> records;
  if (after_sequence == UINT64_MAX) return records;
  // The DB alone, never the batch: only what is durable may be published.
  std::unique_ptr<rocksdb::Iterator> it =
      impl.CommittedIterator(impl.cf.outputs, rocksdb::ReadOptions());
  for (it->Seek(SequenceKey(after_sequence + 1)); it->Valid() && records.size() < max_records;
       it->Next()) {
    internal::OutputRecord record;
    if (!ParseSlice(it->value(), record)) {
      return absl::DataLossError("a stored output record does not parse");
    }
    records.push_back(std::move(record));
  }
  if (!it->status().ok()) return FromRocksStatus(it->status(), "reading the output log");
  return records;
}

absl::StatusOr<std::vector<v1::UsageRecord>> Store::ReadUsage(std::string_view licence_id,
                                                              uint64_t after_sequence,
                                                              size_t max_records) const {
  const Impl& impl = *impl_;
  if (!impl.commit_failure.ok()) return impl.commit_failure;
  std::vector<v1::UsageRecord> usage;
  if (!IsKeyText(licence_id) || after_sequence == UINT64_MAX) return usage;
  rocksdb::ManagedSnapshot snapshot(impl.db);
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.snapshot();
  const std::string prefix = LicencePrefix(licence_id);
  std::unique_ptr<rocksdb::Iterator> it = impl.CommittedIterator(impl.cf.usage_by_licence, read);
  std::string bytes;
  internal::OutputRecord record;
  for (it->Seek(UsageKey(licence_id, after_sequence + 1));
       it->Valid() && usage.size() < max_records && it->key().starts_with(prefix); it->Next()) {
    std::optional<UsageKeyParts> parts = ParseUsageKey(AsView(it->key()));
    if (!parts.has_value()) return absl::DataLossError("a usage index key is malformed");
    rocksdb::Status status =
        impl.db->Get(read, impl.cf.outputs, SequenceKey(parts->sequence), &bytes);
    if (!status.ok()) return FromRocksStatus(status, "reading a usage record");
    if (!record.ParseFromString(bytes) || !record.has_usage()) {
      return absl::DataLossError(
          absl::StrCat("output ", parts->sequence, " is not the usage record it is indexed as"));
    }
    usage.push_back(std::move(*record.mutable_usage()));
  }
  if (!it->status().ok()) return FromRocksStatus(it->status(), "reading the usage index");
  return usage;
}

absl::StatusOr<std::vector<v1::ListedParty>> Store::ListParties(std::string_view source) const {
  const Impl& impl = *impl_;
  if (!impl.commit_failure.ok()) return impl.commit_failure;
  std::vector<v1::ListedParty> parties;
  std::unique_ptr<rocksdb::Iterator> it =
      impl.CommittedIterator(impl.cf.parties, rocksdb::ReadOptions());
  v1::ListedParty party;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!ParseSlice(it->value(), party)) {
      return absl::DataLossError(
          absl::StrCat("the stored party ", Absl(AsView(it->key())), " does not parse"));
    }
    if (source.empty() || party.source() == source) parties.push_back(party);
  }
  if (!it->status().ok()) return FromRocksStatus(it->status(), "listing parties");
  return parties;
}

absl::Status Store::ForEachLicenceView(absl::FunctionRef<void(const v1::LicenceView&)> fn) const {
  const Impl& impl = *impl_;
  if (!impl.commit_failure.ok()) return impl.commit_failure;
  rocksdb::ManagedSnapshot snapshot(impl.db);
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.snapshot();
  std::unique_ptr<rocksdb::Iterator> licence_it = impl.CommittedIterator(impl.cf.licences, read);
  std::unique_ptr<rocksdb::Iterator> line_it = impl.CommittedIterator(impl.cf.lines, read);
  v1::Licence licence;
  std::vector<internal::LineLedger> ledgers;
  for (licence_it->SeekToFirst(); licence_it->Valid(); licence_it->Next()) {
    if (!ParseSlice(licence_it->value(), licence)) {
      return absl::DataLossError(
          absl::StrCat("the stored licence ", Absl(AsView(licence_it->key())), " does not parse"));
    }
    ledgers.clear();
    const std::string prefix = LicencePrefix(licence.licence_id());
    for (line_it->Seek(prefix); line_it->Valid() && line_it->key().starts_with(prefix);
         line_it->Next()) {
      internal::LineLedger& ledger = ledgers.emplace_back();
      if (!ParseSlice(line_it->value(), ledger)) {
        return absl::DataLossError(
            absl::StrCat("a stored ledger of licence ", licence.licence_id(), " does not parse"));
      }
    }
    if (!line_it->status().ok()) return FromRocksStatus(line_it->status(), "reading ledgers");
    absl::StatusOr<v1::LicenceView> view = BuildLicenceView(licence, ledgers);
    if (!view.ok()) return view.status();
    fn(*view);
  }
  return FromRocksStatus(licence_it->status(), "reading licences");
}

absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> Store::CountRecords() const {
  const Impl& impl = *impl_;
  if (!impl.commit_failure.ok()) return impl.commit_failure;
  rocksdb::ManagedSnapshot snapshot(impl.db);
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.snapshot();
  read.fill_cache = false;  // a full scan must not evict the writer's working set
  std::vector<std::pair<std::string, uint64_t>> counts;
  for (std::string_view name : kAllFamilies) {
    std::unique_ptr<rocksdb::Iterator> it =
        impl.CommittedIterator(impl.database->family(name), read);
    uint64_t count = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++count;
    if (!it->status().ok()) return FromRocksStatus(it->status(), "counting records");
    counts.emplace_back(std::string(name), count);
  }
  return counts;
}

absl::Status Store::Verify() const {
  if (!impl_->commit_failure.ok()) return impl_->commit_failure;
  return VerifyDatabase(*impl_->db, impl_->cf);
}

}  // namespace gatekeeper::storage
