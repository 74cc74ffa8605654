// `gkctl parties import` against a store, with the real gkctl binary as a user runs it:
// import the real lists, replay the events into a data directory, re-import a newer file
// against that store (--data-dir) and replay the delta. A malformed file leaves the store as
// it was.
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/gkctl/gkctl_runner.h"
#include "tests/screening/list_files.h"

namespace gatekeeper::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// The "parties" line of `gkctl stats`.
long StoredPartyCount(const std::string& data_dir) {
  const GkctlResult stats = RunGkctl({"stats", "--data-dir", data_dir});
  EXPECT_EQ(stats.exit_status, 0) << stats.err;
  for (const std::string& line : stats.OutLines()) {
    std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (fields.size() == 2 && fields[0] == "parties") return std::stol(fields[1]);
  }
  ADD_FAILURE() << "no parties line in:\n" << stats.out;
  return -1;
}

GkctlResult ImportToFile(const std::vector<std::string>& args, const std::string& path) {
  GkctlResult result = RunGkctl(args);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << result.out;
  return result;
}

TEST(GkctlPartiesTest, ImportReplayAndReimportAgainstTheStore) {
  ScratchDir scratch;
  const std::string data_dir = (scratch / "data").string();
  const std::string ofac = (scratch / "ofac.jsonl").string();
  const std::string un = (scratch / "un.jsonl").string();

  // First import against an empty store: replay creates it.
  GkctlResult imported = ImportToFile({"parties", "import", "--format", "ofac-sdn",
                                       ListPath("ofac-sdn.csv"), ListPath("ofac-alt.csv")},
                                      ofac);
  ASSERT_EQ(imported.exit_status, 0) << imported.err;
  imported = ImportToFile(
      {"parties", "import", "--format", "un-xml", ListPath("un-consolidated.xml")}, un);
  ASSERT_EQ(imported.exit_status, 0) << imported.err;
  for (const std::string& events : {ofac, un}) {
    const GkctlResult replay = RunGkctl({"replay", "--data-dir", data_dir, events});
    ASSERT_EQ(replay.exit_status, 0) << replay.err;
  }
  EXPECT_EQ(StoredPartyCount(data_dir), 8976 + 1003);

  // A newer OFAC file: entry 36 delisted (with its alias), entry 306 renamed.
  std::string sdn = ReadWholeFile(ListPath("ofac-sdn.csv"));
  std::string alt = ReadWholeFile(ListPath("ofac-alt.csv"));
  sdn = absl::StrReplaceAll(
      sdn, {{"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
             "-0- \r\n",
             ""},
            {"306,\"BANCO NACIONAL DE CUBA\"", "306,\"BANCO NACIONAL DE CUBA S.A.\""}});
  alt = absl::StrReplaceAll(alt, {{"36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n", ""}});
  WriteWholeFile((scratch / "sdn.csv").string(), sdn);
  WriteWholeFile((scratch / "alt.csv").string(), alt);
  const std::string delta = (scratch / "delta.jsonl").string();
  imported = ImportToFile({"parties", "import", "--format", "ofac-sdn", "--data-dir", data_dir,
                           (scratch / "sdn.csv").string(), (scratch / "alt.csv").string()},
                          delta);
  ASSERT_EQ(imported.exit_status, 0) << imported.err;
  const std::vector<std::string> lines = imported.OutLines();
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_THAT(lines[0], HasSubstr("\"partyId\":\"OFAC-306\""));
  EXPECT_THAT(lines[0], HasSubstr("BANCO NACIONAL DE CUBA S.A."));
  EXPECT_EQ(lines[1], "{\"partyRemoval\":{\"partyId\":\"OFAC-36\"}}");
  const GkctlResult replay = RunGkctl({"replay", "--data-dir", data_dir, delta});
  ASSERT_EQ(replay.exit_status, 0) << replay.err;
  EXPECT_EQ(StoredPartyCount(data_dir), 8976 + 1003 - 1);

  // The store now matches the file: importing it again prints nothing.
  imported = RunGkctl({"parties", "import", "--format", "ofac-sdn", "--data-dir", data_dir,
                       (scratch / "sdn.csv").string(), (scratch / "alt.csv").string()});
  ASSERT_EQ(imported.exit_status, 0) << imported.err;
  EXPECT_THAT(imported.out, IsEmpty());
  // ... and the UN list is untouched by OFAC re-imports.
  imported = RunGkctl({"parties", "import", "--format", "un-xml", "--data-dir", data_dir,
                       ListPath("un-consolidated.xml")});
  ASSERT_EQ(imported.exit_status, 0) << imported.err;
  EXPECT_THAT(imported.out, IsEmpty());

  // A malformed file prints nothing, so nothing reaches the store.
  const std::string xml = ReadWholeFile(ListPath("un-consolidated.xml"));
  WriteWholeFile((scratch / "broken.xml").string(), xml.substr(0, xml.size() / 3));
  imported = RunGkctl({"parties", "import", "--format", "un-xml", "--data-dir", data_dir,
                       (scratch / "broken.xml").string()});
  EXPECT_EQ(imported.exit_status, 1);
  EXPECT_THAT(imported.out, IsEmpty());
  EXPECT_THAT(imported.err, HasSubstr("broken.xml:"));
  EXPECT_EQ(StoredPartyCount(data_dir), 8976 + 1003 - 1);
}

TEST(GkctlPartiesTest, ImportAgainstAMissingStoreFails) {
  ScratchDir scratch;
  const GkctlResult imported =
      RunGkctl({"parties", "import", "--format", "un-xml", "--data-dir",
                (scratch / "nothing-here").string(), ListPath("un-consolidated.xml")});
  EXPECT_EQ(imported.exit_status, 1);
  EXPECT_THAT(imported.out, IsEmpty());
  EXPECT_THAT(imported.err, HasSubstr("nothing-here"));
}

}  // namespace
}  // namespace gatekeeper::testing
