// Publishes input events to gatekeeper's Kafka topics the way a customs system
// or a licence authority would: routed and keyed by EventRouter, encoded as
// binary protobuf or as JSON with the header content-type: application/json,
// through an idempotent producer.
//
//   auto publisher = EventPublisher::Create({.brokers = "127.0.0.1:9092"});
//   (*publisher)->Publish(event);   // blocks while the producer's queue is
//   full
//   (*publisher)->Flush();          // every record acknowledged, or the first
//   failure
#ifndef GATEKEEPER_TOOLS_LOADGEN_EVENT_PUBLISHER_H_
#define GATEKEEPER_TOOLS_LOADGEN_EVENT_PUBLISHER_H_

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gatekeeper/v1/event.pb.h"
#include "services/daemon/kafka_conf.h"
#include "services/daemon/topic_names.h"
#include "tools/loadgen/event_routing.h"

namespace gatekeeper::loadgen {

struct EventPublisherOptions {
  std::string brokers;
  daemon::TopicNames topics;
  bool json = false;
  daemon::KafkaProperties kafka_properties;
};

class EventPublisher {
 public:
  static absl::StatusOr<std::unique_ptr<EventPublisher>> Create(
      const EventPublisherOptions& options);
  ~EventPublisher();

  // Hands one event to the producer; waits while its queue is full. The route
  // is returned so that callers can tell which topic and key the event went to.
  absl::StatusOr<Route> Publish(const v1::Event& event);

  // Waits until every record is acknowledged; the first delivery failure, if
  // any.
  absl::Status Flush();

  uint64_t published() const { return published_; }

 private:
  class DeliveryCallback;
  EventPublisher(const EventPublisherOptions& options);

  EventPublisherOptions options_;
  std::unique_ptr<DeliveryCallback> callback_;
  std::unique_ptr<RdKafka::Producer> producer_;
  EventRouter router_;
  uint64_t published_ = 0;
};

}  // namespace gatekeeper::loadgen

#endif  // GATEKEEPER_TOOLS_LOADGEN_EVENT_PUBLISHER_H_
