// The state the decision engine reads: licences, licence-line ledgers, declaration records,
// rules, listed parties and the next output sequence. The engine never writes it: it returns
// LedgerEffects, and the adapter that owns the state (storage::Store on RocksDB, or
// MemoryState in tests and benchmarks) applies them.
//
// Implementations must present the effects of every event staged so far (committed or not),
// so that event N is decided on the state left by events 1..N-1. A read error in a durable
// implementation is fatal (the process stops) rather than a decision on a partial view.
#ifndef GATEKEEPER_SERVICES_ENGINE_LEDGER_STATE_H_
#define GATEKEEPER_SERVICES_ENGINE_LEDGER_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gatekeeper/internal/records.pb.h"
#include "gatekeeper/v1/licence.pb.h"
#include "gatekeeper/v1/rule.pb.h"
#include "services/engine/rule_book.h"
#include "services/screening/party_screener.h"

namespace gatekeeper {

class LedgerState {
 public:
  virtual ~LedgerState() = default;

  // The licence as last created or replaced, or nullptr. The pointer stays valid until the
  // next effects are applied to this state.
  virtual const v1::Licence* FindLicence(std::string_view licence_id) const = 0;

  // Ids of every licence whose destinations include `country`, sorted.
  virtual std::vector<std::string> LicenceIdsWithDestination(std::string_view country) const = 0;

  // The ledger of one licence line, or nullopt if nothing was ever recorded for it.
  virtual std::optional<internal::LineLedger> FindLine(std::string_view licence_id,
                                                       int32_t line_no) const = 0;

  // Every ledger line recorded for a licence (including lines a replacement dropped),
  // by line number.
  virtual std::vector<internal::LineLedger> LinesOf(std::string_view licence_id) const = 0;

  // The current record of an MRN, or nullopt.
  virtual std::optional<internal::DeclarationRecord> FindDeclaration(
      std::string_view mrn) const = 0;

  // Every rule in force or not (the engine checks validity against lodgedAt).
  virtual const RuleBook& rules() const = 0;

  // Listed parties.
  virtual const PartyScreener& screener() const = 0;

  // The sequence the next output record gets; starts at 1.
  virtual uint64_t next_sequence() const = 0;
};

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_LEDGER_STATE_H_
