// The Kafka door end to end against librdkafka's mock cluster, in one process:
// records in (binary protobuf and JSON), decisions and usage records out, bad
// records to the dead-letter topic with their headers, and the stream going on
// after each.
#include <map>
#include <string>
#include <vector>

#include "tests/daemon/kafka_door_fixture.h"

namespace gatekeeper::daemon {
namespace {

using loadgen::TopicRecord;

TEST_F(KafkaDoorTest, JsonAndProtobufDeclarationsAreDecided) {
  StartDaemon();
  producer_->Send(topics_.licensing, "NL123456789", kLicenceJson,
                  /*json=*/true);
  WaitUntilLicensingApplied();
  producer_->Send(topics_.declarations, "NL123456789", DeclarationJson("25NL4A7B9C2D1E3F5G", 40),
                  /*json=*/true);
  producer_->Send(topics_.declarations, "NL123456789",
                  Binary(DeclarationJson("25NL4A7B9C2D1E3F6H", 70)),
                  /*json=*/false);

  auto decisions = ReadUntil(brokers(), topics_.decisions, [](const auto& records) {
    return LatestDecisions(records).size() >= 2;
  });
  std::map<std::string, v1::Decision> latest = LatestDecisions(decisions);
  ASSERT_EQ(latest.size(), 2u);
  const v1::Decision& cleared = latest["25NL4A7B9C2D1E3F5G"];
  EXPECT_EQ(cleared.status(), v1::CLEARED);
  EXPECT_EQ(cleared.outcome(), v1::CLEAR);
  ASSERT_EQ(cleared.items_size(), 1);
  ASSERT_EQ(cleared.items(0).attributions_size(), 1);
  EXPECT_EQ(cleared.items(0).attributions(0).licence_id(), "NL-DU-2025-000123");
  EXPECT_EQ(cleared.items(0).attributions(0).quantity().amount(), "40");
  EXPECT_EQ(cleared.items(0).attributions(0).state(), v1::CONSUMED);
  const v1::Decision& held = latest["25NL4A7B9C2D1E3F6H"];
  EXPECT_EQ(held.status(), v1::HELD);
  EXPECT_EQ(held.outcome(), v1::HOLD);
  EXPECT_TRUE(HasReason(held, v1::QUANTITY_EXCEEDED)) << held.DebugString();
  // Keyed by MRN (records of different MRNs may sit in different partitions,
  // so the topic has no order across them).
  for (const TopicRecord& record : decisions) {
    absl::StatusOr<v1::Decision> decision = loadgen::DecodeDecisionRecord(record);
    ASSERT_TRUE(decision.ok()) << decision.status();
    EXPECT_EQ(record.key, decision->mrn());
    EXPECT_EQ(record.Header("content-type"), "application/x-protobuf");
  }

  auto usage =
      ReadUntil(brokers(), topics_.usage, [](const auto& records) { return !records.empty(); });
  ASSERT_EQ(usage.size(), 1u);
  EXPECT_EQ(usage[0].key, "NL-DU-2025-000123");
  absl::StatusOr<v1::UsageRecord> record = loadgen::DecodeUsageRecord(usage[0]);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->mrn(), "25NL4A7B9C2D1E3F5G");
  EXPECT_EQ(record->action(), v1::CONSUME);
  EXPECT_EQ(record->quantity().amount(), "40");
  EXPECT_EQ(record->quantity().unit(), "NAR");
  EXPECT_LT(record->sequence(), cleared.sequence());
}

TEST_F(KafkaDoorTest, JsonOutputFormat) {
  StartDaemon(OutputFormat::kJson);
  producer_->Send(topics_.licensing, "NL123456789", Binary(kLicenceJson),
                  /*json=*/false);
  WaitUntilLicensingApplied();
  producer_->Send(topics_.declarations, "NL123456789",
                  Binary(DeclarationJson("25NL4A7B9C2D1E3F5G", 10)),
                  /*json=*/false);
  auto decisions =
      ReadUntil(brokers(), topics_.decisions, [](const auto& records) { return !records.empty(); });
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].Header("content-type"), "application/json");
  const std::string& value = decisions[0].value;
  EXPECT_EQ(value.front(), '{');
  EXPECT_NE(value.find("\"status\":\"CLEARED\""), std::string::npos) << value;
  EXPECT_EQ(value.find('\n'), std::string::npos);
}

