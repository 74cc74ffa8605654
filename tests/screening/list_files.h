// The real published lists the importer tests read (GK_EXTERNAL_DATA_DIR, set by CMake), and
// helpers to write altered copies of them.
#ifndef GATEKEEPER_TESTS_SCREENING_LIST_FILES_H_
#define GATEKEEPER_TESTS_SCREENING_LIST_FILES_H_

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gatekeeper/v1/party.pb.h"
#include "gtest/gtest.h"

namespace gatekeeper::testing {

inline std::string ListPath(const std::string& file_name) {
  return std::string(GK_EXTERNAL_DATA_DIR) + "/" + file_name;
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteWholeFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  ASSERT_TRUE(out.good()) << path;
}

inline const v1::ListedParty* FindParty(const std::vector<v1::ListedParty>& parties,
                                        const std::string& party_id) {
  for (const v1::ListedParty& party : parties) {
    if (party.party_id() == party_id) return &party;
  }
  return nullptr;
}

}  // namespace gatekeeper::testing

#endif  // GATEKEEPER_TESTS_SCREENING_LIST_FILES_H_
