#include "services/daemon/topic_admission.h"

#include "absl/strings/str_cat.h"
#include "services/codec/event_admission.h"

namespace gatekeeper::daemon {

absl::Status TopicAdmission::Admit(const v1::Event& event, absl::string_view topic) const {
  const SenderRole sender = SenderRoleOf(event.payload_case());
  const absl::string_view payload = PayloadName(event.payload_case());
  if (sender == SenderRole::kOfficer && !dispositions_on_kafka_) {
    return absl::PermissionDeniedError(
        absl::StrCat("a ", payload,
                     " event is not admitted on Kafka (gatekeeperd runs with "
                     "--kafka-dispositions=false): officers dispose through "
                     "OfficerService.Dispose"));
  }
  // Officers' dispositions arrive relayed by the customs clearance system.
  const bool customs_topic_event = sender != SenderRole::kLicensing;
  const std::string& home = customs_topic_event ? declarations_topic_ : licensing_topic_;
  if (topic == home) return absl::OkStatus();
  auto described = [&](absl::string_view name) {
    if (name == declarations_topic_) return absl::StrCat(name, " (customs)");
    if (name == licensing_topic_) return absl::StrCat(name, " (licence authority)");
    return absl::StrCat(name, " (not an input topic)");
  };
  return absl::PermissionDeniedError(absl::StrCat("a ", payload, " event is admitted only on ",
                                                  described(home), ", not on ", described(topic)));
}

}  // namespace gatekeeper::daemon
