// Issue 15 item 2: no single declaration can produce a decision too large for Kafka's
// message.max.bytes or gRPC's 4 MiB. Input bounds (items, documents, reference length) reject
// what is plainly too large; the final size check rejects what the input bounds let through;
// reasons per item are bounded without hiding a kind of problem; an amendment that does not
// fit is refused and its previous version keeps what it holds.
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/codec/event_codec.h"
#include "services/engine/declaration_limits.h"
#include "tests/engine/engine_harness.h"

namespace gatekeeper::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Le;

constexpr char kMrn[] = "25NL4A7B9C2D1E3F5G";

// The licence a few items write off from, to show that a rejection writes nothing off.
constexpr char kLicence[] = R"({"licence": {"licenceId": "NL-DU-2025-000123",
  "type": "INDIVIDUAL", "holderEori": "NL123456789", "destinations": ["CN"],
  "lines": [{"lineNo": 1, "cnCode": "854149", "quantity": {"amount": "1000", "unit": "NAR"}}]}})";

// A declaration of `items` goods items; item i (0-based) carries documents_on_item(i) X060
// documents with `reference`, an unknown licence unless it is kLicence's.
template <typename DocumentsOnItem>
v1::Event Declaration(int items, DocumentsOnItem documents_on_item, const std::string& reference,
                      uint32_t version = 1) {
  v1::Event event;
  v1::Declaration* d = event.mutable_declaration();
  d->set_mrn(kMrn);
  d->set_version(version);
  d->set_lodged_at("2025-06-02T08:15:00Z");
  d->mutable_exporter()->set_eori("NL123456789");
  d->mutable_consignee()->set_name("Shenzhen Optics Co., Ltd.");
  d->mutable_consignee()->set_country("CN");
  d->set_destination_country("CN");
  d->set_office_of_export("NL000396");
  for (int i = 0; i < items; ++i) {
    v1::GoodsItem* item = d->add_items();
    item->set_item_no(i + 1);
    item->set_cn_code("85414900");
    item->mutable_quantity()->set_amount("1");
    item->mutable_quantity()->set_unit("NAR");
    item->set_value_eur("10.00");
    for (int j = 0; j < documents_on_item(i); ++j) {
      v1::Document* document = item->add_documents();
      document->set_code("X060");
      document->set_reference(reference);
    }
  }
  return event;
}

v1::Event Uniform(int items, int documents_per_item, const std::string& reference) {
  return Declaration(
      items, [=](int) { return documents_per_item; }, reference);
}

// 3,000 documents on 999 items: 99 on the first (the per-item bound), the rest 2 or 3 each.
int AtEveryLimit(int i) {
  if (i == 0) return static_cast<int>(kDocumentsPerItemMax);
  const int rest = static_cast<int>(kDocumentsPerDeclarationMax - kDocumentsPerItemMax);
  const int others = static_cast<int>(kItemsPerDeclarationMax) - 1;
  return rest / others + ((i - 1) < rest % others ? 1 : 0);
}

// Encoded sizes as the doors publish a decision.
size_t BinaryBytes(const v1::Decision& decision) { return decision.SerializeAsString().size(); }
size_t JsonBytes(const v1::Decision& decision) { return ToJsonLine(decision).size(); }

// A REJECTED decision wrote nothing off: one output (the decision), no line changed.
void ExpectRejectedWithNothingWrittenOff(const LedgerEffects& effects) {
  ASSERT_EQ(effects.outputs.size(), 1u);
  ASSERT_TRUE(effects.outputs[0].has_decision());
  const v1::Decision& decision = effects.outputs[0].decision();
  EXPECT_EQ(decision.status(), v1::REJECTED);
  EXPECT_EQ(decision.outcome(), v1::REJECT);
  EXPECT_TRUE(decision.items().empty());
  EXPECT_TRUE(effects.line_puts.empty());
  EXPECT_THAT(BinaryBytes(decision), Le(kDeclarationDecisionBytesMax));
  EXPECT_THAT(JsonBytes(decision), Le(kDeclarationDecisionBytesMax));
}

TEST(DecisionSizeTest, IssueDeclarationIsRejectedNamingTheLimit) {
  // The issue's record: 999 items x 92 documents citing an unknown licence, 1,043,938 bytes,
  // so the codec (1 MiB) lets it through. Before the bounds its decision was HELD and
  // 4,327,644 bytes of protobuf (11,091,055 of JSON), which Kafka refused.
  const v1::Event event = Uniform(999, 92, "U");
  ASSERT_LE(event.ByteSizeLong(), kMaxEventBytes);
  ASSERT_TRUE(DecodeEventBinary(event.SerializeAsString()).ok());
  EngineHarness harness;
  absl::StatusOr<LedgerEffects> effects = harness.Apply(event);
  ASSERT_TRUE(effects.ok()) << effects.status();
  ExpectRejectedWithNothingWrittenOff(*effects);
  EXPECT_EQ(harness.LastDecision().error(),
            "items: 91,908 documents in all, the limit is 3,000 per declaration: split the "
            "declaration");
  // Kept, so that a resend is a duplicate rather than a second rejection.
  EXPECT_EQ(harness.DecisionOf(kMrn).status(), v1::REJECTED);
  EXPECT_TRUE(harness.Apply(event)->duplicate);
}

