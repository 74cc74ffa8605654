#include "tools/loadgen/event_publisher.h"

#include "absl/strings/str_cat.h"
#include "services/codec/event_codec.h"

namespace gatekeeper::loadgen {
namespace {

// How long Flush waits for the last acknowledgements.
constexpr int kFlushTimeoutMs = 60000;

}  // namespace

class EventPublisher::DeliveryCallback : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& message) override {
    if (message.err() != RdKafka::ERR_NO_ERROR && first_error_.ok()) {
      first_error_ = absl::UnavailableError(absl::StrCat(
          "publishing to ", message.topic_name(), ": ", message.errstr()));
    }
  }
  const absl::Status& first_error() const { return first_error_; }

 private:
  absl::Status first_error_;
};

EventPublisher::EventPublisher(const EventPublisherOptions& options)
    : options_(options) {}

EventPublisher::~EventPublisher() = default;

absl::StatusOr<std::unique_ptr<EventPublisher>> EventPublisher::Create(
    const EventPublisherOptions& options) {
  daemon::KafkaProperties properties = {
      {"bootstrap.servers", options.brokers},
      {"client.id", "gk-loadgen"},
      {"enable.idempotence", "true"},
      {"compression.type", "lz4"},
      {"linger.ms", "5"},
  };
  properties.insert(properties.end(), options.kafka_properties.begin(),
                    options.kafka_properties.end());
  absl::StatusOr<std::unique_ptr<RdKafka::Conf>> conf =
      daemon::MakeKafkaConf(properties);
  if (!conf.ok()) return conf.status();
  auto publisher = std::unique_ptr<EventPublisher>(new EventPublisher(options));
  publisher->callback_ = std::make_unique<DeliveryCallback>();
  std::string error;
  if ((*conf)->set(
          "dr_cb",
          static_cast<RdKafka::DeliveryReportCb*>(publisher->callback_.get()),
          error) != RdKafka::Conf::CONF_OK) {
    return absl::InternalError(error);
  }
  publisher->producer_.reset(RdKafka::Producer::create(conf->get(), error));
  if (publisher->producer_ == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("Kafka producer: ", error));
  }
  return publisher;
}

absl::StatusOr<Route> EventPublisher::Publish(const v1::Event& event) {
  if (!callback_->first_error().ok()) return callback_->first_error();
  Route route = router_.RouteOf(event);
  const std::string& topic =
      route.customs ? options_.topics.declarations : options_.topics.licensing;
  std::string value =
      options_.json ? ToJsonLine(event) : event.SerializeAsString();
  while (!value.empty() && value.back() == '\n') value.pop_back();
  while (true) {
    RdKafka::Headers* headers = nullptr;
    if (options_.json) {
      headers = RdKafka::Headers::create();
      headers->add("content-type", "application/json");
    }
    RdKafka::ErrorCode err = producer_->produce(
        topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
        value.data(), value.size(), route.key.data(), route.key.size(), 0,
        headers, nullptr);
    if (err == RdKafka::ERR_NO_ERROR) break;
    delete headers;
    if (err != RdKafka::ERR__QUEUE_FULL) {
      return absl::UnavailableError(
          absl::StrCat("publishing to ", topic, ": ", RdKafka::err2str(err)));
    }
    producer_->poll(10);
  }
  producer_->poll(0);
  ++published_;
  return route;
}

absl::Status EventPublisher::Flush() {
  RdKafka::ErrorCode err = producer_->flush(kFlushTimeoutMs);
  if (!callback_->first_error().ok()) return callback_->first_error();
  if (err != RdKafka::ERR_NO_ERROR) {
    return absl::DeadlineExceededError(absl::StrCat(
        "records not acknowledged within ", kFlushTimeoutMs, " ms"));
  }
  return absl::OkStatus();
}

}  // namespace gatekeeper::loadgen
