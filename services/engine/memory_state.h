// A LedgerState held entirely in memory: the engine's test double and the state of the
// in-process engine benchmark. Apply() performs exactly what storage::Store::Stage does to
// its durable state, minus the disk.
#ifndef GATEKEEPER_SERVICES_ENGINE_MEMORY_STATE_H_
#define GATEKEEPER_SERVICES_ENGINE_MEMORY_STATE_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "services/engine/ledger_effects.h"
#include "services/engine/ledger_state.h"
#include "services/screening/screening_index.h"

namespace gatekeeper {

class MemoryState : public LedgerState {
 public:
  MemoryState();

  // Applies one event's effects. REQUIRES: effects came from Engine::Apply on this state.
  void Apply(const LedgerEffects& effects);

  // Every output record ever applied, in sequence order (tests read decisions from here).
  const std::vector<internal::OutputRecord>& outputs() const { return outputs_; }

  // LedgerState.
  const v1::Licence* FindLicence(std::string_view licence_id) const override;
  std::vector<std::string> LicenceIdsWithDestination(std::string_view country) const override;
  std::optional<internal::LineLedger> FindLine(std::string_view licence_id,
                                               int32_t line_no) const override;
  std::vector<internal::LineLedger> LinesOf(std::string_view licence_id) const override;
  std::optional<internal::DeclarationRecord> FindDeclaration(std::string_view mrn) const override;
  const RuleBook& rules() const override { return rules_; }
  const PartyScreener& screener() const override { return *screening_; }
  uint64_t next_sequence() const override { return next_sequence_; }

  // All declaration records and line ledgers, for invariant checks in tests.
  const std::map<std::string, internal::DeclarationRecord>& declarations() const {
    return declarations_;
  }
  const std::map<std::pair<std::string, int32_t>, internal::LineLedger>& lines() const {
    return lines_;
  }

 private:
  absl::flat_hash_map<std::string, v1::Licence> licences_;
  // country -> ids of the licences naming it, for status changes by destination.
  std::map<std::string, std::set<std::string>> licences_by_destination_;
  std::map<std::pair<std::string, int32_t>, internal::LineLedger> lines_;
  std::map<std::string, internal::DeclarationRecord> declarations_;
  RuleBook rules_;
  std::unique_ptr<ScreeningIndex> screening_;
  std::vector<internal::OutputRecord> outputs_;
  uint64_t next_sequence_ = 1;
};

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_MEMORY_STATE_H_
