// What the gateway tests share: development certificates made once per test process with
// tools/dev_certs/make-dev-certs.sh, a gateway server (LocalPipeline + GatewayServer) on a
// loopback port over a scratch store that can be stopped and started again on the same
// store, client channels per role, and contract events built from JSON.
#ifndef GATEKEEPER_TESTS_GATEWAY_GATEWAY_TEST_SUPPORT_H_
#define GATEKEEPER_TESTS_GATEWAY_GATEWAY_TEST_SUPPORT_H_

#include <memory>
#include <string>
#include <vector>

#include "gatekeeper/v1/event.pb.h"
#include "gateway/gateway_server.h"
#include "gateway/local_pipeline.h"
#include "grpcpp/channel.h"

namespace gatekeeper::testing {

// The directory holding ca.pem, server.pem/.key and customs|officer|licensing|norole
// .pem/.key; made at the first call (the test fails if the script fails).
const std::string& DevCertDir();

// A second, unrelated CA with its own "officer" certificate: the gateway must not trust it.
const std::string& ForeignCertDir();

// A fresh empty directory under the test's temporary directory.
std::string ScratchDir(const std::string& name);

// A client certificate of the development CA with `subject` (openssl -subj form, e.g.
// "/O=Douane/OU=officer/CN=officer-7"), made once per name: DevCertDir()/NAME.pem, .key.
void MakeClientCertificate(const std::string& name, const std::string& subject);

// A TLS channel to `address` that trusts the development CA and presents
// DevCertDir()/NAME.pem (none when `name` is empty). A positive
// `max_receive_window_bytes` makes a client that reads slowly: gRPC's flow control
// stops the server after that many bytes it has not read.
std::shared_ptr<grpc::Channel> DevTlsChannel(const std::string& address, const std::string& name,
                                             int max_receive_window_bytes = 0);

enum class Caller { kCustoms, kOfficer, kLicensing, kNoRole, kNoCertificate, kForeignCa };

class TestGateway {
 public:
  struct Options {
    bool insecure = false;
    gateway::WatchOptions watch;
    size_t queue_capacity_events = 4096;
  };

  // Serves the store in `data_dir` on 127.0.0.1 (a free port, kept across Restart).
  TestGateway(std::string data_dir, Options options);
  ~TestGateway();

  // Stops the server and the writer (watch streams end with UNAVAILABLE), closes the store.
  void Stop();
  // Opens the store again and serves it on the same port.
  void Start();

  int port() const { return port_; }
  std::string address() const;
  gateway::GatewayBackend& backend() { return pipeline_->backend(); }

  // A channel as `caller`: TLS with that caller's certificate (or none, or one from a
  // foreign CA); plaintext when the server is insecure. Channel arguments are optional.
  std::shared_ptr<grpc::Channel> Channel(Caller caller, int max_receive_window_bytes = 0) const;
  // A channel with the certificate DevCertDir()/NAME.pem (see MakeClientCertificate).
  std::shared_ptr<grpc::Channel> ChannelAs(const std::string& name) const;

 private:
  const std::string data_dir_;
  const Options options_;
  int port_ = 0;
  std::unique_ptr<gateway::LocalPipeline> pipeline_;
  std::unique_ptr<gateway::GatewayServer> server_;
};

// The contract's JSON form of an event, parsed (the test fails on a parse error).
v1::Event EventFromJson(const std::string& json);

// A valid MRN for number `n`: "25NL" + 13 digits + "X".
std::string Mrn(int n);

// An event to lodge declaration `mrn` version 1, of one item of 1 NAR of 6A002.a.3 to CN
// from office `office`; with `licence_id` set the item carries an X060 document for it
// (an unknown licence holds the declaration with LICENCE_NOT_FOUND), else it clears.
v1::Event Declaration(const std::string& mrn, const std::string& office,
                      const std::string& licence_id = "");

// A licence "licence_id" of 100 NAR of 6A002 for CN.
v1::Event Licence(const std::string& licence_id);

}  // namespace gatekeeper::testing

#endif  // GATEKEEPER_TESTS_GATEWAY_GATEWAY_TEST_SUPPORT_H_
