// `gkctl parties import` on the real lists, in process: one party event per entry, a
// malformed file prints nothing, and a re-import against the previous output is a delta
// (new and changed parties replaced, parties gone from the file removed, other lists'
// parties untouched).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gatekeeper/v1/event.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/screening/list_files.h"
#include "tools/screening/parties_command.h"

namespace gatekeeper::screening {
namespace {

using ::gatekeeper::testing::ListPath;
using ::gatekeeper::testing::ReadWholeFile;
using ::gatekeeper::testing::WriteWholeFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

struct PartiesRun {
  int status = -1;
  std::string out;
  std::string err;
};

PartiesRun Parties(const std::vector<std::string>& args) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  PartiesRun run;
  run.status = RunParties(args, in, out, err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::vector<v1::Event> Events(const std::string& out) {
  std::vector<v1::Event> events;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    v1::Event event;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &event).ok())
        << line;
    events.push_back(std::move(event));
  }
  return events;
}

std::string Describe(const v1::Event& event) {
  if (event.has_party()) return "put " + event.party().party_id();
  if (event.has_party_removal()) return "remove " + event.party_removal().party_id();
  return "other";
}

class PartiesImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("parties_import_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
};

TEST_F(PartiesImportTest, ImportPrintsOnePartyEventPerEntry) {
  const PartiesRun ofac = Parties(
      {"import", "--format", "ofac-sdn", ListPath("ofac-sdn.csv"), ListPath("ofac-alt.csv")});
  ASSERT_EQ(ofac.status, kPartiesExitOk) << ofac.err;
  const std::vector<v1::Event> ofac_events = Events(ofac.out);
  ASSERT_THAT(ofac_events, SizeIs(8976));
  for (const v1::Event& event : ofac_events) ASSERT_TRUE(event.has_party());
  EXPECT_THAT(ofac.err, HasSubstr("8976 parties read, 8976 new or changed, 0 removed"));

  const PartiesRun un = Parties({"import", "--format", "un-xml", ListPath("un-consolidated.xml")});
  ASSERT_EQ(un.status, kPartiesExitOk) << un.err;
  EXPECT_THAT(Events(un.out), SizeIs(1003));
}

TEST_F(PartiesImportTest, MalformedListPrintsNothingAndSaysWhere) {
  const std::string sdn = ReadWholeFile(ListPath("ofac-sdn.csv"));
  WriteWholeFile(Path("sdn.csv"), absl::StrReplaceAll(sdn, {{"32391,\"DJIBO, Ousmane Illiassou\",",
                                                             "32391,\"DJIBO, Ousmane Illiassou"}}));
  const PartiesRun run =
      Parties({"import", "--format", "ofac-sdn", Path("sdn.csv"), ListPath("ofac-alt.csv")});
  EXPECT_EQ(run.status, kPartiesExitFailure);
  EXPECT_THAT(run.out, IsEmpty());
  EXPECT_THAT(run.err, HasSubstr("sdn.csv:"));

  const std::string xml = ReadWholeFile(ListPath("un-consolidated.xml"));
  WriteWholeFile(Path("un.xml"), xml.substr(0, xml.size() - 100));
  const PartiesRun un = Parties({"import", "--format", "un-xml", Path("un.xml")});
  EXPECT_EQ(un.status, kPartiesExitFailure);
  EXPECT_THAT(un.out, IsEmpty());
  EXPECT_THAT(un.err, HasSubstr("un.xml:"));
}

TEST_F(PartiesImportTest, UsageErrors) {
  EXPECT_EQ(Parties({"import", ListPath("ofac-sdn.csv")}).status, kPartiesExitUsage);
  EXPECT_EQ(Parties({"import", "--format", "un-xml"}).status, kPartiesExitUsage);
  EXPECT_EQ(Parties({"import", "--format", "ofac-sdn", "--previous", "a", "--data-dir", "b",
                     ListPath("ofac-sdn.csv")})
                .status,
            kPartiesExitUsage);
}

