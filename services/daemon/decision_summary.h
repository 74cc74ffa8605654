// The reduced form of a decision too large for the decisions topic (Kafka refused it for
// its size: the producer's or the topic's message.max.bytes). No single decision may stop
// the stream, and none may vanish from it, so gatekeeperd publishes in its place, with the
// same key (MRN) and sequence, the decision without what makes it large:
//
//   kept     mrn, version, sequence, status, outcome, exporter EORI, destination, office of
//            export, lodgedAt, decidedAt, the disposition; every item's number and outcome
//            and its reasons' codes
//   dropped  attributions, and each reason's detail, licence/rule/party id and score
//   error    says the full decision was too large and where to read it in full
//            (OfficerService.GetDecision, `gkctl decision show`); a REJECTED decision's own
//            error follows it
//
// A reader can tell a summary by its error, which starts with kSummaryErrorPrefix.
#ifndef GATEKEEPER_SERVICES_DAEMON_DECISION_SUMMARY_H_
#define GATEKEEPER_SERVICES_DAEMON_DECISION_SUMMARY_H_

#include <cstddef>

#include "absl/strings/string_view.h"
#include "gatekeeper/v1/decision.pb.h"

namespace gatekeeper::daemon {

inline constexpr char kSummaryErrorPrefix[] = "summary of a decision too large for ";

// `full_bytes`: the size of the refused record; `topic`: where it was refused.
v1::Decision SummarizeDecision(const v1::Decision& decision, size_t full_bytes,
                               absl::string_view topic);

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_DECISION_SUMMARY_H_
