// gk-grpc-bench: latency and throughput of the gRPC door, measured from real clients.
//
//   gk-grpc-bench --server HOST:PORT (--insecure | --certs DIR) --licensing FILE
//                 --declarations FILE [--clients 1,8,64] [--count N] [--subscribers 100]
//
// 1. Applies the licensing events of --licensing (licences, rules, parties) with
//    LicensingService.Apply, one at a time, so the declarations are decided against them.
// 2. For each number of --clients: that many threads, each with its own channel, call
//    CustomsService.Submit with the next declaration of --declarations until --count of
//    them are done; prints declarations per second and the Submit latency p50/p99/p99.9
//    (call start to decision received, i.e. after the decision is durable).
// 3. With --subscribers S > 0: S officers call OfficerService.WatchHolds from the current
//    sequence, one client submits further declarations, and every HELD decision's delivery
//    latency (Submit started -> decision received by a subscriber) is recorded for each
//    subscriber: p50/p99/p99.9 over all deliveries.
//
// Every declaration is submitted once (each step takes the next unused lines), so no
// Submit is a duplicate. --certs DIR is the output of tools/dev_certs/make-dev-certs.sh:
// customs.pem for Submit, officer.pem for WatchHolds, licensing.pem for Apply.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "gatekeeper/v1/services.grpc.pb.h"
#include "gateway/client_channel.h"
#include "grpcpp/grpcpp.h"
#include "services/codec/event_codec.h"

namespace gatekeeper::grpc_bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string server;
  bool insecure = false;
  std::string certs_dir;
  std::string licensing_file;
  std::string declarations_file;
  std::vector<int> clients = {1, 8, 64};
  int64_t count = 2000;
  int subscribers = 100;
  int64_t hold_count = 2000;
};

int Usage(const std::string& message) {
  std::cerr << "gk-grpc-bench: " << message
            << "\nusage: gk-grpc-bench --server HOST:PORT (--insecure | --certs DIR) "
               "--licensing FILE --declarations FILE [--clients 1,8,64] [--count N] "
               "[--subscribers S] [--hold-count N]\n";
  return 64;
}

absl::StatusOr<std::vector<v1::Event>> ReadEvents(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::vector<v1::Event> events;
  std::string line;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    absl::StatusOr<v1::Event> event = DecodeEventJson(line);
    if (!event.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, " line ", number, ": ", event.status().message()));
    }
    events.push_back(*std::move(event));
  }
  return events;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel(const Options& options,
                                                       const std::string& role) {
  gateway::ClientConnection connection{.server = options.server, .insecure = options.insecure};
  if (!options.insecure) {
    connection.ca_file = options.certs_dir + "/ca.pem";
    connection.cert_file = absl::StrCat(options.certs_dir, "/", role, ".pem");
    connection.key_file = absl::StrCat(options.certs_dir, "/", role, ".key");
  }
  return gateway::MakeClientChannel(connection);
}

struct Percentiles {
  double p50_ms = 0, p99_ms = 0, p999_ms = 0;
};

Percentiles Summarize(std::vector<double> latencies_ms) {
  Percentiles p;
  if (latencies_ms.empty()) return p;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto at = [&](double q) {
    size_t i = static_cast<size_t>(q * static_cast<double>(latencies_ms.size() - 1));
    return latencies_ms[i];
  };
  p.p50_ms = at(0.50);
  p.p99_ms = at(0.99);
  p.p999_ms = at(0.999);
  return p;
}

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Next declaration to submit, shared by every step.
struct DeclarationSource {
  const std::vector<v1::Event>* events;
  std::atomic<size_t> next{0};
  const v1::Event* Take() {
    size_t i = next.fetch_add(1);
    return i < events->size() ? &(*events)[i] : nullptr;
  }
};

int ApplyLicensing(const Options& options, const std::vector<v1::Event>& events) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Channel(options, "licensing");
  if (!channel.ok()) return Usage(std::string(channel.status().message()));
  auto stub = v1::LicensingService::NewStub(*channel);
  int64_t refused = 0;
  for (const v1::Event& event : events) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::ApplyResponse response;
    grpc::Status status = stub->Apply(&context, event, &response);
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
        status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
        status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
      std::cerr << "gk-grpc-bench: Apply failed: " << status.error_message() << "\n";
      return 1;
    }
    if (!status.ok()) ++refused;
  }
  std::cerr << "gk-grpc-bench: " << events.size() << " licensing events applied (" << refused
            << " refused)\n";
  return 0;
}