TEST_F(KafkaDoorTest, BadRecordsGoToTheDeadLetterTopicAndTheStreamFlows) {
  StartDaemon();
  producer_->Send(topics_.licensing, "NL123456789", kLicenceJson,
                  /*json=*/true);
  WaitUntilLicensingApplied();

  struct Bad {
    std::string name;
    std::string value;
    bool json;
    std::string error_contains;
  };
  std::vector<Bad> bad = {
      {"garbage", std::string("\xff\xfe\x00\x01garbage", 11), false, ""},
      {"invalid-json", R"({"declaration": {"mrn": "25NL)", true, ""},
      {"oversized", std::string((1 << 20) + 512 * 1024, 'x'), false, "limit"},
      // Refused by the engine: there is no such declaration to release.
      {"refused",
       R"({"disposition": {"mrn": "25NL000000000000Z9", "version": 1, "action": "RELEASE",
           "officerId": "NL-OFF-7"}})",
       true, ""},
  };
  std::map<std::string, Produced> produced_at;
  for (const Bad& record : bad) {
    produced_at[record.name] =
        producer_->Send(topics_.declarations, record.name, record.value, record.json);
    ASSERT_GE(produced_at[record.name].offset, 0) << record.name;
  }
  // The stream goes on: a good declaration after the bad ones is decided.
  producer_->Send(topics_.declarations, "NL123456789", DeclarationJson("25NL4A7B9C2D1E3F5G", 5),
                  /*json=*/true);

  auto dead = ReadUntil(brokers(), topics_.deadletter,
                        [&](const auto& records) { return records.size() >= bad.size(); });
  ASSERT_EQ(dead.size(), bad.size());
  std::map<std::string, const TopicRecord*> by_key;
  for (const TopicRecord& record : dead) {
    ASSERT_TRUE(record.key.has_value());
    by_key[*record.key] = &record;
  }
  for (const Bad& record : bad) {
    SCOPED_TRACE(record.name);
    ASSERT_TRUE(by_key.contains(record.name));
    const TopicRecord& letter = *by_key[record.name];
    EXPECT_EQ(letter.value, record.value);
    std::optional<std::string> error = letter.Header("gk-error");
    ASSERT_TRUE(error.has_value());
    EXPECT_FALSE(error->empty());
    EXPECT_NE(error->find(record.error_contains), std::string::npos) << *error;
    EXPECT_EQ(letter.Header("gk-source-topic"), topics_.declarations);
    EXPECT_EQ(letter.Header("gk-source-partition"),
              absl::StrCat(produced_at[record.name].partition));
    EXPECT_EQ(letter.Header("gk-source-offset"), absl::StrCat(produced_at[record.name].offset));
  }

  auto decisions =
      ReadUntil(brokers(), topics_.decisions, [](const auto& records) { return !records.empty(); });
  std::map<std::string, v1::Decision> latest = LatestDecisions(decisions);
  ASSERT_TRUE(latest.contains("25NL4A7B9C2D1E3F5G"));
  EXPECT_EQ(latest["25NL4A7B9C2D1E3F5G"].status(), v1::CLEARED);

  DaemonMetrics metrics = StopDaemon();
  EXPECT_EQ(metrics.dead_letters_undecodable, 2u);
  EXPECT_EQ(metrics.dead_letters_oversized, 1u);
  EXPECT_EQ(metrics.dead_letters_refused, 1u);
}

TEST_F(KafkaDoorTest, MalformedDeclarationIsARejectedDecisionNotADeadLetter) {
  StartDaemon();
  producer_->Send(topics_.declarations, "NL123456789", DeclarationJson("not-an-mrn", 5),
                  /*json=*/true);
  producer_->Send(topics_.declarations, "NL123456789", DeclarationJson("25NL4A7B9C2D1E3F5G", 5),
                  /*json=*/true);
  auto decisions = ReadUntil(brokers(), topics_.decisions,
                             [](const auto& records) { return records.size() >= 2; });
  std::map<std::string, v1::Decision> latest = LatestDecisions(decisions);
  ASSERT_TRUE(latest.contains("not-an-mrn"));
  EXPECT_EQ(latest["not-an-mrn"].status(), v1::REJECTED);
  EXPECT_EQ(latest["not-an-mrn"].outcome(), v1::REJECT);
  EXPECT_NE(latest["not-an-mrn"].error().find("mrn"), std::string::npos)
      << latest["not-an-mrn"].error();
  DaemonMetrics metrics = StopDaemon();
  EXPECT_EQ(metrics.dead_letters(), 0u);
}

