// What applying one event does to the state: everything the adapter must write, together or
// not at all (one WriteBatch in storage::Store). Produced by Engine::Apply, never by hand.
#ifndef GATEKEEPER_SERVICES_ENGINE_LEDGER_EFFECTS_H_
#define GATEKEEPER_SERVICES_ENGINE_LEDGER_EFFECTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/licence.pb.h"
#include "gatekeeper/v1/party.pb.h"
#include "gatekeeper/v1/rule.pb.h"

namespace gatekeeper {

struct LedgerEffects {
  // True when the event changed nothing because it was already applied (same MRN with a
  // version <= the current one). Such an event produces no output.
  bool duplicate = false;

  // Decisions and usage records, with consecutive sequences starting at the state's
  // next_sequence(), in the order they must be published.
  std::vector<internal::OutputRecord> outputs;

  // The new ledger of every licence line the event touched (full record, not a delta).
  std::vector<internal::LineLedger> line_puts;

  // The MRN's new record (a REJECTED declaration with a malformed MRN has none).
  std::optional<internal::DeclarationRecord> declaration_put;

  // Licences created, replaced or given a new status.
  std::vector<v1::Licence> licence_puts;

  std::optional<v1::Rule> rule_put;
  std::optional<std::string> rule_delete;
  std::optional<v1::ListedParty> party_put;
  std::optional<std::string> party_delete;

  // The state's next_sequence() after these effects (next_sequence + outputs.size()).
  uint64_t next_sequence = 1;
};

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_LEDGER_EFFECTS_H_