// Submits until `count` declarations are done with `clients` threads.
int RunSubmit(const Options& options, DeclarationSource& source, int clients) {
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<int64_t> remaining{options.count};
  std::atomic<int64_t> failures{0};
  std::vector<std::thread> threads;
  const Clock::time_point started = Clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Channel(options, "customs");
      if (!channel.ok()) {
        ++failures;
        return;
      }
      auto stub = v1::CustomsService::NewStub(*channel);
      while (remaining.fetch_sub(1) > 0) {
        const v1::Event* event = source.Take();
        if (event == nullptr) return;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        v1::Decision decision;
        const Clock::time_point start = Clock::now();
        grpc::Status status = stub->Submit(&context, *event, &decision);
        if (!status.ok()) {
          ++failures;
          continue;
        }
        latencies[c].push_back(MillisSince(start));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double seconds = MillisSince(started) / 1000;
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  Percentiles p = Summarize(all);
  std::cout << absl::StrFormat(
      "submit  clients=%-3d declarations=%-6d failures=%-4d  %8.0f declarations/s  p50 %7.2f ms  "
      "p99 %7.2f ms  p99.9 %7.2f ms\n",
      clients, all.size(), failures.load(), seconds > 0 ? all.size() / seconds : 0, p.p50_ms,
      p.p99_ms, p.p999_ms);
  return all.empty() ? 1 : 0;
}

// S officers watch holds while one customs client submits; delivery latency per hold.
int RunWatchHolds(const Options& options, DeclarationSource& source) {
  absl::Mutex mutex;
  absl::flat_hash_map<std::string, Clock::time_point> submitted_at;  // by MRN
  std::vector<double> delivery_ms;
  std::atomic<int64_t> deliveries{0};

  struct Subscriber {
    std::unique_ptr<v1::OfficerService::Stub> stub;
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<v1::Decision>> reader;
  };
  std::vector<std::unique_ptr<Subscriber>> subscribers;
  for (int s = 0; s < options.subscribers; ++s) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Channel(options, "officer");
    if (!channel.ok()) return Usage(std::string(channel.status().message()));
    auto subscriber = std::make_unique<Subscriber>();
    subscriber->stub = v1::OfficerService::NewStub(*channel);
    subscribers.push_back(std::move(subscriber));
  }
  // Start from the end of the log: submit one declaration first and take its sequence.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> customs_channel = Channel(options, "customs");
  if (!customs_channel.ok()) return Usage(std::string(customs_channel.status().message()));
  auto customs = v1::CustomsService::NewStub(*customs_channel);
  uint64_t after_sequence = 0;
  {
    const v1::Event* first = source.Take();
    if (first == nullptr) return Usage("not enough declarations for the WatchHolds step");
    grpc::ClientContext context;
    v1::Decision decision;
    grpc::Status status = customs->Submit(&context, *first, &decision);
    if (!status.ok()) return Usage(absl::StrCat("Submit: ", status.error_message()));
    after_sequence = decision.sequence();
  }
  std::vector<std::thread> readers;
  for (auto& subscriber : subscribers) {
    v1::WatchHoldsRequest request;
    request.set_after_sequence(after_sequence);
    subscriber->reader = subscriber->stub->WatchHolds(&subscriber->context, request);
    readers.emplace_back([&, sub = subscriber.get()] {
      v1::Decision decision;
      while (sub->reader->Read(&decision)) {
        if (decision.status() != v1::HELD) continue;
        const Clock::time_point now = Clock::now();
        absl::MutexLock lock(&mutex);
        auto it = submitted_at.find(decision.mrn());
        if (it == submitted_at.end()) continue;
        delivery_ms.push_back(std::chrono::duration<double, std::milli>(now - it->second).count());
        ++deliveries;
      }
    });
  }
  // Give every stream time to be established before measuring.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  int64_t held = 0;
  for (int64_t i = 0; i < options.hold_count; ++i) {
    const v1::Event* event = source.Take();
    if (event == nullptr) break;
    const std::string& mrn = event->declaration().mrn();
    {
      absl::MutexLock lock(&mutex);
      submitted_at[mrn] = Clock::now();
    }
    grpc::ClientContext context;
    v1::Decision decision;
    grpc::Status status = customs->Submit(&context, *event, &decision);
    if (status.ok() && decision.status() == v1::HELD) ++held;
  }
  // Wait for the stragglers, at most 10 s.
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(10);
  while (deliveries.load() < held * options.subscribers && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& subscriber : subscribers) subscriber->context.TryCancel();
  for (std::thread& t : readers) t.join();
  Percentiles p;
  {
    absl::MutexLock lock(&mutex);
    p = Summarize(delivery_ms);
  }
  std::cout << absl::StrFormat(
      "holds   subscribers=%-3d held=%-5d deliveries=%-7d (expected %d)  p50 %7.2f ms  p99 %7.2f "
      "ms  p99.9 %7.2f ms\n",
      options.subscribers, held, deliveries.load(), held * options.subscribers, p.p50_ms, p.p99_ms,
      p.p999_ms);
  return 0;
}

