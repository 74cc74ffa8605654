// Listed-party screening as the engine does it for one declaration: its consignee and its
// end user (screened once when they are the same party, as the engine does) against every
// name of the real OFAC SDN and UN consolidated lists, at the default threshold. Reports the
// p50 and p99 of the time per declaration (each iteration is timed on its own, by the wall
// clock and by the thread's CPU clock, which other processes on a busy machine do not
// inflate) and, in the context block, the memory the index takes: its own count of heap
// bytes and the growth of the process's resident set while it was built.
//
//   build/tools/bench/gk-screening-bench --benchmark_counters_tabular=true
//   GK_EXTERNAL_DATA_DIR=/path/to/lists build/tools/bench/gk-screening-bench
//
// The declared names come from the evaluation set (tools/screening/eval_set.h): real listed
// names as traders write them and near-misses sharing their words, which is the expensive
// case (every name finds candidates); a third benchmark screens names no list is close to.
// These three screen through an index without the cache of recent declared names: the
// benchmark cycles through a few thousand names, so with the cache every name after the
// first round would be a lookup, not a screening. The fourth measures exactly that: the
// near-listed names again, through the engine's index with its cache, every name seen before.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "gatekeeper/v1/party.pb.h"
#include "services/screening/party_screener.h"
#include "services/screening/screening_index.h"
#include "tools/screening/eval_metrics.h"
#include "tools/screening/eval_set.h"
#include "tools/screening/external_queries.h"
#include "tools/screening/ofac_sdn_importer.h"
#include "tools/screening/un_xml_importer.h"