TEST_F(KafkaDoorTest, RestartResumesWhereTheStoreLeftOff) {
  StartDaemon();
  producer_->Send(topics_.licensing, "NL123456789", kLicenceJson,
                  /*json=*/true);
  WaitUntilLicensingApplied();
  for (int i = 0; i < 5; ++i) {
    producer_->Send(topics_.declarations, "NL123456789",
                    DeclarationJson(absl::StrCat("25NL4A7B9C2D1E3F", i, "A"), 1),
                    /*json=*/true);
  }
  ReadUntil(brokers(), topics_.decisions,
            [](const auto& records) { return LatestDecisions(records).size() >= 5; });
  StopDaemon();

  // Records published while the daemon is down are applied after the restart,
  // and the five already applied are not applied again (no second decision, no
  // second write-off).
  for (int i = 5; i < 10; ++i) {
    producer_->Send(topics_.declarations, "NL123456789",
                    DeclarationJson(absl::StrCat("25NL4A7B9C2D1E3F", i, "A"), 1),
                    /*json=*/true);
  }
  StartDaemon();
  auto decisions = ReadUntil(brokers(), topics_.decisions, [](const auto& records) {
    return LatestDecisions(records).size() >= 10;
  });
  EXPECT_EQ(LatestDecisions(decisions).size(), 10u);
  std::map<uint64_t, std::string> by_sequence;
  for (const TopicRecord& record : decisions) {
    absl::StatusOr<v1::Decision> decision = loadgen::DecodeDecisionRecord(record);
    ASSERT_TRUE(decision.ok());
    auto [it, inserted] = by_sequence.emplace(decision->sequence(), decision->mrn());
    if (!inserted) {
      EXPECT_EQ(it->second, decision->mrn());
    }
  }
  EXPECT_EQ(by_sequence.size(), 10u);
  DaemonMetrics metrics = StopDaemon();
  EXPECT_EQ(metrics.records_consumed, 5u);

  auto store = storage::Store::Open({.data_dir = data_dir_, .sync = false});
  ASSERT_TRUE(store.ok()) << store.status();
  auto licence = (*store)->GetLicenceView("NL-DU-2025-000123");
  ASSERT_TRUE(licence.ok()) << licence.status();
  ASSERT_EQ(licence->balances_size(), 1);
  EXPECT_EQ(licence->balances(0).consumed().amount(), "10");
  EXPECT_TRUE((*store)->Verify().ok());
}

TEST_F(KafkaDoorTest, BackPressurePausesInputAndStillDeliversEverything) {
  // Everything is published before the daemon starts, so that its first batches
  // hold far more outputs than the backlog allows.
  producer_->Send(topics_.licensing, "NL123456789", kLicenceJson,
                  /*json=*/true);
  constexpr int kDeclarations = 60;
  for (int i = 0; i < kDeclarations; ++i) {
    producer_->Queue(topics_.declarations, "NL123456789",
                     Binary(DeclarationJson(absl::StrCat("25NL4A7B9C2D1E", 100 + i, "A"), 1)),
                     /*json=*/false);
  }
  producer_->Flush();
  StartDaemon(OutputFormat::kProtobuf, /*outbox_max_backlog=*/4);
  auto decisions = ReadUntil(brokers(), topics_.decisions, [](const auto& records) {
    return LatestDecisions(records).size() >= kDeclarations;
  });
  EXPECT_EQ(LatestDecisions(decisions).size(), static_cast<size_t>(kDeclarations));
  DaemonMetrics metrics = StopDaemon();
  EXPECT_GE(metrics.pauses, 1u);
  EXPECT_EQ(metrics.backlog, 0u);
}

// The consignee of DeclarationJson, listed: every declaration to it is held.
constexpr char kListedConsigneeJson[] = R"json({"party": {"partyId": "OFAC-9001",
  "names": ["Shenzhen Optics Co., Ltd."], "country": "CN", "source": "OFAC-SDN"}})json";

