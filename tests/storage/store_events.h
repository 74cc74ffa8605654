// Events for the storage tests, as the doors deliver them, and the real engine that turns
// them into the LedgerEffects a Store stages. The storage tests never build effects by hand
// (LedgerEffects are "produced by Engine::Apply, never by hand"): they drive the engine on
// the Store, as gkctl and gatekeeperd do, and corrupt real effects where a test needs bad
// ones.
//
//   Store& store = ...;
//   ASSERT_TRUE(DecideAndStage(store, LicenceEvent("NL-1", {"CN"}, {{.amount = "100"}})).ok());
//   ASSERT_TRUE(DecideAndStage(store, DeclarationEvent(kMrn, 1, {{.amount = "40",
//                                                                 .licence_id = "NL-1"}})).ok());
#ifndef GATEKEEPER_TESTS_STORAGE_STORE_EVENTS_H_
#define GATEKEEPER_TESTS_STORAGE_STORE_EVENTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "gatekeeper/v1/event.pb.h"
#include "services/engine/ledger_effects.h"
#include "services/engine/ledger_state.h"
#include "storage/store.h"

namespace gatekeeper::storage::testing {

// The engine's clock for every test event (decisions carry it as decidedAt).
inline constexpr char kTestNow[] = "2025-06-02T08:15:00.004Z";
// The exporter of every declaration and the holder of every licence.
inline constexpr char kExporterEori[] = "NL123456789";

// One licence line covering control code 6A002 (CN 854149): a quantity cap of `amount` in
// `unit` (empty amount = no quantity cap) and a value cap `value_eur` (empty = none).
struct LineSpec {
  int32_t line_no = 1;
  std::string amount;
  std::string unit = "NAR";
  std::string value_eur;
  uint32_t tolerance_percent = 0;
};

// An INDIVIDUAL licence of kExporterEori, valid 2025-01-01..2026-12-31.
v1::Licence MakeLicence(const std::string& licence_id, const std::vector<std::string>& destinations,
                        const std::vector<LineSpec>& lines);
v1::Event LicenceEvent(const v1::Licence& licence);
v1::Event LicenceEvent(const std::string& licence_id, const std::vector<std::string>& destinations,
                       const std::vector<LineSpec>& lines);
v1::Event LicenceStatusEvent(const std::string& licence_id, v1::LicenceStatus status);

// One goods item (control code 6A002.a.3, CN 85414900) of `amount` `unit` worth `value_eur`,
// with an X060 document for `licence_id` (none when empty) naming `line_no` (0: the engine
// picks the line).
struct ItemSpec {
  int32_t item_no = 1;
  std::string amount = "1";
  std::string unit = "NAR";
  std::string value_eur = "1000";
  std::string licence_id;
  int32_t line_no = 0;
};

// A declaration lodged 2025-06-02 by kExporterEori for Shenzhen Optics in CN.
v1::Event DeclarationEvent(const std::string& mrn, uint32_t version,
                           const std::vector<ItemSpec>& items);
v1::Event DispositionEvent(const std::string& mrn, v1::DispositionAction action);
v1::Event InvalidationEvent(const std::string& mrn);
v1::Event RuleEvent(const v1::Rule& rule);
v1::Event RuleRemovalEvent(const std::string& rule_id);
v1::Event PartyEvent(const v1::ListedParty& party);
v1::Event PartyRemovalEvent(const std::string& party_id);

// The effects of `event` on `state`, decided by the real engine at kTestNow.
absl::StatusOr<LedgerEffects> Decide(const v1::Event& event, const LedgerState& state);

// Decides `event` on `store` and stages the effects with `meta`; the engine's refusal or the
// store's error otherwise.
absl::StatusOr<LedgerEffects> DecideAndStage(Store& store, const v1::Event& event,
                                             absl::Span<const MetaWrite> meta = {});

}  // namespace gatekeeper::storage::testing

#endif  // GATEKEEPER_TESTS_STORAGE_STORE_EVENTS_H_
