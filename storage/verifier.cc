#include "storage/verifier.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/licence.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "rocksdb/snapshot.h"
#include "services/common/check.h"
#include "services/engine/fixed_point.h"
#include "storage/key_codec.h"
#include "storage/ledger_invariant.h"
#include "storage/line_checks.h"
#include "storage/line_totals.h"
#include "storage/schema.h"

namespace gatekeeper::storage {
namespace {

absl::Status Violation(std::string message) {
  return absl::FailedPreconditionError(std::move(message));
}

std::string_view AsView(const rocksdb::Slice& slice) {
  return std::string_view(slice.data(), slice.size());
}

// Key text for messages (Debian's abseil has its own string_view type).
std::string Text(const rocksdb::Slice& slice) { return slice.ToString(); }

std::string DescribeAttribution(std::string_view mrn, int32_t item_no) {
  return absl::StrCat("declaration ", std::string(mrn), " item ", item_no);
}

class Verifier {
 public:
  Verifier(rocksdb::DB& db, const ColumnFamilies& families)
      : db_(db), families_(families), snapshot_(&db) {
    read_options_.snapshot = snapshot_.snapshot();
    // A full scan must not evict the writer's working set from the block cache.
    read_options_.fill_cache = false;
  }

  absl::Status Run() {
    if (absl::Status status = SumDeclarations(); !status.ok()) return status;
    if (absl::Status status = CheckLedgers(); !status.ok()) return status;
    if (absl::Status status = CheckLicences(); !status.ok()) return status;
    if (absl::Status status = CheckOutputLog(); !status.ok()) return status;
    return CheckUsageIndex();
  }

 private:
  std::unique_ptr<rocksdb::Iterator> Scan(rocksdb::ColumnFamilyHandle* family) {
    std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_options_, family));
    it->SeekToFirst();
    return it;
  }

  // Check 1: every declaration record is stored under its MRN, is the decision the output
  // log published last for it, and holds attributions that fit its status; their counts and
  // sums per line are kept for check 2.
  absl::Status SumDeclarations() {
    std::unique_ptr<rocksdb::Iterator> it = Scan(families_.declarations);
    internal::DeclarationRecord record;
    for (; it->Valid(); it->Next()) {
      const std::string mrn = Text(it->key());
      if (!record.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return Violation(absl::StrCat("declaration ", mrn, ": the stored record does not parse"));
      }
      const v1::Decision& decision = record.decision();
      if (decision.mrn() != mrn) {
        return Violation(
            absl::StrCat("declaration ", mrn, ": the stored decision is for MRN ", decision.mrn()));
      }
      if (absl::Status status = CheckPublished(decision); !status.ok()) return status;
      absl::StatusOr<std::optional<v1::AttributionState>> held = HeldState(decision.status());
      if (!held.ok())
        return Violation(absl::StrCat("declaration ", mrn, ": ", held.status().message()));
      absl::flat_hash_set<int32_t> item_numbers;
      for (const v1::ItemDecision& item : decision.items()) {
        const std::string source = DescribeAttribution(mrn, item.item_no());
        if (!item_numbers.insert(item.item_no()).second) {
          return Violation(absl::StrCat(source, ": the item is decided twice"));
        }
        for (const v1::Attribution& attribution : item.attributions()) {
          if (attribution.licence_id().empty() || !HasNoSeparator(attribution.licence_id()) ||
              attribution.line_no() < 0) {
            return Violation(absl::StrCat(source, ": attribution to a malformed licence line"));
          }
          if (!held->has_value() || attribution.state() != **held) {
            return Violation(absl::StrCat(
                source, ": a ", v1::DeclarationStatus_Name(decision.status()),
                " declaration holds a ", v1::AttributionState_Name(attribution.state()),
                " attribution to ", DescribeLine(attribution.licence_id(), attribution.line_no())));
          }
          AttributionSums& sums =
              declared_[LineKey(attribution.licence_id(), attribution.line_no())];
          if (absl::Status status = AddAttribution(attribution, source, sums); !status.ok()) {
            return status;
          }
        }
      }
    }
    return FromRocksStatus(it->status(), "scanning declarations");
  }

