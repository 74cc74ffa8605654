#include "services/codec/event_stream_reader.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/codec/binary_event_file.h"
#include "services/codec/event_codec.h"

namespace gatekeeper {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// What a reader makes of `text`: "id@where" per event, "refused@where" per refusal, and
// "end" or "error: ..." last.
std::vector<std::string> Read(const std::string& text) {
  std::istringstream in(text);
  EventStreamReader reader(&in);
  std::vector<std::string> seen;
  while (true) {
    absl::StatusOr<std::optional<EventStreamReader::Item>> item = reader.Next();
    if (!item.ok()) {
      seen.push_back("error: " + std::string(item.status().message()));
      return seen;
    }
    if (!item->has_value()) break;
    const EventStreamReader::Item& got = **item;
    seen.push_back((got.event.ok() ? got.event->party_removal().party_id() : "refused") + "@" +
                   got.where);
  }
  seen.push_back("end");
  return seen;
}

std::string Removal(const std::string& id) {
  return R"({"partyRemoval": {"partyId": ")" + id + R"("}})";
}

TEST(EventStreamReaderTest, ReadsJsonLinesSkippingBlankOnesAndNamingEachLine) {
  EXPECT_THAT(Read(Removal("A") + "\n\n  \n" + Removal("B") + "\nnot json\n" + Removal("C")),
              ElementsAre("A@line 1", "B@line 4", "refused@line 5", "C@line 6", "end"));
}

TEST(EventStreamReaderTest, ShortAndEmptyJsonInputsAreReadAsLines) {
  EXPECT_THAT(Read(""), ElementsAre("end"));
  EXPECT_THAT(Read("{}"), ElementsAre("refused@line 1", "end"));
  EXPECT_THAT(Read("\n{}\n"), ElementsAre("refused@line 2", "end"));
  // A first line shorter than the binary magic, then a whole event.
  EXPECT_THAT(Read("x\n" + Removal("D") + "\n"), ElementsAre("refused@line 1", "D@line 2", "end"));
}

TEST(EventStreamReaderTest, ReadsABinaryEventFileWithTheSameEventsAsItsJsonForm) {
  std::ostringstream binary;
  WriteBinaryEventFileHeader(binary);
  for (const char* id : {"A", "B"}) {
    absl::StatusOr<v1::Event> event = DecodeEventJson(Removal(id));
    ASSERT_TRUE(event.ok());
    ASSERT_TRUE(AppendBinaryEvent(binary, *event).ok());
  }
  EXPECT_THAT(Read(binary.str()), ElementsAre("A@record 1", "B@record 2", "end"));
  // Cut inside the second record: the first still counts, then the framing error.
  std::vector<std::string> cut = Read(binary.str().substr(0, binary.str().size() - 2));
  ASSERT_EQ(cut.size(), 2u);
  EXPECT_EQ(cut[0], "A@record 1");
  EXPECT_THAT(cut[1], HasSubstr("record 2"));
}

}  // namespace
}  // namespace gatekeeper