// A licence the attacker made up, covering the declaration's goods many times over.
constexpr char kForgedLicenceJson[] = R"json({"licence": {
  "licenceId": "NL-DU-2025-666666", "type": "INDIVIDUAL", "status": "ACTIVE",
  "holderEori": "NL123456789", "issuedBy": "NL-CDIU",
  "validFrom": "2025-01-01", "validUntil": "2026-12-31", "destinations": ["CN"],
  "lines": [{"lineNo": 1, "controlCode": "6A002", "cnCode": "854149",
             "quantity": {"amount": "100000", "unit": "NAR"}}]}})json";

// Dead letters by key, once at least `count` arrived.
std::map<std::string, TopicRecord> DeadLettersByKey(const std::string& brokers,
                                                    const std::string& topic, size_t count) {
  std::map<std::string, TopicRecord> by_key;
  for (TopicRecord& record :
       ReadUntil(brokers, topic, [&](const auto& records) { return records.size() >= count; })) {
    by_key[record.key.value_or("")] = std::move(record);
  }
  return by_key;
}

// Issue 15, item 1: the topic is the sender's role. Authority events on the customs topic
// and customs events on the authority topic are dead letters that name the rule, and
// change nothing.
TEST_F(KafkaDoorTest, EachInputTopicAdmitsOnlyItsSendersEvents) {
  StartDaemon();
  producer_->Send(topics_.licensing, "OFAC-9001", kListedConsigneeJson, /*json=*/true);
  WaitUntilLicensingApplied();

  // The attack: lift the listing and forge a licence through the customs topic, then
  // declare against the forged licence (same key, so the same partition, in this order).
  producer_->Send(topics_.declarations, "forged-removal",
                  R"json({"partyRemoval": {"partyId": "OFAC-9001"}})json", /*json=*/true);
  producer_->Send(topics_.declarations, "forged-licence", kForgedLicenceJson, /*json=*/true);
  // A customs event on the authority topic.
  producer_->Send(topics_.licensing, "misrouted-declaration",
                  DeclarationJson("25NL4A7B9C2D1E3F7J", 1), /*json=*/true);
  // The stream goes on after them.
  producer_->Send(topics_.declarations, "NL123456789",
                  DeclarationJson("25NL4A7B9C2D1E3F5G", 40, "NL-DU-2025-666666"),
                  /*json=*/true);

  std::map<std::string, TopicRecord> dead = DeadLettersByKey(brokers(), topics_.deadletter, 3);
  ASSERT_EQ(dead.size(), 3u);
  EXPECT_EQ(dead["forged-removal"].Header("gk-error"),
            "a partyRemoval event is admitted only on gatekeeper.licensing (licence "
            "authority), not on gatekeeper.declarations (customs)");
  EXPECT_EQ(dead["forged-licence"].Header("gk-error"),
            "a licence event is admitted only on gatekeeper.licensing (licence authority), "
            "not on gatekeeper.declarations (customs)");
  EXPECT_EQ(dead["misrouted-declaration"].Header("gk-error"),
            "a declaration event is admitted only on gatekeeper.declarations (customs), not "
            "on gatekeeper.licensing (licence authority)");
  EXPECT_EQ(dead["forged-licence"].value, kForgedLicenceJson);
  EXPECT_EQ(dead["misrouted-declaration"].Header("gk-source-topic"), topics_.licensing);

  auto decisions =
      ReadUntil(brokers(), topics_.decisions, [](const auto& records) { return !records.empty(); });
  std::map<std::string, v1::Decision> latest = LatestDecisions(decisions);
  ASSERT_TRUE(latest.contains("25NL4A7B9C2D1E3F5G"));
  const v1::Decision& declared = latest["25NL4A7B9C2D1E3F5G"];
  // Still a listed party, and the forged licence does not exist.
  EXPECT_EQ(declared.status(), v1::HELD) << declared.DebugString();
  EXPECT_TRUE(HasReason(declared, v1::DENIED_PARTY)) << declared.DebugString();
  EXPECT_TRUE(HasReason(declared, v1::LICENCE_NOT_FOUND)) << declared.DebugString();
  // The misrouted declaration was not decided.
  EXPECT_FALSE(latest.contains("25NL4A7B9C2D1E3F7J"));

  DaemonMetrics metrics = StopDaemon();
  EXPECT_EQ(metrics.dead_letters_not_admitted, 3u);
  EXPECT_EQ(metrics.dead_letters(), 3u);
  auto store = storage::Store::Open({.data_dir = data_dir_, .sync = false});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE(absl::IsNotFound((*store)->GetLicenceView("NL-DU-2025-666666").status()));
  EXPECT_TRUE(absl::IsNotFound((*store)->GetDecision("25NL4A7B9C2D1E3F7J").status()));
}