TEST(DecisionSizeTest, DeclarationAtEveryInputLimitIsDecided) {
  // 999 items, 3,000 documents (99 on item 1), every one an unknown licence whose reference
  // is as long as a licence id may be: one reason per document, the largest decision the
  // input bounds allow without help from the state. Item 1 also meets an embargo rule, so it
  // has exactly kReasonsPerItemMax reasons.
  EngineHarness harness;
  harness.MustApply(R"({"rule": {"ruleId": "CN-EMB", "kind": "EMBARGO", "destinations": ["CN"],
      "cnPrefixes": ["85414900"]}})");
  v1::Event event = Declaration(999, AtEveryLimit, std::string(kIdBytesMax, 'N'));
  // Only item 1 matches the rule.
  for (int i = 1; i < 999; ++i)
    event.mutable_declaration()->mutable_items(i)->set_cn_code("85414100");
  absl::StatusOr<LedgerEffects> effects = harness.Apply(event);
  ASSERT_TRUE(effects.ok()) << effects.status();
  const v1::Decision decision = harness.LastDecision();
  ASSERT_EQ(decision.status(), v1::HELD) << decision.error();
  ASSERT_EQ(decision.items_size(), 999);
  EXPECT_EQ(static_cast<size_t>(decision.items(0).reasons_size()), kReasonsPerItemMax);
  EXPECT_THAT(decision.items(0).reasons(99).detail(), EndsWith("is not known"));
  size_t reasons = 0;
  for (const v1::ItemDecision& item : decision.items()) reasons += item.reasons_size();
  EXPECT_EQ(reasons, kDocumentsPerDeclarationMax + 1);
  // Measured: 530,039 bytes of protobuf, 800,239 of JSON.
  EXPECT_THAT(BinaryBytes(decision), Le(kDeclarationDecisionBytesMax));
  EXPECT_THAT(JsonBytes(decision), Le(kDeclarationDecisionBytesMax));
  RecordProperty("binary_bytes", static_cast<int>(BinaryBytes(decision)));
  RecordProperty("json_bytes", static_cast<int>(JsonBytes(decision)));
}

struct OverCase {
  std::string name;
  v1::Event event;
  std::string error;
};

void PrintTo(const OverCase& over, std::ostream* out) { *out << over.name; }

class OneOverALimitTest : public ::testing::TestWithParam<OverCase> {};