  // A record's decision is the one the output log holds at its sequence.
  absl::Status CheckPublished(const v1::Decision& decision) {
    std::string value;
    rocksdb::Status status =
        db_.Get(read_options_, families_.outputs, SequenceKey(decision.sequence()), &value);
    if (!status.ok() && !status.IsNotFound()) {
      return FromRocksStatus(status, "reading the output log");
    }
    internal::OutputRecord output;
    if (status.IsNotFound() || !output.ParseFromString(value) || !output.has_decision() ||
        !google::protobuf::util::MessageDifferencer::Equals(output.decision(), decision)) {
      return Violation(absl::StrCat("declaration ", decision.mrn(),
                                    ": the output log does not hold its current decision at "
                                    "sequence ",
                                    decision.sequence()));
    }
    return absl::OkStatus();
  }

  // Check 2: every ledger against its licence and both sets of attributions; then no
  // attribution (in either place) may be left to a line without a ledger.
  absl::Status CheckLedgers() {
    std::unique_ptr<rocksdb::Iterator> lines = Scan(families_.lines);
    std::unique_ptr<rocksdb::Iterator> attributions = Scan(families_.attributions);
    internal::LineLedger ledger;
    for (; lines->Valid(); lines->Next()) {
      const std::string key = lines->key().ToString();
      std::optional<LineKeyParts> parts = ParseLineKey(key);
      if (!parts.has_value()) return Violation("a ledger key is malformed");
      const std::string line = DescribeLine(parts->licence_id, parts->line_no);
      if (!ledger.ParseFromArray(lines->value().data(), static_cast<int>(lines->value().size()))) {
        return Violation(absl::StrCat(line, ": the stored ledger does not parse"));
      }
      if (ledger.licence_id() != parts->licence_id || ledger.line_no() != parts->line_no) {
        return Violation(absl::StrCat(line, ": the stored ledger is for ",
                                      DescribeLine(ledger.licence_id(), ledger.line_no())));
      }
      if (absl::Status status = LoadLicence(ledger); !status.ok()) return status;
      if (absl::Status status = CheckLedgerArithmetic(ledger); !status.ok()) {
        return Violation(std::string(status.message()));
      }
      if (absl::Status status = CompareWithLicence(ledger, licence_); !status.ok()) return status;

      const std::string prefix = AttributionLinePrefix(parts->licence_id, parts->line_no);
      if (attributions->Valid() && attributions->key().compare(prefix) < 0) {
        return OrphanAttribution(*attributions);
      }
      AttributionSums stored;
      for (; attributions->Valid() && attributions->key().starts_with(prefix);
           attributions->Next()) {
        if (absl::Status status = AddStoredAttribution(*attributions, ledger, stored);
            !status.ok()) {
          return status;
        }
      }
      if (absl::Status status =
              CompareWithAttributions(ledger, stored, "the attributions family's entries");
          !status.ok()) {
        return status;
      }
      auto declared = declared_.find(key);
      const AttributionSums none;
      if (absl::Status status =
              CompareWithAttributions(ledger, declared == declared_.end() ? none : declared->second,
                                      "the declarations' attributions");
          !status.ok()) {
        return status;
      }
      if (declared != declared_.end()) declared_.erase(declared);
    }
    if (!lines->status().ok()) return FromRocksStatus(lines->status(), "scanning ledgers");
    if (attributions->Valid()) return OrphanAttribution(*attributions);
    if (!attributions->status().ok()) {
      return FromRocksStatus(attributions->status(), "scanning attributions");
    }
    if (!declared_.empty()) {
      const auto& [key, sums] = *declared_.begin();
      std::optional<LineKeyParts> parts = ParseLineKey(key);
      GK_CHECK(parts.has_value());
      return Violation(absl::StrCat(sums.first_source, " attributes to ",
                                    DescribeLine(parts->licence_id, parts->line_no),
                                    ", which has no ledger"));
    }
    return absl::OkStatus();
  }

