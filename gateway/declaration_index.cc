#include "gateway/declaration_index.h"

#include <algorithm>
#include <limits>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gateway/page_token.h"

namespace gatekeeper::gateway {
namespace {

// Output-log records read per store call while building.
constexpr size_t kBuildPageRecords = 4096;

absl::StatusOr<int64_t> ParseBound(absl::string_view field, absl::string_view value,
                                   int64_t if_empty) {
  if (value.empty()) return if_empty;
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(value), &time, &error)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": \"", absl::CHexEscape(value),
                                                   "\" is not an RFC 3339 instant (", error, ")"));
  }
  return absl::ToUnixNanos(time);
}

}  // namespace

int64_t LodgedAtUnixNanos(absl::string_view rfc3339) {
  absl::Time time;
  std::string error;
  if (rfc3339.empty() ||
      !absl::ParseTime(absl::RFC3339_full, std::string(rfc3339), &time, &error)) {
    return std::numeric_limits<int64_t>::min();
  }
  return absl::ToUnixNanos(time);
}

absl::StatusOr<std::unique_ptr<DeclarationIndex>> DeclarationIndex::Build(
    const StoreAccess& access) {
  auto index = std::make_unique<DeclarationIndex>();
  uint64_t after_sequence = 0;
  while (true) {
    absl::StatusOr<std::vector<internal::OutputRecord>> records =
        access.Read([&](const storage::Store& store) {
          return store.ReadOutputs(after_sequence, kBuildPageRecords);
        });
    if (!records.ok()) return records.status();
    if (records->empty()) break;
    index->Record(*records);
    after_sequence = records->back().sequence();
  }
  return index;
}

void DeclarationIndex::Record(absl::Span<const internal::OutputRecord> outputs) {
  absl::MutexLock lock(&mutex_);
  for (const internal::OutputRecord& record : outputs) {
    if (record.has_decision()) RecordDecision(record.decision(), record.sequence());
  }
}

void DeclarationIndex::RecordDecision(const v1::Decision& decision, uint64_t sequence) {
  if (decision.mrn().empty()) return;
  int64_t lodged_at = LodgedAtUnixNanos(decision.lodged_at());
  auto [it, inserted] = entries_.try_emplace(decision.mrn());
  Entry& entry = it->second;
  if (!inserted && (entry.lodged_at_unix_nanos != lodged_at ||
                    entry.office_of_export != decision.office_of_export())) {
    Key old_key{entry.lodged_at_unix_nanos, decision.mrn()};
    by_time_.erase(old_key);
    auto office = by_office_.find(entry.office_of_export);
    if (office != by_office_.end()) {
      office->second.erase(old_key);
      if (office->second.empty()) by_office_.erase(office);
    }
    inserted = true;
  }
  entry.office_of_export = decision.office_of_export();
  entry.status = decision.status();
  entry.lodged_at_unix_nanos = lodged_at;
  entry.sequence = sequence;
  if (decision.status() == v1::HELD && entry.first_held_sequence == 0) {
    entry.first_held_sequence = sequence;
  }
  if (inserted) {
    Key key{lodged_at, decision.mrn()};
    by_time_.insert(key);
    by_office_[entry.office_of_export].insert(std::move(key));
  }
}

bool DeclarationIndex::WasHeldBefore(absl::string_view mrn, uint64_t sequence) const {
  absl::ReaderMutexLock lock(&mutex_);
  auto it = entries_.find(mrn);
  return it != entries_.end() && it->second.first_held_sequence != 0 &&
         it->second.first_held_sequence < sequence;
}

absl::StatusOr<DeclarationIndex::Page> DeclarationIndex::List(const v1::DeclarationFilter& filter,
                                                              const v1::PageRequest& page) const {
  absl::StatusOr<size_t> page_size = ResolvePageSize(page);
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<int64_t> from =
      ParseBound("filter.lodgedFrom", filter.lodged_from(), std::numeric_limits<int64_t>::min());
  if (!from.ok()) return from.status();
  absl::StatusOr<int64_t> until =
      ParseBound("filter.lodgedUntil", filter.lodged_until(), std::numeric_limits<int64_t>::max());
  if (!until.ok()) return until.status();
  absl::flat_hash_set<int> statuses(filter.statuses().begin(), filter.statuses().end());

  Key start{*from, ""};
  bool start_after = false;
  if (!page.page_token().empty()) {
    absl::StatusOr<DeclarationPosition> position = DecodeDeclarationPageToken(page.page_token());
    if (!position.ok()) return position.status();
    Key token_key{position->lodged_at_unix_nanos, position->mrn};
    if (token_key >= start) {
      start = std::move(token_key);
      start_after = true;
    }
  }

  absl::ReaderMutexLock lock(&mutex_);
  Page result;
  const absl::btree_set<Key>* keys = &by_time_;
  if (!filter.office_of_export().empty()) {
    auto office = by_office_.find(filter.office_of_export());
    if (office == by_office_.end()) return result;
    keys = &office->second;
  }
  auto it = start_after ? keys->upper_bound(start) : keys->lower_bound(start);
  size_t scanned = 0;
  for (; it != keys->end() && it->first < *until; ++it) {
    const Entry& entry = entries_.at(it->second);
    if (statuses.empty() || statuses.contains(entry.status)) {
      result.entries.emplace_back(it->second, entry.sequence);
    }
    ++scanned;
    bool page_full = result.entries.size() == *page_size;
    if (page_full || scanned == kMaxScannedPerPage) {
      auto next = std::next(it);
      if (next != keys->end() && next->first < *until) {
        result.next_page_token = EncodeDeclarationPageToken({it->first, it->second});
      }
      break;
    }
  }
  return result;
}

size_t DeclarationIndex::size() const {
  absl::ReaderMutexLock lock(&mutex_);
  return entries_.size();
}

}  // namespace gatekeeper::gateway