int Run(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (flag == "--server") {
      options.server = value();
    } else if (flag == "--insecure") {
      options.insecure = true;
    } else if (flag == "--certs") {
      options.certs_dir = value();
    } else if (flag == "--licensing") {
      options.licensing_file = value();
    } else if (flag == "--declarations") {
      options.declarations_file = value();
    } else if (flag == "--clients") {
      options.clients.clear();
      for (absl::string_view part : absl::StrSplit(value(), ',')) {
        int n = 0;
        if (!absl::SimpleAtoi(part, &n) || n < 1 || n > 1024) {
          return Usage("--clients takes numbers 1..1024, comma-separated");
        }
        options.clients.push_back(n);
      }
    } else if (flag == "--count") {
      if (!absl::SimpleAtoi(value(), &options.count) || options.count < 1) {
        return Usage("--count takes a positive number");
      }
    } else if (flag == "--subscribers") {
      if (!absl::SimpleAtoi(value(), &options.subscribers) || options.subscribers < 0) {
        return Usage("--subscribers takes a number >= 0");
      }
    } else if (flag == "--hold-count") {
      if (!absl::SimpleAtoi(value(), &options.hold_count) || options.hold_count < 1) {
        return Usage("--hold-count takes a positive number");
      }
    } else {
      return Usage(absl::StrCat("unknown flag ", flag));
    }
  }
  if (options.server.empty()) return Usage("--server is required");
  if (!options.insecure && options.certs_dir.empty()) return Usage("--insecure or --certs DIR");
  if (options.licensing_file.empty() || options.declarations_file.empty()) {
    return Usage("--licensing and --declarations are required");
  }
  absl::StatusOr<std::vector<v1::Event>> licensing = ReadEvents(options.licensing_file);
  if (!licensing.ok()) return Usage(std::string(licensing.status().message()));
  absl::StatusOr<std::vector<v1::Event>> all = ReadEvents(options.declarations_file);
  if (!all.ok()) return Usage(std::string(all.status().message()));
  // Only first versions of declarations: amendments, resends and dispositions depend on
  // what came before them and would measure refusals.
  std::vector<v1::Event> declarations;
  absl::flat_hash_map<std::string, bool> seen;
  for (v1::Event& event : *all) {
    if (event.has_declaration() && event.declaration().version() == 1 &&
        seen.emplace(event.declaration().mrn(), true).second) {
      declarations.push_back(std::move(event));
    }
  }
  if (int status = ApplyLicensing(options, *licensing); status != 0) return status;
  DeclarationSource source{.events = &declarations};
  int failed = 0;
  for (int clients : options.clients) failed |= RunSubmit(options, source, clients);
  if (options.subscribers > 0) failed |= RunWatchHolds(options, source);
  return failed;
}

}  // namespace
}  // namespace gatekeeper::grpc_bench

int main(int argc, char** argv) { return gatekeeper::grpc_bench::Run(argc, argv); }
