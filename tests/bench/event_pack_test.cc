// gk-event-pack builds the benchmark's workload.gkev from the JSON-lines pieces; every tool
// of tools/bench/run then reads that file, so its selection and order must be exactly the
// JSON workload's.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/codec/binary_event_file.h"
#include "services/codec/event_codec.h"
#include "services/codec/event_stream_reader.h"

namespace gatekeeper {
namespace {

using ::testing::ElementsAre;

class EventPackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("event_pack_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Runs gk-event-pack with `args`; its exit status.
  int Pack(const std::string& args) {
    const std::string command =
        std::string(GK_EVENT_PACK_PATH) + " " + args + " 2>" + (dir_ / "pack.err").string();
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Each event of `path` as its kind and key ("removal:P1", "declaration:MRN").
  std::vector<std::string> Events(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EventStreamReader reader(&in);
    std::vector<std::string> seen;
    while (true) {
      absl::StatusOr<std::optional<EventStreamReader::Item>> item = reader.Next();
      EXPECT_TRUE(item.ok()) << item.status();
      if (!item.ok() || !item->has_value()) break;
      EXPECT_TRUE(reader.binary());
      const v1::Event& event = *(*item)->event;
      if (event.has_party_removal()) seen.push_back("removal:" + event.party_removal().party_id());
      if (event.has_invalidation()) seen.push_back("invalidation:" + event.invalidation().mrn());
    }
    return seen;
  }

  std::filesystem::path dir_;
};

std::string Removal(const std::string& id) {
  return R"({"partyRemoval": {"partyId": ")" + id + "\"}}\n";
}
std::string Invalidation(const std::string& mrn) {
  return R"({"invalidation": {"mrn": ")" + mrn + "\"}}\n";
}

TEST_F(EventPackTest, KeepsTheOrderOfTheInputsAndSelectsByKind) {
  // A sample with authority and customs events interleaved, and a list of its own.
  const std::string sample =
      Write("sample.jsonl", Removal("A") + Invalidation("M1") + Removal("B") + Invalidation("M2"));
  const std::string lists = Write("lists.jsonl", Removal("L1") + "\n" + Removal("L2"));
  const std::string out = (dir_ / "workload.gkev").string();
  ASSERT_EQ(Pack("--output " + out + " authority:" + sample + " " + lists + " customs:" + sample),
            0);
  EXPECT_THAT(Events(out), ElementsAre("removal:A", "removal:B", "removal:L1", "removal:L2",
                                       "invalidation:M1", "invalidation:M2"));
}

TEST_F(EventPackTest, ABinaryInputIsCopiedAsItIs) {
  const std::string first = (dir_ / "first.gkev").string();
  ASSERT_EQ(Pack("--output " + first + " " + Write("a.jsonl", Removal("A") + Invalidation("M1"))),
            0);
  const std::string second = (dir_ / "second.gkev").string();
  ASSERT_EQ(Pack("--output " + second + " customs:" + first + " authority:" + first), 0);
  EXPECT_THAT(Events(second), ElementsAre("invalidation:M1", "removal:A"));
}

TEST_F(EventPackTest, AnInputEventThatDoesNotDecodeStopsItWithTheLine) {
  const std::string bad = Write("bad.jsonl", Removal("A") + "{\"party\": 7}\n");
  EXPECT_EQ(Pack("--output " + (dir_ / "out.gkev").string() + " " + bad), 1);
  std::ifstream err(dir_ / "pack.err");
  const std::string message((std::istreambuf_iterator<char>(err)), {});
  EXPECT_THAT(message, ::testing::HasSubstr("line 2"));
}

TEST_F(EventPackTest, WithoutAnOutputOrAnInputItShowsTheUsage) {
  EXPECT_EQ(Pack("--output " + (dir_ / "out.gkev").string()), 64);
  EXPECT_EQ(Pack(Write("a.jsonl", Removal("A"))), 64);
}

}  // namespace
}  // namespace gatekeeper
