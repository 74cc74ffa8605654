// The Kafka topics of the streaming door (contract §6), with the contract's
// default names. Every name is configurable, so that one cluster can host
// several environments.
#ifndef GATEKEEPER_SERVICES_DAEMON_TOPIC_NAMES_H_
#define GATEKEEPER_SERVICES_DAEMON_TOPIC_NAMES_H_

#include <string>
#include <vector>

namespace gatekeeper::daemon {

struct TopicNames {
  // In: customs events (declarations, invalidations, dispositions), key =
  // exporter EORI.
  std::string declarations = "gatekeeper.declarations";
  // In: licence authority events, key = licence holder, rule id or party id.
  std::string licensing = "gatekeeper.licensing";
  // Out: decisions, key = MRN.
  std::string decisions = "gatekeeper.decisions";
  // Out: usage records, key = licence id.
  std::string usage = "gatekeeper.usage";
  // Out: input records that could not be applied, with the original bytes.
  std::string deadletter = "gatekeeper.deadletter";

  // Inputs first, then outputs.
  std::vector<std::string> All() const {
    return {declarations, licensing, decisions, usage, deadletter};
  }
};

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_TOPIC_NAMES_H_