TEST_P(OneOverALimitTest, IsRejectedNamingTheFieldTheCountAndTheLimit) {
  EngineHarness harness;
  absl::StatusOr<LedgerEffects> effects = harness.Apply(GetParam().event);
  ASSERT_TRUE(effects.ok()) << effects.status();
  ExpectRejectedWithNothingWrittenOff(*effects);
  EXPECT_EQ(harness.LastDecision().error(), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Limits, OneOverALimitTest,
    ::testing::Values(
        OverCase{"Items", Uniform(1000, 0, ""),
                 "items: 1,000 items, the limit is 999: split the declaration"},
        OverCase{"DocumentsOnAnItem",
                 Declaration(
                     3, [](int i) { return i == 2 ? 100 : 1; }, "NL-DU-2025-000123"),
                 "items[2].documents: 100 documents, the limit is 99 per item"},
        OverCase{"DocumentsInAll",
                 Declaration(
                     999, [](int i) { return AtEveryLimit(i) + (i == 1 ? 1 : 0); }, "U"),
                 "items: 3,001 documents in all, the limit is 3,000 per declaration: split the "
                 "declaration"},
        OverCase{"LicenceReference", Uniform(1, 1, std::string(kIdBytesMax + 1, 'N')),
                 "items[0].documents[0].reference: is 65 bytes; a licence number is at most "
                 "64"}),
    [](const ::testing::TestParamInfo<OverCase>& info) { return info.param.name; });

// Passes every input bound, and its protobuf fits, but every reference is 64 '<', which JSON
// prints as six bytes each: the JSON would be 2.6 MB. Items 1..10 instead carry one good
// licence document each, which would have reserved 10 NAR.
v1::Event TooLargeAsJson(uint32_t version) {
  v1::Event event = Declaration(
      999, [](int i) { return i < 10 ? 1 : 3; }, std::string(kIdBytesMax, '<'), version);
  for (int i = 0; i < 10; ++i) {
    v1::Document* good = event.mutable_declaration()->mutable_items(i)->mutable_documents(0);
    good->set_reference("NL-DU-2025-000123");
  }
  return event;
}

TEST(DecisionSizeTest, DecisionTooLargeAsJsonIsRejectedWithNothingWrittenOff) {
  EngineHarness harness;
  harness.MustApply(kLicence);
  const v1::Event event = TooLargeAsJson(1);
  ASSERT_TRUE(DecodeEventBinary(event.SerializeAsString()).ok());
  absl::StatusOr<LedgerEffects> effects = harness.Apply(event);
  ASSERT_TRUE(effects.ok()) << effects.status();
  ExpectRejectedWithNothingWrittenOff(*effects);
  RecordProperty("error", harness.LastDecision().error());
  EXPECT_THAT(harness.LastDecision().error(),
              ::testing::MatchesRegex("decision would be [0-9,]+ bytes as JSON, the limit is "
                                      "900,000: split the declaration \\(999 items, 2,967 "
                                      "reasons\\)"));
  EXPECT_EQ(harness.Line("NL-DU-2025-000123", 1).remaining_milli(), 1000 * 1000);
  EXPECT_EQ(harness.Line("NL-DU-2025-000123", 1).reserved_milli(), 0);
  EXPECT_TRUE(harness.LastUsage().empty());
  EXPECT_EQ(CheckLedgerInvariant(harness.state()), "");
}

TEST(DecisionSizeTest, DecisionTooLargeAsProtobufFromTheStateIsRejected) {
  // The declaration is small; the state makes the decision large: 150 embargo rules whose
  // legal basis is 3,000 bytes, each named in every item's reason. The reason bound keeps 100
  // per item, still about 310 KB an item.
  EngineHarness harness;
  const std::string basis(3000, 'b');
  for (int r = 0; r < 150; ++r) {
    harness.MustApply(absl::StrCat(R"({"rule": {"ruleId": "EMB-)", 1000 + r,
                                   R"(", "kind": "EMBARGO", "legalBasis": ")", basis,
                                   R"(", "destinations": ["CN"]}})"));
  }
  absl::StatusOr<LedgerEffects> effects = harness.Apply(Uniform(5, 0, ""));
  ASSERT_TRUE(effects.ok()) << effects.status();
  ExpectRejectedWithNothingWrittenOff(*effects);
  RecordProperty("error", harness.LastDecision().error());
  EXPECT_THAT(harness.LastDecision().error(),
              ::testing::MatchesRegex("decision would be [0-9,]+ bytes as binary protobuf, the "
                                      "limit is 900,000: split the declaration \\(5 items, 500 "
                                      "reasons\\)"));
  // Two items fit: the state does not make every declaration to CN undecidable.
  v1::Event smaller = Uniform(2, 0, "");
  smaller.mutable_declaration()->set_mrn("25NL4A7B9C2D1E3F5H");
  ASSERT_TRUE(harness.Apply(smaller).ok());
  EXPECT_EQ(harness.LastDecision().status(), v1::HELD);
}

