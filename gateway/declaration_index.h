// An in-memory index of the current decision of every declaration, for what the store
// cannot answer by key: ListDeclarations (by office, status and lodging time, in
// (lodgedAt, MRN) order, paged) and WatchHolds (was this MRN held before this sequence?).
//
// Built at start by reading the whole output log once, then kept current by Record() with
// every committed group's outputs, before they are fanned out to subscribers. It holds a
// few dozen bytes per MRN (no decision bodies: a page's decisions are read from the
// store), so memory grows with the number of declarations, not their size.
// Thread-safe.
#ifndef GATEKEEPER_GATEWAY_DECLARATION_INDEX_H_
#define GATEKEEPER_GATEWAY_DECLARATION_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/services.pb.h"
#include "gateway/store_access.h"

namespace gatekeeper::gateway {

class DeclarationIndex {
 public:
  // Index entries one List call examines at most; a sparse filter then returns a short
  // (even empty) page with a token to go on from.
  static constexpr size_t kMaxScannedPerPage = 20000;

  // Reads every record of the store's output log.
  static absl::StatusOr<std::unique_ptr<DeclarationIndex>> Build(const StoreAccess& access);

  DeclarationIndex() = default;

  // Takes the decisions among committed `outputs` (in sequence order).
  void Record(absl::Span<const internal::OutputRecord> outputs);

  // True when the MRN's first HELD decision has a sequence below `sequence`.
  bool WasHeldBefore(absl::string_view mrn, uint64_t sequence) const;

  struct Page {
    // Output-log sequence of each listed MRN's current decision, in list order.
    std::vector<std::pair<std::string, uint64_t>> entries;
    std::string next_page_token;
  };
  // InvalidArgument naming the field for a malformed time, page size or token.
  absl::StatusOr<Page> List(const v1::DeclarationFilter& filter, const v1::PageRequest& page) const;

  size_t size() const;

 private:
  using Key = std::pair<int64_t, std::string>;  // lodgedAt (Unix ns), MRN

  struct Entry {
    std::string office_of_export;
    v1::DeclarationStatus status = v1::DECLARATION_STATUS_UNSPECIFIED;
    int64_t lodged_at_unix_nanos = 0;
    uint64_t sequence = 0;
    // Sequence of the first HELD decision; 0 = never held.
    uint64_t first_held_sequence = 0;
  };

  void RecordDecision(const v1::Decision& decision, uint64_t sequence)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mutex_);
  absl::btree_set<Key> by_time_ ABSL_GUARDED_BY(mutex_);
  absl::flat_hash_map<std::string, absl::btree_set<Key>> by_office_ ABSL_GUARDED_BY(mutex_);
};

// Unix nanoseconds of an RFC 3339 instant; the smallest value for an empty or malformed
// one (a REJECTED declaration's lodgedAt may be either), so such entries list first.
int64_t LodgedAtUnixNanos(absl::string_view rfc3339);

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_DECLARATION_INDEX_H_