constexpr char kReleaseJson[] = R"json({"disposition": {"mrn": "25NL4A7B9C2D1E3F5G",
  "version": 1, "action": "RELEASE", "officerId": "NL-OFF-7", "note": "checked"}})json";

// Officers' dispositions relayed by the customs system on the declarations topic are
// admitted by default (docs/STREAMING.md), and on the licensing topic never.
TEST_F(KafkaDoorTest, DispositionsAreAdmittedOnTheDeclarationsTopicByDefault) {
  StartDaemon();
  producer_->Send(topics_.licensing, "OFAC-9001", kListedConsigneeJson, /*json=*/true);
  WaitUntilLicensingApplied();
  producer_->Send(topics_.declarations, "NL123456789", DeclarationJson("25NL4A7B9C2D1E3F5G", 1),
                  /*json=*/true);
  producer_->Send(topics_.licensing, "misrouted-release", kReleaseJson, /*json=*/true);
  producer_->Send(topics_.declarations, "NL123456789", kReleaseJson, /*json=*/true);

  auto decisions = ReadUntil(brokers(), topics_.decisions, [](const auto& records) {
    return LatestDecisions(records)["25NL4A7B9C2D1E3F5G"].status() == v1::RELEASED;
  });
  EXPECT_EQ(LatestDecisions(decisions)["25NL4A7B9C2D1E3F5G"].status(), v1::RELEASED);
  std::map<std::string, TopicRecord> dead = DeadLettersByKey(brokers(), topics_.deadletter, 1);
  EXPECT_EQ(dead["misrouted-release"].Header("gk-error"),
            "a disposition event is admitted only on gatekeeper.declarations (customs), not "
            "on gatekeeper.licensing (licence authority)");
  EXPECT_EQ(StopDaemon().dead_letters_not_admitted, 1u);
}

// With --kafka-dispositions=false (officers use only the gRPC OfficerService), a
// disposition on Kafka is a dead letter and the declaration stays held.
TEST_F(KafkaDoorTest, DispositionsCanBeRefusedOnKafka) {
  StartDaemonWith([](StreamProcessorOptions& options) { options.kafka_dispositions = false; });
  producer_->Send(topics_.licensing, "OFAC-9001", kListedConsigneeJson, /*json=*/true);
  WaitUntilLicensingApplied();
  producer_->Send(topics_.declarations, "NL123456789", DeclarationJson("25NL4A7B9C2D1E3F5G", 1),
                  /*json=*/true);
  producer_->Send(topics_.declarations, "release", kReleaseJson, /*json=*/true);
  producer_->Send(topics_.declarations, "NL123456789", DeclarationJson("25NL4A7B9C2D1E3F6H", 1),
                  /*json=*/true);

  std::map<std::string, TopicRecord> dead = DeadLettersByKey(brokers(), topics_.deadletter, 1);
  EXPECT_EQ(dead["release"].Header("gk-error"),
            "a disposition event is not admitted on Kafka (gatekeeperd runs with "
            "--kafka-dispositions=false): officers dispose through OfficerService.Dispose");
  auto decisions = ReadUntil(brokers(), topics_.decisions,
                             [](const auto& records) { return records.size() >= 2; });
  std::map<std::string, v1::Decision> latest = LatestDecisions(decisions);
  EXPECT_EQ(latest["25NL4A7B9C2D1E3F5G"].status(), v1::HELD);
  EXPECT_EQ(latest["25NL4A7B9C2D1E3F6H"].status(), v1::HELD);
  EXPECT_EQ(StopDaemon().dead_letters_not_admitted, 1u);
}

}  // namespace
}  // namespace gatekeeper::daemon