TEST(DecisionSizeTest, AmendmentTooLargeIsRefusedAndThePreviousVersionKeepsItsWriteOff) {
  EngineHarness harness;
  harness.MustApply(kLicence);
  v1::Event first = Uniform(1, 1, "NL-DU-2025-000123");
  first.mutable_declaration()->mutable_items(0)->mutable_quantity()->set_amount("40");
  ASSERT_TRUE(harness.Apply(first).ok());
  ASSERT_EQ(harness.LastDecision().status(), v1::CLEARED);
  const size_t outputs_before = harness.state().outputs().size();

  absl::StatusOr<LedgerEffects> amended = harness.Apply(TooLargeAsJson(2));
  EXPECT_EQ(amended.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(amended.status().message(),
              HasSubstr("amendment to version 2 of 25NL4A7B9C2D1E3F5G refused, version 1 "
                        "stands: decision would be "));
  EXPECT_THAT(amended.status().message(), HasSubstr("bytes as JSON, the limit is 900,000"));
  EXPECT_EQ(harness.state().outputs().size(), outputs_before);
  const v1::Decision current = harness.DecisionOf(kMrn);
  EXPECT_EQ(current.version(), 1u);
  EXPECT_EQ(current.status(), v1::CLEARED);
  ASSERT_EQ(current.items(0).attributions_size(), 1);
  EXPECT_EQ(current.items(0).attributions(0).state(), v1::CONSUMED);
  EXPECT_EQ(harness.Line("NL-DU-2025-000123", 1).consumed_milli(), 40 * 1000);
  EXPECT_EQ(harness.Line("NL-DU-2025-000123", 1).remaining_milli(), 960 * 1000);

  // The sender can still amend with a declaration that fits.
  v1::Event second = first;
  second.mutable_declaration()->set_version(3);
  second.mutable_declaration()->mutable_items(0)->mutable_quantity()->set_amount("50");
  ASSERT_TRUE(harness.Apply(second).ok());
  EXPECT_EQ(harness.DecisionOf(kMrn).version(), 3u);
  EXPECT_EQ(harness.Line("NL-DU-2025-000123", 1).consumed_milli(), 50 * 1000);
  EXPECT_EQ(CheckLedgerInvariant(harness.state()), "");
}

TEST(DecisionSizeTest, ItemWithMoreReasonsThanTheLimitListsTheFirstAndCountsTheRest) {
  // 99 embargo rules and 2 diversion rules (reported in rule-id order) and 3 unknown
  // licences: 104 reasons. The first 100 are listed; the 100th says what the other 4 are.
  EngineHarness harness;
  for (int r = 0; r < 99; ++r) {
    harness.MustApply(absl::StrCat(R"({"rule": {"ruleId": "A-EMB-)", 100 + r,
                                   R"(", "kind": "EMBARGO", "destinations": ["CN"]}})"));
  }
  for (int r = 0; r < 2; ++r) {
    harness.MustApply(absl::StrCat(R"({"rule": {"ruleId": "B-DIV-)", r,
                                   R"(", "kind": "DIVERSION", "destinations": ["CN"]}})"));
  }
  ASSERT_TRUE(harness.Apply(Uniform(1, 3, "NL-UNKNOWN")).ok());
  const v1::Decision decision = harness.LastDecision();
  ASSERT_EQ(decision.status(), v1::HELD);
  const v1::ItemDecision& item = decision.items(0);
  EXPECT_EQ(item.outcome(), v1::HOLD);
  ASSERT_EQ(static_cast<size_t>(item.reasons_size()), kReasonsPerItemMax);
  EXPECT_EQ(item.reasons(98).code(), v1::EMBARGO_PROHIBITED);
  EXPECT_EQ(item.reasons(99).code(), v1::DIVERSION_RISK);
  EXPECT_EQ(item.reasons(99).rule_id(), "B-DIV-0");
  EXPECT_THAT(item.reasons(99).detail(),
              EndsWith("; 4 more reasons for this item are not listed (at most 100 are): 1 "
                       "DIVERSION_RISK, 3 LICENCE_NOT_FOUND"));
}

TEST(DecisionSizeTest, DispositionOfTheLargestDecisionStillFitsKafka) {
  // The largest held decision the input bounds allow, released with the longest officer id
  // and note the codec admits (4,096 bytes each), all characters JSON escapes six-fold.
  EngineHarness harness;
  ASSERT_TRUE(harness.Apply(Declaration(999, AtEveryLimit, std::string(kIdBytesMax, 'N'))).ok());
  ASSERT_EQ(harness.LastDecision().status(), v1::HELD);
  v1::Event release;
  v1::Disposition* disposition = release.mutable_disposition();
  disposition->set_mrn(kMrn);
  disposition->set_action(v1::RELEASE);
  disposition->set_officer_id(std::string(kMaxStringFieldBytes, '<'));
  disposition->set_note(std::string(kMaxStringFieldBytes, '\x01'));
  ASSERT_TRUE(DecodeEventBinary(release.SerializeAsString()).ok());
  ASSERT_TRUE(harness.Apply(release).ok());
  const v1::Decision released = harness.LastDecision();
  EXPECT_EQ(released.status(), v1::RELEASED);
  RecordProperty("binary_bytes", static_cast<int>(BinaryBytes(released)));
  RecordProperty("json_bytes", static_cast<int>(JsonBytes(released)));
  EXPECT_THAT(BinaryBytes(released), Le(kDecisionBytesMax));
  EXPECT_THAT(JsonBytes(released), Le(kDecisionBytesMax));
  EXPECT_LT(kDecisionBytesMax, 1000000u);
}

TEST(DecisionSizeTest, OversizedDispositionIsRefused) {
  EngineHarness harness;
  ASSERT_TRUE(harness.Apply(Uniform(1, 1, "NL-UNKNOWN")).ok());
  ASSERT_EQ(harness.LastDecision().status(), v1::HELD);
  v1::Event release;
  release.mutable_disposition()->set_mrn(kMrn);
  release.mutable_disposition()->set_action(v1::RELEASE);
  release.mutable_disposition()->set_officer_id("officer-1");
  release.mutable_disposition()->set_note(std::string(kDispositionBytesMax, 'n'));
  absl::StatusOr<LedgerEffects> effects = harness.Apply(release);
  EXPECT_EQ(effects.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(effects.status().message(), HasSubstr("the limit is 10,000: shorten the note"));
  EXPECT_EQ(harness.DecisionOf(kMrn).status(), v1::HELD);
}

}  // namespace
}  // namespace gatekeeper::testing
