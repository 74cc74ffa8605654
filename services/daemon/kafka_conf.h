// Building a librdkafka configuration from name/value pairs, with errors that
// name the property. Shared by gatekeeperd's consumer and producer and by the
// tools.
#ifndef GATEKEEPER_SERVICES_DAEMON_KAFKA_CONF_H_
#define GATEKEEPER_SERVICES_DAEMON_KAFKA_CONF_H_

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace gatekeeper::daemon {

using KafkaProperties = std::vector<std::pair<std::string, std::string>>;

// A global configuration with every property set in order (later ones win).
// InvalidArgument naming the property when librdkafka refuses one.
absl::StatusOr<std::unique_ptr<RdKafka::Conf>> MakeKafkaConf(
    const KafkaProperties& properties);

// True for librdkafka's notice that a property only applies to the other kind
// of client ("... is a consumer property and will be ignored by this producer
// instance"). gatekeeperd hands every --kafka property to both its consumer
// and its producer, so these notices are expected and not shown.
bool IsOtherClientPropertyNotice(RdKafka::Event& event);

}  // namespace gatekeeper::daemon

#endif  // GATEKEEPER_SERVICES_DAEMON_KAFKA_CONF_H_
