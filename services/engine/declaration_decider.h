// Decides one validated declaration version (contract §3): party screening, rules, licence
// documents and write-off amounts, item by item, reporting every failure. What each item
// can write off is taken from the workspace at once (remaining down, reserved up), so later
// items and later declarations see it; the engine turns the reservations into consumption
// when the whole declaration is clear.
#ifndef GATEKEEPER_SERVICES_ENGINE_DECLARATION_DECIDER_H_
#define GATEKEEPER_SERVICES_ENGINE_DECLARATION_DECIDER_H_

#include <string>
#include <vector>

#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/declaration.pb.h"
#include "services/engine/ledger_state.h"
#include "services/engine/line_workspace.h"

namespace gatekeeper {

// REQUIRES: ValidateDeclaration(declaration).ok(); `lodged_date` is lodgedAt's UTC date.
// Returns one ItemDecision per item, in declaration order, with outcome and reasons set and
// the item's attributions marked RESERVED (already reserved in `lines`).
std::vector<v1::ItemDecision> DecideItems(const v1::Declaration& declaration,
                                          const std::string& lodged_date, const LedgerState& state,
                                          double screening_threshold, LineWorkspace* lines);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_DECLARATION_DECIDER_H_
