// The engine alone, in process, no I/O: how many declarations one core decides per second
// against a realistic licensing state (thousands of licences, the reference rules, listed
// parties). Each iteration decides one declaration and applies its effects to a MemoryState,
// so balances run down as they would in production.
//
//   build/tools/bench/gk-engine-bench --benchmark_counters_tabular=true
//   build/tools/bench/gk-engine-bench --events FILE     # tools/bench/run's workload
//
// With --events FILE (JSON lines, the `gkctl replay` format, or a binary event file) the only
// benchmark is BM_ReplayFile: the file's authority events (licences, rules, parties) are applied to
// a MemoryState before the clock starts, then each iteration applies the next customs event
// (declarations with their amendments and resends, invalidations, dispositions) in file
// order, one pass over all of them: the same work as `gkctl replay` and gatekeeperd minus
// decoding, the store and Kafka. declarations_per_s counts declaration events.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "benchmark/benchmark.h"
#include "services/codec/event_kind.h"
#include "services/engine/engine.h"
#include "services/engine/memory_state.h"
#include "tools/bench/event_file.h"

namespace gatekeeper {
namespace {

constexpr int kExporters = 2000;
const char* const kDestinations[] = {"CN", "US", "JP", "AE", "TR", "IN", "BR", "KZ", "RS", "SG",
                                     "KR", "MX", "ZA", "GB", "CH", "NO", "AU", "CA", "IL", "TH"};
const char* const kChpPrefixes[] = {"854231", "854232", "854233", "854239", "851762",
                                    "852691", "847150", "853210", "880730", "901380"};

std::string Eori(int exporter) { return absl::StrFormat("NL%09d", exporter); }
std::string LicenceId(int licence) { return absl::StrFormat("NL-DU-2025-%06d", licence); }

struct Workload {
  MemoryState state;
  std::vector<v1::Event> declarations;
  int licences = 0;
};

void Must(const Engine& engine, MemoryState* state, const v1::Event& event) {
  absl::StatusOr<LedgerEffects> effects =
      engine.Apply(event, *state, {.now = "2025-06-02T08:15:00Z"});
  if (!effects.ok()) {
    fprintf(stderr, "set-up event refused: %s\n", std::string(effects.status().message()).c_str());
    abort();
  }
  state->Apply(*effects);
}

// Licences (one per exporter and destination pair, quantity caps), EU001, the rules of the
// reference data and `parties` listed parties; then `count` declarations of 1-5 items, about
// one item in ten controlled and written off against the exporter's licence.
void Build(int licences, int parties, int count, Workload* workload) {
  Engine engine(EngineOptions{});
  std::mt19937 random(42);
  auto uniform = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  for (int l = 0; l < licences; ++l) {
    v1::Event event;
    v1::Licence* licence = event.mutable_licence();
    licence->set_licence_id(LicenceId(l));
    licence->set_type(v1::INDIVIDUAL);
    licence->set_holder_eori(Eori(l % kExporters));
    licence->set_valid_from("2025-01-01");
    licence->set_valid_until("2026-12-31");
    licence->add_destinations(kDestinations[(l / kExporters) % 20]);
    for (int n = 1; n <= 2; ++n) {
      v1::LicenceLine* line = licence->add_lines();
      line->set_line_no(n);
      line->set_control_code(n == 1 ? "3A001" : "5A002");
      line->mutable_quantity()->set_amount(absl::StrCat(uniform(100, 5000)));
      line->mutable_quantity()->set_unit("NAR");
      line->set_value_eur(absl::StrCat(uniform(100000, 900000)));
    }
    Must(engine, &workload->state, event);
  }
  workload->licences = licences;
  {
    v1::Event event;
    v1::Rule* rule = event.mutable_rule();
    rule->set_rule_id("DU-OUTSIDE-EU");
    rule->set_kind(v1::Rule::LICENCE_REQUIREMENT);
    for (const char* eu :
         {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
          "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}) {
      rule->add_except_destinations(eu);
    }
    rule->add_control_code_prefixes("*");
    rule->add_waiver_codes("Y901");
    Must(engine, &workload->state, event);
  }
  for (const char* kind : {"EMBARGO", "TRANSIT", "DIVERSION"}) {
    v1::Event event;
    v1::Rule* rule = event.mutable_rule();
    rule->set_rule_id(absl::StrCat("CHP-", kind));
    v1::Rule::Kind parsed;
    v1::Rule::Kind_Parse(kind, &parsed);
    rule->set_kind(parsed);
    if (parsed == v1::Rule::DIVERSION) {
      for (const char* c : {"AE", "TR", "AM", "KZ", "KG", "TJ", "RS", "CN"})
        rule->add_destinations(c);
      rule->add_exemption_codes("Y998");
    } else {
      rule->add_destinations("RU");
      rule->add_destinations("BY");
      rule->add_exemption_codes("Y987");
    }
    for (const char* prefix : kChpPrefixes) rule->add_cn_prefixes(prefix);
    Must(engine, &workload->state, event);
  }
  for (int p = 0; p < parties; ++p) {
    v1::Event event;
    v1::ListedParty* party = event.mutable_party();
    party->set_party_id(absl::StrCat("P-", p));
    party->add_names(absl::StrFormat("Listed Entity %c%c%c %d Trading", 'A' + p % 26,
                                     'A' + (p / 26) % 26, 'A' + (p / 676) % 26, p));
    party->set_source("BENCH");
    Must(engine, &workload->state, event);
  }
  for (int d = 0; d < count; ++d) {
    v1::Event event;
    v1::Declaration* declaration = event.mutable_declaration();
    declaration->set_mrn(absl::StrFormat("25NL%013dX", d));
    declaration->set_version(1);
    declaration->set_lodged_at("2025-06-02T08:15:00Z");
    const int licence = uniform(0, licences - 1);
    declaration->mutable_exporter()->set_eori(Eori(licence % kExporters));
    declaration->mutable_consignee()->set_name(
        absl::StrCat("Consignee ", uniform(0, 50000), " Ltd"));
    declaration->set_destination_country(kDestinations[(licence / kExporters) % 20]);
    declaration->set_office_of_export("NL000396");
    const int items = uniform(1, 5);
    for (int i = 1; i <= items; ++i) {
      v1::GoodsItem* item = declaration->add_items();
      item->set_item_no(i);
      item->set_net_mass_kg("12.5");
      item->mutable_quantity()->set_amount(absl::StrCat(uniform(1, 20)));
      item->mutable_quantity()->set_unit("NAR");
      item->set_value_eur(absl::StrCat(uniform(100, 5000)));
      if (uniform(0, 9) == 0) {
        item->set_cn_code("85414900");
        item->set_control_code("3A001.a.1");
        v1::Document* document = item->add_documents();
        document->set_code("X060");
        document->set_reference(LicenceId(licence));
      } else {
        item->set_cn_code(absl::StrFormat("%08d", 84713000 + uniform(0, 99)));
      }
    }
    workload->declarations.push_back(std::move(event));
  }
}

void BM_DecideDeclaration(benchmark::State& bench) {
  const int licences = static_cast<int>(bench.range(0));
  const int parties = static_cast<int>(bench.range(1));
  constexpr int kDeclarations = 200000;
  Workload workload;
  Build(licences, parties, kDeclarations, &workload);
  Engine engine(EngineOptions{});
  size_t next = 0;
  int64_t held = 0;
  for (auto _ : bench) {
    if (next == workload.declarations.size()) {
      bench.SkipWithError("ran out of prepared declarations");
      break;
    }
    absl::StatusOr<LedgerEffects> effects = engine.Apply(
        workload.declarations[next++], workload.state, {.now = "2025-06-02T08:15:00Z"});
    if (!effects.ok()) {
      bench.SkipWithError("declaration refused");
      break;
    }
    held += effects->declaration_put->decision().status() == v1::HELD;
    workload.state.Apply(*effects);
  }
  bench.counters["declarations_per_s"] =
      benchmark::Counter(static_cast<double>(bench.iterations()), benchmark::Counter::kIsRate);
  bench.counters["held_share"] =
      bench.iterations() == 0 ? 0 : static_cast<double>(held) / bench.iterations();
}

BENCHMARK(BM_DecideDeclaration)
    ->Args({10000, 1000})
    ->Args({100000, 20000})
    ->Iterations(150000)
    ->Unit(benchmark::kMicrosecond);

// The workload of --events, decoded once.
struct FileWorkload {
  std::vector<v1::Event> authority;
  std::vector<v1::Event> customs;
  int64_t declarations = 0;
};

void BM_ReplayFile(benchmark::State& bench, const FileWorkload* file) {
  Engine engine(EngineOptions{});
  MemoryState state;
  for (const v1::Event& event : file->authority) {
    // A refused authority event is skipped, as gkctl replay skips it.
    absl::StatusOr<LedgerEffects> effects =
        engine.Apply(event, state, {.now = "2025-06-02T08:15:00Z"});
    if (effects.ok()) state.Apply(*effects);
  }
  size_t next = 0;
  int64_t declarations = 0;
  int64_t held = 0;
  for (auto _ : bench) {
    if (next == file->customs.size()) {
      bench.SkipWithError("ran out of customs events");
      break;
    }
    const v1::Event& event = file->customs[next++];
    absl::StatusOr<LedgerEffects> effects =
        engine.Apply(event, state, {.now = "2025-06-02T08:15:00Z"});
    if (!effects.ok()) continue;
    if (event.has_declaration()) {
      ++declarations;
      held += effects->declaration_put.has_value() &&
              effects->declaration_put->decision().status() == v1::HELD;
    }
    state.Apply(*effects);
  }
  bench.counters["declarations"] = static_cast<double>(declarations);
  bench.counters["declarations_per_s"] =
      benchmark::Counter(static_cast<double>(declarations), benchmark::Counter::kIsRate);
  bench.counters["held_share"] =
      declarations == 0 ? 0 : static_cast<double>(held) / static_cast<double>(declarations);
}

}  // namespace
}  // namespace gatekeeper

int main(int argc, char** argv) {
  // --events FILE is ours; everything else goes to Google Benchmark.
  std::string events_path;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::string(argv[i]) == "--events" && i + 1 < argc) {
      events_path = argv[++i];
    } else {
      args.push_back(argv[i]);
    }
  }
  int benchmark_argc = static_cast<int>(args.size());
  static gatekeeper::FileWorkload file;
  if (!events_path.empty()) {
    absl::StatusOr<gatekeeper::bench::EventStream> stream =
        gatekeeper::bench::ReadEventFile(events_path);
    if (!stream.ok()) {
      fprintf(stderr, "gk-engine-bench: %s\n", std::string(stream.status().message()).c_str());
      return 1;
    }
    for (gatekeeper::v1::Event& event : stream->events) {
      if (gatekeeper::IsCustomsEvent(event)) {
        file.declarations += event.has_declaration();
        file.customs.push_back(std::move(event));
      } else {
        file.authority.push_back(std::move(event));
      }
    }
    if (file.customs.empty()) {
      fprintf(stderr, "gk-engine-bench: %s has no customs events\n", events_path.c_str());
      return 1;
    }
    benchmark::ClearRegisteredBenchmarks();
    benchmark::RegisterBenchmark("BM_ReplayFile", gatekeeper::BM_ReplayFile, &file)
        ->Iterations(static_cast<benchmark::IterationCount>(file.customs.size()))
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::Initialize(&benchmark_argc, args.data());
  if (benchmark::ReportUnrecognizedArguments(benchmark_argc, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