  absl::Status LoadLicence(const internal::LineLedger& ledger) {
    if (licence_loaded_ && licence_.licence_id() == ledger.licence_id()) return absl::OkStatus();
    licence_loaded_ = false;
    std::string value;
    rocksdb::Status status =
        db_.Get(read_options_, families_.licences, ledger.licence_id(), &value);
    if (status.IsNotFound()) {
      return Violation(absl::StrCat(DescribeLine(ledger.licence_id(), ledger.line_no()),
                                    ": has a ledger but the licence does not exist"));
    }
    if (!status.ok()) return FromRocksStatus(status, "reading a licence");
    if (!licence_.ParseFromString(value) || licence_.licence_id() != ledger.licence_id()) {
      return Violation(
          absl::StrCat("licence ", ledger.licence_id(), ": the stored licence does not parse"));
    }
    licence_loaded_ = true;
    return absl::OkStatus();
  }

  absl::Status AddStoredAttribution(const rocksdb::Iterator& it, const internal::LineLedger& ledger,
                                    AttributionSums& sums) {
    std::optional<AttributionKeyParts> parts = ParseAttributionKey(AsView(it.key()));
    if (!parts.has_value()) {
      return Violation(absl::StrCat(DescribeLine(ledger.licence_id(), ledger.line_no()),
                                    ": an attribution key is malformed"));
    }
    const std::string source = DescribeAttribution(parts->mrn, parts->item_no);
    v1::Attribution attribution;
    if (!attribution.ParseFromArray(it.value().data(), static_cast<int>(it.value().size())) ||
        attribution.licence_id() != ledger.licence_id() ||
        attribution.line_no() != ledger.line_no()) {
      return Violation(absl::StrCat(source, ": the stored attribution to ",
                                    DescribeLine(ledger.licence_id(), ledger.line_no()),
                                    " does not parse or names another line"));
    }
    return AddAttribution(attribution, source, sums);
  }

  absl::Status OrphanAttribution(const rocksdb::Iterator& it) {
    std::optional<AttributionKeyParts> parts = ParseAttributionKey(AsView(it.key()));
    if (!parts.has_value()) return Violation("an attribution key is malformed");
    return Violation(
        absl::StrCat("the attribution of ", DescribeAttribution(parts->mrn, parts->item_no), " to ",
                     DescribeLine(parts->licence_id, parts->line_no), " has no ledger line"));
  }

