// Shared fixtures of the storage tests: a fresh store directory per test, removed after.
#ifndef GATEKEEPER_TESTS_STORAGE_STORE_TEST_UTIL_H_
#define GATEKEEPER_TESTS_STORAGE_STORE_TEST_UTIL_H_

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "storage/store.h"

namespace gatekeeper::storage::testing {

#define GK_ASSERT_OK(expr)                          \
  do {                                              \
    const absl::Status gk_status_ = (expr);         \
    ASSERT_TRUE(gk_status_.ok()) << gk_status_;     \
  } while (false)

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "gk-storage-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  StoreOptions Options() const { return StoreOptions{.data_dir = dir_, .sync = false}; }

  std::unique_ptr<Store> OpenStore() {
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(Options());
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  std::string dir_;
};

}  // namespace gatekeeper::storage::testing

#endif  // GATEKEEPER_TESTS_STORAGE_STORE_TEST_UTIL_H_
