#include "services/daemon/kafka_conf.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace gatekeeper::daemon {

absl::StatusOr<std::unique_ptr<RdKafka::Conf>> MakeKafkaConf(
    const KafkaProperties& properties) {
  std::unique_ptr<RdKafka::Conf> conf(
      RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [name, value] : properties) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      return absl::InvalidArgumentError(
          absl::StrCat("Kafka property ", name, "=", value, ": ", error));
    }
  }
  return conf;
}

bool IsOtherClientPropertyNotice(RdKafka::Event& event) {
  if (event.type() != RdKafka::Event::EVENT_LOG || event.fac() != "CONFWARN")
    return false;
  const std::string text = event.str();
  return absl::StrContains(text, "is a consumer property and will be ignored") ||
         absl::StrContains(text, "is a producer property and will be ignored");
}

}  // namespace gatekeeper::daemon