// The newer file: entry 36 delisted (with its alias), entry 306 renamed, entry 99999 new.
void WriteNewerOfacFiles(const std::string& sdn_path, const std::string& alt_path) {
  std::string sdn = ReadWholeFile(ListPath("ofac-sdn.csv"));
  std::string alt = ReadWholeFile(ListPath("ofac-alt.csv"));
  sdn = absl::StrReplaceAll(
      sdn, {{"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
             "-0- \r\n",
             ""},
            {"306,\"BANCO NACIONAL DE CUBA\"", "306,\"BANCO NACIONAL DE CUBA S.A.\""}});
  alt = absl::StrReplaceAll(alt, {{"36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n", ""}});
  const size_t end = sdn.rfind('\x1a');
  sdn.insert(end == std::string::npos ? sdn.size() : end,
             "99999,\"NEW LISTED TRADING FZE\",-0- ,\"IRAN\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
             "-0- \r\n");
  WriteWholeFile(sdn_path, sdn);
  WriteWholeFile(alt_path, alt);
}

TEST_F(PartiesImportTest, ReimportAgainstThePreviousOutputIsADelta) {
  const PartiesRun first = Parties(
      {"import", "--format", "ofac-sdn", ListPath("ofac-sdn.csv"), ListPath("ofac-alt.csv")});
  ASSERT_EQ(first.status, kPartiesExitOk);
  const PartiesRun un = Parties({"import", "--format", "un-xml", ListPath("un-consolidated.xml")});
  ASSERT_EQ(un.status, kPartiesExitOk);
  // The previous state holds both lists: the OFAC re-import must not remove UN parties.
  WriteWholeFile(Path("previous.jsonl"), first.out + un.out);

  WriteNewerOfacFiles(Path("sdn.csv"), Path("alt.csv"));
  const PartiesRun delta = Parties({"import", "--format", "ofac-sdn", "--previous",
                                    Path("previous.jsonl"), Path("sdn.csv"), Path("alt.csv")});
  ASSERT_EQ(delta.status, kPartiesExitOk) << delta.err;
  const std::vector<v1::Event> events = Events(delta.out);
  std::vector<std::string> described;
  for (const v1::Event& event : events) described.push_back(Describe(event));
  EXPECT_THAT(described, ElementsAre("put OFAC-306", "put OFAC-99999", "remove OFAC-36"));
  ASSERT_THAT(events, SizeIs(3));
  EXPECT_EQ(events[0].party().names(0), "BANCO NACIONAL DE CUBA S.A.");
  EXPECT_EQ(events[1].party().names(0), "NEW LISTED TRADING FZE");
  EXPECT_THAT(delta.err, HasSubstr("8976 parties read, 2 new or changed, 1 removed"));

  // Applying the delta to the previous state gives exactly the new file's import.
  WriteWholeFile(Path("after.jsonl"), first.out + delta.out);
  const PartiesRun fresh =
      Parties({"import", "--format", "ofac-sdn", Path("sdn.csv"), Path("alt.csv")});
  WriteWholeFile(Path("fresh.jsonl"), fresh.out);
  const PartiesRun after = Parties({"list", Path("after.jsonl")});
  const PartiesRun expected = Parties({"list", Path("fresh.jsonl")});
  ASSERT_EQ(after.status, kPartiesExitOk);
  EXPECT_EQ(after.out, expected.out);

  // Importing the same file again changes nothing.
  const PartiesRun again = Parties({"import", "--format", "ofac-sdn", "--previous",
                                    Path("after.jsonl"), Path("sdn.csv"), Path("alt.csv")});
  ASSERT_EQ(again.status, kPartiesExitOk);
  EXPECT_THAT(again.out, IsEmpty());
}

TEST_F(PartiesImportTest, ScreenExplainsTheHit) {
  const PartiesRun un = Parties({"import", "--format", "un-xml", ListPath("un-consolidated.xml")});
  WriteWholeFile(Path("un.jsonl"), un.out);
  const PartiesRun screen =
      Parties({"screen", "--name", "Umarov Doku Hamatovich", Path("un.jsonl")});
  ASSERT_EQ(screen.status, kPartiesExitOk) << screen.err;
  EXPECT_THAT(screen.out, HasSubstr("\"partyId\":\"UN-2960872\""));
  EXPECT_THAT(screen.out, HasSubstr("\"declaredName\":\"Umarov Doku Hamatovich\""));
  const PartiesRun by_id = Parties({"screen", "--id", "96 03 464086", Path("un.jsonl")});
  EXPECT_THAT(by_id.out, HasSubstr("\"score\":1.0000,\"byIdentifier\":true"));
}

}  // namespace
}  // namespace gatekeeper::screening
