// The licence-line ledgers one event works on: read from the state on first use, changed in
// place, and handed back as LedgerEffects::line_puts (only the lines actually changed).
#ifndef GATEKEEPER_SERVICES_ENGINE_LINE_WORKSPACE_H_
#define GATEKEEPER_SERVICES_ENGINE_LINE_WORKSPACE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gatekeeper/internal/records.pb.h"
#include "services/engine/ledger_state.h"

namespace gatekeeper {

class LineWorkspace {
 public:
  explicit LineWorkspace(const LedgerState& state) : state_(state) {}

  // The line as this event sees it, or nullptr when the state has no ledger for it.
  const internal::LineLedger* Peek(const std::string& licence_id, int32_t line_no) {
    Entry* entry = Load(licence_id, line_no);
    return entry == nullptr ? nullptr : &entry->ledger;
  }

  // Same, for changing it; the line is then part of the effects.
  internal::LineLedger* Mutable(const std::string& licence_id, int32_t line_no) {
    Entry* entry = Load(licence_id, line_no);
    if (entry == nullptr) return nullptr;
    entry->changed = true;
    return &entry->ledger;
  }

  // Adds a line the state does not have yet (a new licence line).
  internal::LineLedger* Create(const internal::LineLedger& ledger) {
    Entry& entry = lines_[{ledger.licence_id(), ledger.line_no()}];
    entry.ledger = ledger;
    entry.loaded = true;
    entry.exists = true;
    entry.changed = true;
    return &entry.ledger;
  }

  // Every changed line, in (licence id, line number) order.
  std::vector<internal::LineLedger> Changed() const {
    std::vector<internal::LineLedger> changed;
    for (const auto& [key, entry] : lines_) {
      if (entry.changed) changed.push_back(entry.ledger);
    }
    return changed;
  }

 private:
  struct Entry {
    internal::LineLedger ledger;
    bool loaded = false;
    bool exists = false;
    bool changed = false;
  };

  Entry* Load(const std::string& licence_id, int32_t line_no) {
    Entry& entry = lines_[{licence_id, line_no}];
    if (!entry.loaded) {
      entry.loaded = true;
      std::optional<internal::LineLedger> stored = state_.FindLine(licence_id, line_no);
      entry.exists = stored.has_value();
      if (stored.has_value()) entry.ledger = std::move(*stored);
    }
    return entry.exists ? &entry : nullptr;
  }

  const LedgerState& state_;
  std::map<std::pair<std::string, int32_t>, Entry> lines_;
};

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_LINE_WORKSPACE_H_
