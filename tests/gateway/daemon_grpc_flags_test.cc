// gatekeeperd's gRPC door flags: off by default, TLS unless --insecure, and the
// combinations that would silently serve something else refused.
#include <vector>

#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/daemon/daemon_config.h"

namespace gatekeeper::daemon {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<DaemonConfig> Parse(std::vector<absl::string_view> extra) {
  std::vector<absl::string_view> args = {"--embedded-kafka", "--data-dir", "/tmp/x"};
  args.insert(args.end(), extra.begin(), extra.end());
  return ParseDaemonArgs(args);
}

TEST(DaemonGrpcFlagsTest, OffUnlessAsked) {
  absl::StatusOr<DaemonConfig> config = Parse({});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_FALSE(config->grpc_enabled);
}

TEST(DaemonGrpcFlagsTest, TlsFilesTurnItOnAtTheDefaultAddress) {
  absl::StatusOr<DaemonConfig> config =
      Parse({"--grpc-tls-ca", "ca.pem", "--grpc-tls-cert", "s.pem", "--grpc-tls-key", "s.key"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->grpc_enabled);
  EXPECT_FALSE(config->grpc_insecure);
  EXPECT_EQ(config->grpc_listen, "127.0.0.1:50051");
  EXPECT_EQ(config->grpc_tls_key_file, "s.key");
}

TEST(DaemonGrpcFlagsTest, ListenWithoutTlsNeedsInsecure) {
  absl::StatusOr<DaemonConfig> config = Parse({"--grpc-listen", "127.0.0.1:6000"});
  EXPECT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("--insecure"));

  config = Parse({"--grpc-listen", "127.0.0.1:6000", "--insecure"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->grpc_insecure);
  EXPECT_EQ(config->grpc_listen, "127.0.0.1:6000");
}

TEST(DaemonGrpcFlagsTest, InsecureAndTlsExcludeEachOther) {
  absl::StatusOr<DaemonConfig> config = Parse({"--insecure", "--grpc-tls-ca", "ca.pem"});
  EXPECT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("exclude"));
}

TEST(DaemonGrpcFlagsTest, ListenAddressNeedsAPort) {
  EXPECT_FALSE(Parse({"--grpc-listen", "localhost", "--insecure"}).ok());
}

}  // namespace
}  // namespace gatekeeper::daemon
