// Issue 15, item 2 (the Kafka side): a decision that Kafka refuses for its size no longer
// stops gatekeeperd. It is published, with the same key and sequence, as a summary that
// fits (decision_summary.h), or, when even that does not fit, as a dead letter naming its
// sequence; the published position moves on and later decisions are published in full.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "services/daemon/decision_summary.h"
#include "tests/daemon/kafka_door_fixture.h"

namespace gatekeeper::daemon {
namespace {

// A declaration of `items` items, each with `documents` licence documents citing licences
// that do not exist: every document gives a LICENCE_NOT_FOUND reason with a detail.
std::string BigDeclarationJson(const std::string& mrn, int items, int documents) {
  std::string json = absl::StrCat(R"json({"declaration": {"mrn": ")json", mrn,
                                  R"json(", "version": 1, "lodgedAt": "2025-06-02T08:15:00Z",
    "declarationType": "EX", "procedure": "1000",
    "exporter": {"eori": "NL123456789", "name": "Veldhoven Photonics BV", "country": "NL"},
    "consignee": {"name": "Shenzhen Optics Co., Ltd.", "country": "CN"},
    "destinationCountry": "CN", "officeOfExport": "NL000396", "officeOfExit": "NL000510",
    "items": [)json");
  for (int item = 1; item <= items; ++item) {
    if (item > 1) json += ",";
    absl::StrAppend(&json, R"json({"itemNo": )json", item,
                    R"json(, "cnCode": "85414900", "description": "infrared detector arrays",
      "netMassKg": "1", "quantity": {"amount": "1", "unit": "NAR"}, "valueEur": "100.00",
      "documents": [)json");
    for (int document = 0; document < documents; ++document) {
      if (document > 0) json += ",";
      absl::StrAppend(&json, R"json({"code": "X060", "reference": "NL-DU-2025-)json",
                      100000 + item * 10 + document, R"json("})json");
    }
    json += "]}";
  }
  json += "]}}";
  return json;
}

v1::Decision Decode(const TopicRecord& record) {
  absl::StatusOr<v1::Decision> decision = loadgen::DecodeDecisionRecord(record);
  EXPECT_TRUE(decision.ok()) << decision.status();
  return decision.ok() ? *decision : v1::Decision();
}

void ExpectSummaryOf(const v1::Decision& summary, const v1::Decision& full) {
  EXPECT_EQ(summary.mrn(), full.mrn());
  EXPECT_EQ(summary.version(), full.version());
  EXPECT_EQ(summary.sequence(), full.sequence());
  EXPECT_EQ(summary.status(), full.status());
  EXPECT_EQ(summary.outcome(), full.outcome());
  EXPECT_TRUE(absl::StartsWith(summary.error(), kSummaryErrorPrefix)) << summary.error();
  EXPECT_NE(summary.error().find("gkctl decision show " + full.mrn()), std::string::npos)
      << summary.error();
  ASSERT_EQ(summary.items_size(), full.items_size());
  for (int i = 0; i < full.items_size(); ++i) {
    EXPECT_EQ(summary.items(i).item_no(), full.items(i).item_no());
    EXPECT_EQ(summary.items(i).outcome(), full.items(i).outcome());
    ASSERT_EQ(summary.items(i).reasons_size(), full.items(i).reasons_size());
    for (int r = 0; r < full.items(i).reasons_size(); ++r) {
      EXPECT_EQ(summary.items(i).reasons(r).code(), full.items(i).reasons(r).code());
      EXPECT_EQ(summary.items(i).reasons(r).detail(), "");
    }
  }
}

class KafkaOutputLimitTest : public KafkaDoorTest {
 protected:
  v1::Decision StoredDecision(const std::string& mrn) {
    auto store = storage::Store::Open({.data_dir = data_dir_, .sync = false});
    EXPECT_TRUE(store.ok()) << store.status();
    if (!store.ok()) return {};
    absl::StatusOr<v1::Decision> decision = (*store)->GetDecision(mrn);
    EXPECT_TRUE(decision.ok()) << decision.status();
    return decision.ok() ? *decision : v1::Decision();
  }
};

constexpr char kSummarizedMrn[] = "25NL4A7B9C2D1E3F1A";
constexpr char kDeadLetteredMrn[] = "25NL4A7B9C2D1E3F2B";
constexpr char kSmallMrn[] = "25NL4A7B9C2D1E3F3C";

// The producer allows 4,000-byte records: a 30-item decision with 120 reasons is larger,
// its summary is not; a 300-item one's summary is larger too.
TEST_F(KafkaOutputLimitTest, ADecisionTooLargeForTheProducerIsSummarizedOrDeadLettered) {
  StartDaemonWith([](StreamProcessorOptions& options) {
    options.output.kafka_properties.push_back({"message.max.bytes", "4000"});
  });
  producer_->Send(topics_.declarations, "NL123456789", BigDeclarationJson(kSummarizedMrn, 30, 4),
                  /*json=*/true);
  producer_->Send(topics_.declarations, "NL123456789", BigDeclarationJson(kDeadLetteredMrn, 300, 4),
                  /*json=*/true);
  producer_->Send(topics_.declarations, "NL123456789", DeclarationJson(kSmallMrn, 1),
                  /*json=*/true);

  auto decisions = ReadUntil(brokers(), topics_.decisions,
                             [](const auto& records) { return records.size() >= 2; });
  auto dead = ReadUntil(brokers(), topics_.deadletter,
                        [](const auto& records) { return !records.empty(); });
  DaemonMetrics metrics = StopDaemon();  // expects Run to have returned OK

  std::map<std::string, TopicRecord> by_mrn;
  for (const TopicRecord& record : decisions) by_mrn[record.key.value_or("")] = record;
  ASSERT_EQ(by_mrn.size(), 2u);
  ASSERT_TRUE(by_mrn.contains(kSummarizedMrn));
  ASSERT_TRUE(by_mrn.contains(kSmallMrn));
  const v1::Decision full = StoredDecision(kSummarizedMrn);
  ASSERT_EQ(full.items_size(), 30);
  EXPECT_NE(full.items(0).reasons(0).detail(), "");
  ExpectSummaryOf(Decode(by_mrn[kSummarizedMrn]), full);
  uint64_t full_bytes = 0;
  ASSERT_TRUE(absl::SimpleAtoi(by_mrn[kSummarizedMrn].Header("gk-summary-of-bytes").value_or(""),
                               &full_bytes));
  EXPECT_GT(full_bytes, 4000u);

  // Later decisions go on in full.
  const v1::Decision small = Decode(by_mrn[kSmallMrn]);
  EXPECT_EQ(small.error(), "");
  EXPECT_TRUE(HasReason(small, v1::LICENCE_NOT_FOUND));
  EXPECT_NE(small.items(0).reasons(0).detail(), "");

  ASSERT_EQ(dead.size(), 1u);
  const v1::Decision too_large = StoredDecision(kDeadLetteredMrn);
  EXPECT_EQ(dead[0].key, kDeadLetteredMrn);
  EXPECT_EQ(dead[0].value, "");
  EXPECT_EQ(dead[0].Header("gk-sequence"), absl::StrCat(too_large.sequence()));
  EXPECT_EQ(dead[0].Header("gk-source-topic"), topics_.decisions);
  EXPECT_NE(dead[0]
                .Header("gk-error")
                .value_or("")
                .find(absl::StrCat("decision sequence ", too_large.sequence(),
                                   " is too large for gatekeeper.decisions")),
            std::string::npos)
      << dead[0].Header("gk-error").value_or("");

  EXPECT_EQ(metrics.outputs_summarized, 1u);
  EXPECT_EQ(metrics.outputs_dead_lettered, 1u);
  EXPECT_EQ(metrics.outputs_dropped, 0u);
  EXPECT_EQ(metrics.backlog, 0u);
  EXPECT_EQ(metrics.published_sequence, Decode(by_mrn[kSmallMrn]).sequence());
}

// A broker refuses the record (the topic's max.message.bytes; here the mock cluster
// answers the daemon's first Produce request with MESSAGE_TOO_LARGE): the delivery report
// says so, and the summary goes out instead, after which the stream goes on.
TEST_F(KafkaOutputLimitTest, ADecisionTheBrokerRefusesIsSummarized) {
  producer_->Send(topics_.declarations, "NL123456789", BigDeclarationJson(kSummarizedMrn, 30, 4),
                  /*json=*/true);
  constexpr int kProduceApi = 0;
  constexpr int kMessageTooLarge = 10;
  cluster_->FailNextRequests(kProduceApi, 1, kMessageTooLarge);
  StartDaemon();
  auto decisions =
      ReadUntil(brokers(), topics_.decisions, [](const auto& records) { return !records.empty(); });
  producer_->Send(topics_.declarations, "NL123456789", DeclarationJson(kSmallMrn, 1),
                  /*json=*/true);
  decisions = ReadUntil(brokers(), topics_.decisions,
                        [](const auto& records) { return records.size() >= 2; });
  DaemonMetrics metrics = StopDaemon();

  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[0].key, kSummarizedMrn);
  ExpectSummaryOf(Decode(decisions[0]), StoredDecision(kSummarizedMrn));
  EXPECT_EQ(decisions[1].key, kSmallMrn);
  EXPECT_EQ(Decode(decisions[1]).error(), "");
  EXPECT_EQ(metrics.outputs_summarized, 1u);
  EXPECT_EQ(metrics.backlog, 0u);
}

}  // namespace
}  // namespace gatekeeper::daemon
