// JsonLineBytesBound: the bound the engine's final size check relies on to print JSON only
// for decisions that could exceed the limit. It must hold for every message ToJsonLine
// prints, including the worst cases: strings JSON escapes six-fold and messages made of
// fields at their default, which the binary encoding leaves out.
#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "gatekeeper/v1/decision.pb.h"
#include "gatekeeper/v1/event.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "gtest/gtest.h"
#include "services/codec/event_codec.h"

namespace gatekeeper {
namespace {

namespace pb = google::protobuf;

// The messages in `message` as JsonLineBytesBound counts them: itself and every nested
// message that is set, each element of a repeated field once.
size_t CountMessages(const pb::Message& message) {
  size_t count = 1;
  const pb::Reflection* reflection = message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        count += CountMessages(reflection->GetRepeatedMessage(message, field, i));
      }
    } else {
      count += CountMessages(reflection->GetMessage(message, field));
    }
  }
  return count;
}

void ExpectBoundHolds(const pb::Message& message) {
  const size_t json_bytes = ToJsonLine(message).size();
  const size_t bound = JsonLineBytesBound(message.ByteSizeLong(), CountMessages(message));
  EXPECT_LE(json_bytes, bound) << message.GetTypeName();
}

// Every message of package gatekeeper.v1 in the files the Event and the Decision use.
std::vector<const pb::Descriptor*> V1Messages() {
  std::vector<const pb::FileDescriptor*> files = {v1::Event::descriptor()->file(),
                                                  v1::Decision::descriptor()->file()};
  for (size_t next = 0; next < files.size(); ++next) {
    for (int i = 0; i < files[next]->dependency_count(); ++i) {
      const pb::FileDescriptor* dependency = files[next]->dependency(i);
      if (std::find(files.begin(), files.end(), dependency) == files.end()) {
        files.push_back(dependency);
      }
    }
  }
  std::vector<const pb::Descriptor*> messages;
  for (const pb::FileDescriptor* file : files) {
    if (file->package() != "gatekeeper.v1") continue;
    for (int i = 0; i < file->message_type_count(); ++i) messages.push_back(file->message_type(i));
  }
  return messages;
}

TEST(JsonLineBoundTest, EveryV1MessageAtItsDefaultFitsThePerMessageCost) {
  // A message's fixed cost: its fields printed at their default, its braces, a comma and
  // the longest key that can name it in a parent.
  const std::vector<const pb::Descriptor*> messages = V1Messages();
  ASSERT_GE(messages.size(), 15u);
  size_t longest_key_bytes = 0;
  for (const pb::Descriptor* type : messages) {
    for (int i = 0; i < type->field_count(); ++i) {
      longest_key_bytes = std::max(longest_key_bytes, type->field(i)->json_name().size() + 3);
    }
  }
  for (const pb::Descriptor* type : messages) {
    const pb::Message* prototype = pb::MessageFactory::generated_factory()->GetPrototype(type);
    ASSERT_NE(prototype, nullptr);
    EXPECT_LE(ToJsonLine(*prototype).size() + 1 + longest_key_bytes, kJsonBytesPerMessageMax)
        << type->full_name();
  }
}

TEST(JsonLineBoundTest, HoldsForStringsJsonEscapesSixFold) {
  v1::Reason reason;
  reason.set_detail(std::string(100000, '<'));
  ExpectBoundHolds(reason);
  // Six is what the printer really does: the bound is tight for such strings.
  EXPECT_GE(ToJsonLine(reason).size(), 6 * 100000u);
  std::string controls;
  for (int i = 0; i < 100000; ++i) controls.push_back(static_cast<char>(1 + i % 31));
  reason.set_detail(controls);
  ExpectBoundHolds(reason);
}

TEST(JsonLineBoundTest, HoldsForMessagesOfDefaultFields) {
  // 999 items, each with an empty reason and an empty attribution: almost nothing in binary.
  v1::Decision decision;
  for (int i = 0; i < 999; ++i) {
    v1::ItemDecision* item = decision.add_items();
    item->add_reasons();
    item->add_attributions()->mutable_quantity();
  }
  decision.mutable_disposition();
  ExpectBoundHolds(decision);
}

// Random decisions and usage records whose strings mix every byte class the printer treats
// differently (ASCII, escaped ASCII, C1 controls, U+2028, four-byte characters).
std::string RandomText(std::mt19937& random) {
  static const char* const kPieces[] = {"a",
                                        "<",
                                        ">",
                                        "\x01",
                                        "\x7f",
                                        "\"",
                                        "\\",
                                        "\xc2\x80",
                                        "\xc3\xa9",
                                        "\xe2\x80\xa8",
                                        "\xf0\x9f\x98\x80",
                                        " "};
  std::string text;
  const int length = static_cast<int>(random() % 40);
  for (int i = 0; i < length; ++i) text += kPieces[random() % std::size(kPieces)];
  return text;
}

TEST(JsonLineBoundTest, HoldsForRandomDecisions) {
  std::mt19937 random(15);
  for (int round = 0; round < 300; ++round) {
    v1::Decision decision;
    decision.set_mrn(RandomText(random));
    decision.set_version(random());
    decision.set_sequence((uint64_t{random()} << 32) | random());
    decision.set_status(static_cast<v1::DeclarationStatus>(random() % 7));
    decision.set_error(RandomText(random));
    const int items = static_cast<int>(random() % 20);
    for (int i = 0; i < items; ++i) {
      v1::ItemDecision* item = decision.add_items();
      item->set_item_no(static_cast<int32_t>(random()));
      item->set_outcome(static_cast<v1::Outcome>(random() % 4));
      for (int r = static_cast<int>(random() % 5); r > 0; --r) {
        v1::Reason* reason = item->add_reasons();
        reason->set_code(static_cast<v1::ReasonCode>(random() % 22));
        reason->set_licence_id(RandomText(random));
        reason->set_detail(RandomText(random));
        if (random() % 2 == 0) reason->set_score(static_cast<double>(random()) / 3e9);
      }
      for (int a = static_cast<int>(random() % 3); a > 0; --a) {
        v1::Attribution* attribution = item->add_attributions();
        attribution->set_line_no(static_cast<int32_t>(random()));
        attribution->mutable_quantity()->set_amount(RandomText(random));
      }
    }
    if (random() % 3 == 0) decision.mutable_disposition()->set_note(RandomText(random));
    ExpectBoundHolds(decision);
    v1::UsageRecord usage;
    usage.set_licence_id(RandomText(random));
    usage.set_line_no(-static_cast<int32_t>(random() % 1000));
    ExpectBoundHolds(usage);
  }
}

}  // namespace
}  // namespace gatekeeper