  // Check 3: every licence is stored under its id, and every line it has has a ledger (the
  // engine creates one with the line; without it the line could never be written off).
  absl::Status CheckLicences() {
    std::unique_ptr<rocksdb::Iterator> it = Scan(families_.licences);
    v1::Licence licence;
    std::string value;
    for (; it->Valid(); it->Next()) {
      const std::string id = Text(it->key());
      if (!licence.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) ||
          licence.licence_id() != id) {
        return Violation(absl::StrCat("licence ", id, ": the stored licence does not parse"));
      }
      for (const v1::LicenceLine& line : licence.lines()) {
        rocksdb::Status status =
            db_.Get(read_options_, families_.lines, LineKey(id, line.line_no()), &value);
        if (status.IsNotFound()) {
          return Violation(absl::StrCat(DescribeLine(id, line.line_no()), ": has no ledger"));
        }
        if (!status.ok()) return FromRocksStatus(status, "reading a ledger");
      }
    }
    return FromRocksStatus(it->status(), "scanning licences");
  }

  // Check 4: sequences 1..N without a gap, each record carrying its own sequence, and the
  // next sequence in the metadata N + 1.
  absl::Status CheckOutputLog() {
    std::unique_ptr<rocksdb::Iterator> it = Scan(families_.outputs);
    uint64_t expected = 1;
    internal::OutputRecord record;
    for (; it->Valid(); it->Next()) {
      std::optional<uint64_t> sequence = ParseSequenceKey(AsView(it->key()));
      if (!sequence.has_value()) return Violation("an output log key is malformed");
      if (*sequence != expected) {
        return Violation(absl::StrCat("the output log has sequence ", *sequence, " where ",
                                      expected, " was due"));
      }
      if (!record.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return Violation(absl::StrCat("output ", expected, ": the stored record does not parse"));
      }
      const uint64_t inner = record.has_usage()      ? record.usage().sequence()
                             : record.has_decision() ? record.decision().sequence()
                                                     : 0;
      if (record.sequence() != expected || inner != expected) {
        return Violation(absl::StrCat("output ", expected, ": the stored record carries sequence ",
                                      record.sequence(), " (inner ", inner, ")"));
      }
      if (record.has_usage()) ++usage_records_;
      ++expected;
    }
    if (!it->status().ok()) return FromRocksStatus(it->status(), "scanning the output log");
    std::string text;
    rocksdb::Status status = db_.Get(read_options_, families_.meta, kNextSequenceKey, &text);
    uint64_t next_sequence = 1;
    if (status.ok()) {
      if (!absl::SimpleAtoi(text, &next_sequence)) {
        return Violation(absl::StrCat("the stored next sequence \"", text, "\" is not a number"));
      }
    } else if (!status.IsNotFound()) {
      return FromRocksStatus(status, "reading the next sequence");
    }
    if (next_sequence != expected) {
      return Violation(absl::StrCat("the next sequence is ", next_sequence,
                                    " but the output log ends at ", expected - 1));
    }
    return absl::OkStatus();
  }

  // Check 5: the usage index points at usage records of the right licence, and indexes all
  // of them (each entry names a distinct sequence, so equal counts mean every one).
  absl::Status CheckUsageIndex() {
    std::unique_ptr<rocksdb::Iterator> it = Scan(families_.usage_by_licence);
    internal::OutputRecord record;
    std::string value;
    uint64_t entries = 0;
    for (; it->Valid(); it->Next()) {
      std::optional<UsageKeyParts> parts = ParseUsageKey(AsView(it->key()));
      if (!parts.has_value()) return Violation("a usage index key is malformed");
      rocksdb::Status status =
          db_.Get(read_options_, families_.outputs, SequenceKey(parts->sequence), &value);
      if (!status.ok() && !status.IsNotFound()) {
        return FromRocksStatus(status, "reading the output log");
      }
      if (status.IsNotFound() || !record.ParseFromString(value) || !record.has_usage() ||
          record.usage().licence_id() != parts->licence_id) {
        return Violation(absl::StrCat("licence ", std::string(parts->licence_id),
                                      ": the usage index points at sequence ", parts->sequence,
                                      ", which is not a usage record of that licence"));
      }
      ++entries;
    }
    if (!it->status().ok()) return FromRocksStatus(it->status(), "scanning the usage index");
    if (entries != usage_records_) {
      return Violation(absl::StrCat("the output log holds ", usage_records_,
                                    " usage records but the usage index ", entries));
    }
    return absl::OkStatus();
  }

  rocksdb::DB& db_;
  const ColumnFamilies& families_;
  rocksdb::ManagedSnapshot snapshot_;
  rocksdb::ReadOptions read_options_;
  // Declared attribution sums by LineKey, ordered so the first leftover is deterministic.
  absl::btree_map<std::string, AttributionSums> declared_;
  v1::Licence licence_;
  bool licence_loaded_ = false;
  uint64_t usage_records_ = 0;
};

}  // namespace

absl::Status VerifyDatabase(rocksdb::DB& db, const ColumnFamilies& families) {
  Verifier verifier(db, families);
  return verifier.Run();
}

}  // namespace gatekeeper::storage
