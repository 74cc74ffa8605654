#include "services/codec/binary_event_file.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/codec/event_codec.h"

namespace gatekeeper {
namespace {

using ::testing::HasSubstr;

v1::Event PartyEvent(const std::string& id) {
  absl::StatusOr<v1::Event> event =
      DecodeEventJson(R"({"party": {"partyId": ")" + id +
                      R"(", "source": "OFAC-SDN", "names": ["ACME TRADING"]}})");
  EXPECT_TRUE(event.ok()) << event.status();
  return *event;
}

std::string FileOf(const std::vector<v1::Event>& events) {
  std::ostringstream out;
  WriteBinaryEventFileHeader(out);
  for (const v1::Event& event : events) EXPECT_TRUE(AppendBinaryEvent(out, event).ok());
  return out.str();
}

// Every record of `file` decoded; the status that ended the reading in *end.
std::vector<absl::StatusOr<v1::Event>> ReadAll(const std::string& file, absl::Status* end) {
  std::istringstream in(file);
  BinaryEventFileReader reader(&in);
  std::vector<absl::StatusOr<v1::Event>> events;
  *end = reader.ReadHeader();
  if (!end->ok()) return events;
  std::string bytes;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&bytes);
    if (!more.ok()) {
      *end = more.status();
      return events;
    }
    if (!*more) break;
    events.push_back(DecodeEventBinary(bytes));
  }
  EXPECT_EQ(reader.records(), events.size());
  return events;
}

TEST(BinaryEventFileTest, GivesBackTheEventsWrittenInTheirOrder) {
  const std::vector<v1::Event> written = {PartyEvent("P-1"), PartyEvent("P-2"), PartyEvent("P-3")};
  const std::string file = FileOf(written);
  EXPECT_TRUE(IsBinaryEventFileHead(file));
  absl::Status end;
  std::vector<absl::StatusOr<v1::Event>> read = ReadAll(file, &end);
  ASSERT_TRUE(end.ok()) << end;
  ASSERT_EQ(read.size(), 3u);
  for (size_t i = 0; i < read.size(); ++i) {
    ASSERT_TRUE(read[i].ok()) << read[i].status();
    EXPECT_EQ(read[i]->SerializeAsString(), written[i].SerializeAsString());
  }
}

TEST(BinaryEventFileTest, AJsonLinesFileIsNotTakenForOne) {
  const std::string json = R"({"party": {"partyId": "P-1"}})";
  EXPECT_FALSE(IsBinaryEventFileHead(json));
  absl::Status end;
  EXPECT_TRUE(ReadAll(json, &end).empty());
  EXPECT_EQ(end.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(end.message(), HasSubstr("not a binary event file"));
  ReadAll("", &end);
  EXPECT_EQ(end.code(), absl::StatusCode::kInvalidArgument);
}

TEST(BinaryEventFileTest, AFileCutShortKeepsTheRecordsBeforeTheCutAndNamesTheRecord) {
  const std::string file = FileOf({PartyEvent("P-1"), PartyEvent("P-2")});
  // Inside the second record's bytes, then inside its length.
  for (size_t cut : {file.size() - 3, file.size() - (file.size() - 8) / 2 + 2}) {
    absl::Status end;
    std::vector<absl::StatusOr<v1::Event>> read = ReadAll(file.substr(0, cut), &end);
    ASSERT_EQ(read.size(), 1u) << "cut at " << cut;
    EXPECT_TRUE(read[0].ok());
    EXPECT_EQ(end.code(), absl::StatusCode::kDataLoss) << end;
    EXPECT_THAT(end.message(), HasSubstr("record 2"));
  }
}

TEST(BinaryEventFileTest, ALengthOverTheEventLimitIsBrokenFraming) {
  std::string file(kBinaryEventFileMagic);
  file += std::string("\xff\xff\xff\x7f", 4);
  file += "whatever follows";
  absl::Status end;
  EXPECT_TRUE(ReadAll(file, &end).empty());
  EXPECT_EQ(end.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(end.message(), HasSubstr("over the limit"));
}

TEST(BinaryEventFileTest, AnUndecodableRecordIsRefusedAndTheNextOneStillReads) {
  std::string file(kBinaryEventFileMagic);
  file += std::string("\x03\x00\x00\x00", 4) + "\xff\xff\xff";
  std::ostringstream rest;
  ASSERT_TRUE(AppendBinaryEvent(rest, PartyEvent("P-9")).ok());
  file += rest.str();
  absl::Status end;
  std::vector<absl::StatusOr<v1::Event>> read = ReadAll(file, &end);
  ASSERT_TRUE(end.ok()) << end;
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(read[1].ok()) << read[1].status();
  EXPECT_EQ(read[1]->party().party_id(), "P-9");
}

TEST(BinaryEventFileTest, AnEventOverTheLimitIsNotWritten) {
  v1::Event event = PartyEvent("P-1");
  event.mutable_party()->add_names(std::string(kMaxEventBytes, 'A'));
  std::ostringstream out;
  absl::Status appended = AppendBinaryEvent(out, event);
  EXPECT_EQ(appended.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(out.str().empty());
}

}  // namespace
}  // namespace gatekeeper
