#include "tests/gateway/gateway_test_support.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gateway/client_channel.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "gtest/gtest.h"

namespace gatekeeper::testing {
namespace {

std::string TempRoot() {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::filesystem::path root = dir != nullptr ? dir : std::filesystem::temp_directory_path();
  return (root / absl::StrCat("gk-gateway-test-", getpid())).string();
}

std::string MakeCerts(const std::string& name) {
  const std::string dir = absl::StrCat(TempRoot(), "/", name);
  std::filesystem::remove_all(dir);
  const std::string command = absl::StrCat(GK_DEV_CERTS_SCRIPT, " ", dir, " > /dev/null");
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return dir;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

const std::string& DevCertDir() {
  static const std::string* dir = new std::string(MakeCerts("certs"));
  return *dir;
}

const std::string& ForeignCertDir() {
  static const std::string* dir = new std::string(MakeCerts("foreign-certs"));
  return *dir;
}

std::string ScratchDir(const std::string& name) {
  const std::string dir = absl::StrCat(TempRoot(), "/", name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void MakeClientCertificate(const std::string& name, const std::string& subject) {
  const std::string dir = DevCertDir();
  if (std::filesystem::exists(absl::StrCat(dir, "/", name, ".pem"))) return;
  // The same steps as make-dev-certs.sh, with any subject.
  const std::string command = absl::StrCat(
      "cd '", dir, "' && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out '",
      name, ".key' 2>/dev/null && openssl req -new -key '", name, ".key' -out '", name,
      ".csr' -subj '", subject, "' 2>/dev/null && printf 'extendedKeyUsage=clientAuth\\n' > '",
      name, ".ext' && openssl x509 -req -in '", name,
      ".csr' -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -sha256 -extfile '", name,
      ".ext' -out '", name, ".pem' 2>/dev/null && rm -f '", name, ".csr' '", name, ".ext'");
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

std::shared_ptr<grpc::Channel> DevTlsChannel(const std::string& address, const std::string& name,
                                             int max_receive_window_bytes) {
  grpc::ChannelArguments arguments;
  // Each channel its own connection, so that one test's callers do not share a TLS
  // session (and its identity) through the global subchannel pool.
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (max_receive_window_bytes > 0) {
    arguments.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, max_receive_window_bytes);
    arguments.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ReadFile(DevCertDir() + "/ca.pem");
  if (!name.empty()) {
    ssl.pem_cert_chain = ReadFile(absl::StrCat(DevCertDir(), "/", name, ".pem"));
    ssl.pem_private_key = ReadFile(absl::StrCat(DevCertDir(), "/", name, ".key"));
  }
  return grpc::CreateCustomChannel(address, grpc::SslCredentials(ssl), arguments);
}

TestGateway::TestGateway(std::string data_dir, Options options)
    : data_dir_(std::move(data_dir)), options_(options) {
  Start();
}

TestGateway::~TestGateway() { Stop(); }

void TestGateway::Start() {
  gateway::LocalPipelineOptions pipeline_options;
  pipeline_options.backend.queue_capacity_events = options_.queue_capacity_events;
  absl::StatusOr<std::unique_ptr<gateway::LocalPipeline>> pipeline =
      gateway::LocalPipeline::Open({.data_dir = data_dir_}, pipeline_options);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status();
  pipeline_ = *std::move(pipeline);
  gateway::GatewayServerOptions server_options;
  server_options.listen_address = absl::StrCat("127.0.0.1:", port_);
  server_options.insecure = options_.insecure;
  server_options.watch = options_.watch;
  if (!options_.insecure) {
    server_options.tls = {.ca_file = DevCertDir() + "/ca.pem",
                          .cert_file = DevCertDir() + "/server.pem",
                          .key_file = DevCertDir() + "/server.key"};
  }
  absl::StatusOr<std::unique_ptr<gateway::GatewayServer>> server =
      gateway::GatewayServer::Start(server_options, pipeline_->backend());
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  port_ = server_->port();
}

void TestGateway::Stop() {
  if (server_ == nullptr) return;
  server_->SetServing(false);
  pipeline_->backend().Close();
  server_->Shutdown(absl::Seconds(2));
  pipeline_->Stop();
  server_.reset();
  pipeline_.reset();
}

std::string TestGateway::address() const { return absl::StrCat("127.0.0.1:", port_); }

std::shared_ptr<grpc::Channel> TestGateway::ChannelAs(const std::string& name) const {
  return DevTlsChannel(address(), name);
}

std::shared_ptr<grpc::Channel> TestGateway::Channel(Caller caller,
                                                    int max_receive_window_bytes) const {
  grpc::ChannelArguments arguments;
  // Each channel its own connection, so that one test's callers do not share a TLS
  // session (and its identity) through the global subchannel pool.
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (max_receive_window_bytes > 0) {
    // A client that reads slowly: gRPC's flow control stops the server after this much.
    arguments.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, max_receive_window_bytes);
    arguments.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  }
  if (options_.insecure) {
    return grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), arguments);
  }
  std::string certs = DevCertDir();
  std::string client;
  switch (caller) {
    case Caller::kCustoms:
      client = "customs";
      break;
    case Caller::kOfficer:
      client = "officer";
      break;
    case Caller::kLicensing:
      client = "licensing";
      break;
    case Caller::kNoRole:
      client = "norole";
      break;
    case Caller::kNoCertificate:
      break;
    case Caller::kForeignCa:
      certs = ForeignCertDir();
      client = "officer";
      break;
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ReadFile(DevCertDir() + "/ca.pem");
  if (!client.empty()) {
    ssl.pem_cert_chain = ReadFile(absl::StrCat(certs, "/", client, ".pem"));
    ssl.pem_private_key = ReadFile(absl::StrCat(certs, "/", client, ".key"));
  }
  return grpc::CreateCustomChannel(address(), grpc::SslCredentials(ssl), arguments);
}

v1::Event EventFromJson(const std::string& json) {
  v1::Event event;
  google::protobuf::util::Status status = google::protobuf::util::JsonStringToMessage(json, &event);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return event;
}

std::string Mrn(int n) { return absl::StrFormat("25NL%013dX", n); }

v1::Event Declaration(const std::string& mrn, const std::string& office,
                      const std::string& licence_id) {
  const std::string documents =
      licence_id.empty()
          ? ""
          : absl::StrCat(R"json(, "documents": [{"code": "X060", "reference": ")json", licence_id,
                         R"json("}])json");
  return EventFromJson(absl::StrCat(R"json({"declaration": {"mrn": ")json", mrn,
                                    R"json(", "version": 1, "lodgedAt": "2025-06-02T08:15:00Z",
      "declarationType": "EX", "procedure": "1000",
      "exporter": {"eori": "NL123456789", "name": "Veldhoven Photonics BV", "country": "NL"},
      "consignee": {"name": "Shenzhen Optics Co., Ltd.", "country": "CN"},
      "destinationCountry": "CN", "officeOfExport": ")json",
                                    office, R"json(", "items": [{"itemNo": 1, "cnCode": "85414900",
      "description": "infrared detector arrays", "netMassKg": "1",
      "quantity": {"amount": "1", "unit": "NAR"}, "valueEur": "100.00",
      "controlCode": "6A002.a.3")json",
                                    documents, "}]}}"));
}

v1::Event Licence(const std::string& licence_id) {
  return EventFromJson(absl::StrCat(R"json({"licence": {"licenceId": ")json", licence_id,
                                    R"json(", "type": "INDIVIDUAL", "status": "ACTIVE",
      "holderEori": "NL123456789", "issuedBy": "NL-CDIU",
      "validFrom": "2025-01-01", "validUntil": "2026-12-31", "destinations": ["CN"],
      "lines": [{"lineNo": 1, "controlCode": "6A002", "quantity": {"amount": "100",
      "unit": "NAR"}, "valueEur": "120000.00"}]}})json"));
}

}  // namespace gatekeeper::testing