namespace gatekeeper {
namespace {

struct Declared {
  std::string consignee;
  std::string end_user;  // equal to consignee when the declaration names one party
};

struct Workload {
  std::unique_ptr<ScreeningIndex> index;         // no cache of declared names
  std::unique_ptr<ScreeningIndex> cached_index;  // as the engine builds it
  std::vector<Declared> near_listed;             // half with a distinct end user
  std::vector<Declared> distinct_parties;
  std::vector<Declared> unlisted;
  // GK_SCREENING_TRADER_VARIANTS: the queries of tools/screening/trader_variants.py.
  std::vector<Declared> trader_variants;
};

Workload* workload = nullptr;

// CPU time of this thread, in microseconds: unlike the wall clock, not inflated when other
// processes take the core in the middle of a screening.
double ThreadCpuMicros() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

// Resident set size in bytes, from /proc/self/statm.
size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t total_pages = 0;
  size_t resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return resident_pages * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// Company names of the kind most declarations carry, none of them listed; each gets a
// number so that no two are the same string.
std::vector<Declared> UnlistedDeclarations(size_t count) {
  const char* const kNames[] = {
      "Shenzhen Optics Co., Ltd.",
      "Veldhoven Photonics BV",
      "Nordic Precision Instruments AB",
      "Anatolia Makina Sanayi A.S.",
      "Pacific Rim Electronics Pte Ltd",
      "Sao Paulo Componentes Ltda",
      "Almaty Logistics LLP",
      "Gulf Star Trading FZE",
      "Maple Leaf Medical Supplies Inc",
      "Rhein Chemie Handels GmbH",
  };
  std::vector<Declared> declarations;
  for (size_t i = 0; i < count; ++i) {
    Declared declared;
    declared.consignee = absl::StrCat(kNames[i % std::size(kNames)], " ", i / std::size(kNames));
    declared.end_user = declared.consignee;
    declarations.push_back(std::move(declared));
  }
  return declarations;
}

void Load() {
  const char* dir = std::getenv("GK_EXTERNAL_DATA_DIR");
  const std::string data_dir = dir != nullptr ? dir : GK_EXTERNAL_DATA_DIR;
  auto ofac = screening::ImportOfacSdn(data_dir + "/ofac-sdn.csv", data_dir + "/ofac-alt.csv");
  auto un = screening::ImportUnConsolidatedXml(data_dir + "/un-consolidated.xml",
                                               screening::UnImportOptions());
  if (!ofac.ok() || !un.ok()) {
    std::fprintf(stderr, "cannot load the lists from %s: %s %s\n", data_dir.c_str(),
                 std::string(ofac.status().message()).c_str(),
                 std::string(un.status().message()).c_str());
    std::exit(1);
  }
  std::vector<v1::ListedParty> parties = *std::move(ofac);
  parties.insert(parties.end(), un->begin(), un->end());
  size_t names = 0;
  for (const v1::ListedParty& party : parties) names += party.names_size();

  workload = new Workload;
  const size_t rss_before = ResidentBytes();
  ScreeningIndexOptions uncached;
  uncached.name_cache_entries = 0;
  workload->index = std::make_unique<ScreeningIndex>(uncached);
  for (const v1::ListedParty& party : parties) workload->index->Put(party);
  const size_t rss_after = ResidentBytes();
  workload->cached_index = std::make_unique<ScreeningIndex>();
  for (const v1::ListedParty& party : parties) workload->cached_index->Put(party);

  const std::vector<screening::EvalQuery> queries =
      screening::BuildEvalSet(parties, screening::EvalSetOptions());
  screening::EvalRandom random(42);
  for (size_t i = 0; i < queries.size(); ++i) {
    Declared declared;
    declared.consignee = queries[i].declared_name;
    declared.end_user = random.Chance(1, 2) ? declared.consignee
                                            : queries[random.Below(queries.size())].declared_name;
    workload->near_listed.push_back(declared);
    declared.end_user = queries[(i * 7919 + 1) % queries.size()].declared_name;
    workload->distinct_parties.push_back(std::move(declared));
  }
  workload->unlisted = UnlistedDeclarations(4000);
  if (const char* variants = std::getenv("GK_SCREENING_TRADER_VARIANTS")) {
    auto read = screening::ReadExternalQueries(variants);
    if (!read.ok()) {
      std::fprintf(stderr, "%s\n", std::string(read.status().message()).c_str());
      std::exit(1);
    }
    screening::EvalRandom variant_random(43);
    for (const screening::EvalQuery& query : *read) {
      Declared declared;
      declared.consignee = query.declared_name;
      declared.end_user = variant_random.Chance(1, 2)
                              ? declared.consignee
                              : (*read)[variant_random.Below(read->size())].declared_name;
      workload->trader_variants.push_back(std::move(declared));
    }
  }

  benchmark::AddCustomContext("listed_parties", std::to_string(workload->index->party_count()));
  benchmark::AddCustomContext("listed_names", std::to_string(names));
  benchmark::AddCustomContext("index_memory_bytes",
                              std::to_string(workload->index->memory_bytes()));
  benchmark::AddCustomContext("index_rss_delta_bytes",
                              std::to_string(rss_after > rss_before ? rss_after - rss_before : 0));
}

void ScreenDeclarations(benchmark::State& state, const ScreeningIndex& index,
                        const std::vector<Declared>& declarations) {
  std::vector<double> micros;
  std::vector<double> cpu_micros;
  size_t next = 0;
  size_t hits = 0;
  for (auto _ : state) {
    const Declared& declared = declarations[next];
    next = (next + 1) % declarations.size();
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuMicros();
    std::vector<ScreeningHit> consignee_hits =
        index.Screen(declared.consignee, "", kDefaultScreeningThreshold);
    hits += consignee_hits.size();
    benchmark::DoNotOptimize(consignee_hits);
    if (declared.end_user != declared.consignee) {
      std::vector<ScreeningHit> end_user_hits =
          index.Screen(declared.end_user, "", kDefaultScreeningThreshold);
      hits += end_user_hits.size();
      benchmark::DoNotOptimize(end_user_hits);
    }
    cpu_micros.push_back(ThreadCpuMicros() - cpu_start);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  state.counters["p50_us"] = screening::Percentile(micros, 0.50);
  state.counters["p99_us"] = screening::Percentile(micros, 0.99);
  state.counters["max_us"] = screening::Percentile(micros, 1.0);
  state.counters["cpu_p50_us"] = screening::Percentile(cpu_micros, 0.50);
  state.counters["cpu_p99_us"] = screening::Percentile(cpu_micros, 0.99);
  state.counters["hits_per_decl"] =
      micros.empty() ? 0.0 : static_cast<double>(hits) / static_cast<double>(micros.size());
}

// Near-listed names; the end user is the consignee half of the time.
void BM_ScreenDeclaration(benchmark::State& state) {
  ScreenDeclarations(state, *workload->index, workload->near_listed);
}
// Near-listed names; the end user is always another party (two screenings).
void BM_ScreenDeclarationDistinctEndUser(benchmark::State& state) {
  ScreenDeclarations(state, *workload->index, workload->distinct_parties);
}
// Listed names as traders type them and their near misses (trader_variants.py), when
// GK_SCREENING_TRADER_VARIANTS names the file; the end user is the consignee half of the time.
void BM_ScreenTraderVariants(benchmark::State& state) {
  if (workload->trader_variants.empty()) {
    state.SkipWithError("GK_SCREENING_TRADER_VARIANTS not set");
    return;
  }
  ScreenDeclarations(state, *workload->index, workload->trader_variants);
}
// Ordinary company names that are not listed.
void BM_ScreenUnlistedDeclaration(benchmark::State& state) {
  ScreenDeclarations(state, *workload->index, workload->unlisted);
}
// Near-listed names already screened since the index last changed, served by the cache of
// recent declared names (the first round through the names warms it).
void BM_ScreenRepeatedDeclaration(benchmark::State& state) {
  for (const Declared& declared : workload->near_listed) {
    workload->cached_index->Screen(declared.consignee, "", kDefaultScreeningThreshold);
    workload->cached_index->Screen(declared.end_user, "", kDefaultScreeningThreshold);
  }
  ScreenDeclarations(state, *workload->cached_index, workload->near_listed);
}

// The --one_pass mode of main.
int ScreenOnce(const std::string& workload_name) {
  const std::vector<Declared>* declarations = nullptr;
  if (workload_name == "near_listed") declarations = &workload->near_listed;
  if (workload_name == "distinct") declarations = &workload->distinct_parties;
  if (workload_name == "unlisted") declarations = &workload->unlisted;
  if (declarations == nullptr) {
    std::fprintf(stderr, "--one_pass: unknown workload %s\n", workload_name.c_str());
    return 1;
  }
  size_t hits = 0;
  for (const Declared& declared : *declarations) {
    hits += workload->index->Screen(declared.consignee, "", kDefaultScreeningThreshold).size();
    if (declared.end_user != declared.consignee) {
      hits += workload->index->Screen(declared.end_user, "", kDefaultScreeningThreshold).size();
    }
  }
  std::printf("%s: %zu declarations, %zu hits\n", workload_name.c_str(), declarations->size(),
              hits);
  return 0;
}

BENCHMARK(BM_ScreenDeclaration)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_ScreenDeclarationDistinctEndUser)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_ScreenUnlistedDeclaration)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_ScreenTraderVariants)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_ScreenRepeatedDeclaration)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

}  // namespace
}  // namespace gatekeeper

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  // --one_pass=near_listed|distinct|unlisted: screens each declaration of that workload once,
  // without timing, so that `valgrind --tool=callgrind` counts the same instructions on
  // every run and every machine (docs/BENCHMARKS.md).
  std::string one_pass;
  if (argc == 2 && std::string_view(argv[1]).starts_with("--one_pass=")) {
    one_pass = std::string(std::string_view(argv[1]).substr(std::strlen("--one_pass=")));
    argc = 1;
  }
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  gatekeeper::Load();
  if (!one_pass.empty()) return gatekeeper::ScreenOnce(one_pass);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
