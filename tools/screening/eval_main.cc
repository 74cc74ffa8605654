// gk-screening-eval: measures party screening on the real OFAC and UN lists with a
// deterministic evaluation set (eval_set.h) and prints precision, recall and F1 at the
// threshold, a precision/recall curve over thresholds (TSV), screening latency per
// declaration (consignee + end user) and the index's size. docs/SCREENING.md shows the
// output and explains the set.
//
//   gk-screening-eval [--seed N] [--threshold T] [--positives N] [--negatives N]
//                     [--declarations N] [--show-errors N] [--show-slowest N]
//                     [--sdn FILE] [--alt FILE] [--un FILE] [--queries TSV]
//
// --queries reads the set from a file instead (kind, expected party id or empty, declared
// name, source name; tab-separated), e.g. the independent one that
// tools/screening/trader_variants.py writes. Kinds ending in "-script" (a name in Arabic or
// Cyrillic script) are screened against the parties' Latin names only, which is what they
// are about.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gatekeeper/v1/party.pb.h"
#include "services/screening/party_screener.h"
#include "services/screening/screening_index.h"
#include "tools/screening/eval_metrics.h"
#include "tools/screening/eval_set.h"
#include "tools/screening/external_queries.h"
#include "tools/screening/ofac_sdn_importer.h"
#include "tools/screening/un_xml_importer.h"

namespace gatekeeper::screening {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 64;

// The curve starts here; below it every listed name sharing a word would count.
constexpr double kCurveMinThreshold = 0.50;
constexpr double kCurveStep = 0.01;
constexpr size_t kLatencyWarmupDeclarations = 200;

struct EvalFlags {
  std::string sdn_path = GK_EXTERNAL_DATA_DIR "/ofac-sdn.csv";
  std::string alt_path = GK_EXTERNAL_DATA_DIR "/ofac-alt.csv";
  std::string un_path = GK_EXTERNAL_DATA_DIR "/un-consolidated.xml";
  EvalSetOptions set;
  double threshold = kDefaultScreeningThreshold;
  size_t declarations = 5000;
  size_t show_errors = 0;
  size_t show_slowest = 0;
  std::string queries_path;
};

constexpr char kUsage[] =
    "Usage: gk-screening-eval [--seed N] [--threshold T] [--positives N] [--negatives N]\n"
    "                         [--declarations N] [--show-errors N] [--show-slowest N]\n"
    "                         [--sdn FILE] [--alt FILE] [--un FILE] [--queries TSV]\n";

bool ParseFlags(int argc, char** argv, EvalFlags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return false;
    const std::string value = argv[++i];
    bool ok = true;
    if (flag == "--sdn") {
      flags->sdn_path = value;
    } else if (flag == "--alt") {
      flags->alt_path = value;
    } else if (flag == "--un") {
      flags->un_path = value;
    } else if (flag == "--queries") {
      flags->queries_path = value;
    } else if (flag == "--seed") {
      ok = absl::SimpleAtoi(value, &flags->set.seed);
    } else if (flag == "--positives") {
      ok = absl::SimpleAtoi(value, &flags->set.positives);
    } else if (flag == "--negatives") {
      ok = absl::SimpleAtoi(value, &flags->set.negatives);
    } else if (flag == "--declarations") {
      ok = absl::SimpleAtoi(value, &flags->declarations);
    } else if (flag == "--show-slowest") {
      ok = absl::SimpleAtoi(value, &flags->show_slowest);
    } else if (flag == "--show-errors") {
      ok = absl::SimpleAtoi(value, &flags->show_errors);
    } else if (flag == "--threshold") {
      ok = absl::SimpleAtod(value, &flags->threshold) && flags->threshold > 0 &&
           flags->threshold <= 1;
    } else {
      ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

double ElapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
      .count();
}

// The query's score as ScoredQuery defines it, from the hits of one screening.
ScoredQuery Score(const EvalQuery& query, const std::vector<ScreeningHit>& hits) {
  ScoredQuery scored;
  scored.positive = !query.expected_party_id.empty();
  for (const ScreeningHit& hit : hits) {
    if (!scored.positive) {
      scored.score = std::max(scored.score, hit.score);
    } else if (IsExpectedParty(query.expected_party_id, hit.party_id)) {
      // Several entries of the same person may be accepted ("UN-1|OFAC-2"): the best counts.
      scored.score = std::max(scored.score, hit.score);
    }
  }
  return scored;
}

void PrintMetrics(absl::string_view label, const ThresholdMetrics& m) {
  absl::PrintF("%s threshold %.2f: precision %.4f recall %.4f F1 %.4f (TP %d FP %d FN %d TN %d)\n",
               label, m.threshold, m.precision, m.recall, m.f1, m.true_positives, m.false_positives,
               m.false_negatives, m.true_negatives);
}

int Run(const EvalFlags& flags) {
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<v1::ListedParty>> ofac = ImportOfacSdn(flags.sdn_path, flags.alt_path);
  if (!ofac.ok()) {
    absl::FPrintF(stderr, "gk-screening-eval: %s\n", ofac.status().message());
    return kExitFailure;
  }
  absl::StatusOr<std::vector<v1::ListedParty>> un =
      ImportUnConsolidatedXml(flags.un_path, UnImportOptions());
  if (!un.ok()) {
    absl::FPrintF(stderr, "gk-screening-eval: %s\n", un.status().message());
    return kExitFailure;
  }
  const double import_ms = ElapsedMs(start);
  std::vector<v1::ListedParty> parties = *ofac;
  parties.insert(parties.end(), un->begin(), un->end());
  size_t name_count = 0;
  size_t id_count = 0;
  for (const v1::ListedParty& party : parties) {
    name_count += party.names_size();
    id_count += party.ids_size();
  }

  start = std::chrono::steady_clock::now();
  // Without the cache of recent declared names: the latency and the slowest names below
  // screen names the quality pass has already screened, and must measure screening them.
  ScreeningIndexOptions index_options;
  index_options.name_cache_entries = 0;
  ScreeningIndex index(index_options);
  for (const v1::ListedParty& party : parties) index.Put(party);
  const double build_ms = ElapsedMs(start);

  start = std::chrono::steady_clock::now();
  std::vector<EvalQuery> queries;
  if (flags.queries_path.empty()) {
    queries = BuildEvalSet(parties, flags.set);
  } else {
    absl::StatusOr<std::vector<EvalQuery>> read = ReadExternalQueries(flags.queries_path);
    if (!read.ok()) {
      absl::FPrintF(stderr, "gk-screening-eval: %s\n", read.status().message());
      return kExitFailure;
    }
    queries = *std::move(read);
  }
  const double generate_ms = ElapsedMs(start);
  // The same parties without their names in Arabic or Cyrillic script, for the "-script"
  // kinds of an external set.
  ScreeningIndex latin_index(index_options);
  bool any_script_query = false;
  for (const EvalQuery& query : queries) any_script_query |= IsScriptKind(query.variation);
  if (any_script_query) {
    for (const v1::ListedParty& party : parties) latin_index.Put(LatinNamesOnly(party));
  }
  auto index_for = [&](const EvalQuery& query) -> const ScreeningIndex& {
    return IsScriptKind(query.variation) ? latin_index : index;
  };

  absl::PrintF("# gk-screening-eval seed=%d threshold=%.2f\n", flags.set.seed, flags.threshold);
  absl::PrintF(
      "lists: OFAC-SDN %d parties, UN-SC %d parties; %d names, %d identifiers "
      "(import %.0f ms)\n",
      ofac->size(), un->size(), name_count, id_count, import_ms);
  absl::PrintF("index: %d parties, memory_bytes %d (%.1f MiB), built in %.0f ms\n",
               index.party_count(), index.memory_bytes(), index.memory_bytes() / (1024.0 * 1024.0),
               build_ms);

  std::map<std::string, std::pair<size_t, size_t>> per_variation;  // hits, total
  std::map<std::string, bool> variation_is_negative;
  std::vector<ScoredQuery> curve_scores;
  std::vector<ScoredQuery> threshold_scores;
  size_t positives = 0;
  for (const EvalQuery& query : queries) {
    curve_scores.push_back(
        Score(query, index_for(query).Screen(query.declared_name, "", kCurveMinThreshold)));
    const std::vector<ScreeningHit> hits =
        index_for(query).Screen(query.declared_name, "", flags.threshold);
    threshold_scores.push_back(Score(query, hits));
    auto& [hit_count, total] = per_variation[query.variation];
    ++total;
    const bool predicted = threshold_scores.back().score >= flags.threshold;
    if (predicted == threshold_scores.back().positive) ++hit_count;
    if (threshold_scores.back().positive) ++positives;
    variation_is_negative[query.variation] = !threshold_scores.back().positive;
  }
  absl::PrintF("eval set: %d positives, %d negatives (generated in %.0f ms)\n", positives,
               queries.size() - positives, generate_ms);
  PrintMetrics("at", MetricsAt(threshold_scores, flags.threshold));
  for (const auto& [variation, counts] : per_variation) {
    absl::PrintF("  %-17s %4d queries, %5.1f%% %s\n", variation, counts.second,
                 100.0 * counts.first / counts.second,
                 variation_is_negative[variation] ? "rejected (negatives)" : "found (positives)");
  }

  ThresholdMetrics best_f1;
  ThresholdMetrics best_recall_at_precision;
  std::vector<ThresholdMetrics> curve;
  for (int step = 0; kCurveMinThreshold + step * kCurveStep <= 1.0 + 1e-9; ++step) {
    const ThresholdMetrics m = MetricsAt(curve_scores, kCurveMinThreshold + step * kCurveStep);
    curve.push_back(m);
    if (m.f1 > best_f1.f1) best_f1 = m;
    if (m.precision >= 0.99 && m.recall > best_recall_at_precision.recall) {
      best_recall_at_precision = m;
    }
  }
  PrintMetrics("best F1 at", best_f1);
  PrintMetrics("best recall with precision >= 0.99 at", best_recall_at_precision);

  // Latency: each declaration screens its consignee and its end user (the same party half
  // of the time, as in most declarations), at the threshold.
  std::vector<double> latencies_us;
  EvalRandom random(flags.set.seed ^ 0x5EED);
  const size_t total = flags.declarations + kLatencyWarmupDeclarations;
  size_t hits_seen = 0;
  for (size_t i = 0; i < total && !queries.empty(); ++i) {
    const std::string& consignee = queries[random.Below(queries.size())].declared_name;
    const std::string& end_user =
        random.Chance(1, 2) ? consignee : queries[random.Below(queries.size())].declared_name;
    const auto declaration_start = std::chrono::steady_clock::now();
    hits_seen += index.Screen(consignee, "", flags.threshold).size();
    hits_seen += index.Screen(end_user, "", flags.threshold).size();
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() -
                                                                declaration_start)
                          .count();
    if (i >= kLatencyWarmupDeclarations) latencies_us.push_back(us);
  }
  absl::PrintF(
      "latency per declaration (consignee + end user, %d declarations, one thread): "
      "p50 %.0f us, p99 %.0f us, max %.0f us (%d hits)\n",
      latencies_us.size(), Percentile(latencies_us, 0.50), Percentile(latencies_us, 0.99),
      Percentile(latencies_us, 1.0), hits_seen);

  absl::PrintF("\n# precision/recall curve (TSV)\nthreshold\tprecision\trecall\tf1\ttp\tfp\tfn\n");
  for (const ThresholdMetrics& m : curve) {
    absl::PrintF("%.2f\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\n", m.threshold, m.precision, m.recall, m.f1,
                 m.true_positives, m.false_positives, m.false_negatives);
  }

  if (flags.show_slowest > 0) {
    // Each query screened on its own, best of three, to see which names cost the most.
    std::vector<std::pair<double, size_t>> costs;
    for (size_t i = 0; i < queries.size(); ++i) {
      double best_us = 0;
      for (int round = 0; round < 3; ++round) {
        const auto query_start = std::chrono::steady_clock::now();
        const std::vector<ScreeningHit> hits =
            index.Screen(queries[i].declared_name, "", flags.threshold);
        const double us = std::chrono::duration<double, std::micro>(
                              std::chrono::steady_clock::now() - query_start)
                              .count();
        if (round == 0 || us < best_us) best_us = us;
      }
      costs.emplace_back(best_us, i);
    }
    std::sort(costs.rbegin(), costs.rend());
    absl::PrintF("\n# slowest names at threshold %.2f (best of 3)\n", flags.threshold);
    for (size_t i = 0; i < flags.show_slowest && i < costs.size(); ++i) {
      absl::PrintF("%8.0f us\t%s\t\"%s\"\n", costs[i].first, queries[costs[i].second].variation,
                   queries[costs[i].second].declared_name);
    }
  }

  if (flags.show_errors > 0) {
    absl::PrintF("\n# errors at threshold %.2f\n", flags.threshold);
    size_t shown_fn = 0;
    size_t shown_fp = 0;
    for (size_t i = 0; i < queries.size(); ++i) {
      const EvalQuery& query = queries[i];
      const ScoredQuery& scored = threshold_scores[i];
      const bool hit = scored.score >= flags.threshold;
      if (scored.positive == hit) continue;
      size_t& shown = scored.positive ? shown_fn : shown_fp;
      if (shown++ >= flags.show_errors) continue;
      const std::vector<ScreeningHit> top = index_for(query).Screen(query.declared_name, "", 0.3);
      absl::PrintF(
          "%s\t%s\tdeclared \"%s\"\tfrom \"%s\"\texpected %s (score %.3f)\ttop %s "
          "\"%s\" %.3f\n",
          scored.positive ? "FN" : "FP", query.variation, query.declared_name, query.listed_name,
          query.expected_party_id, curve_scores[i].score, top.empty() ? "-" : top[0].party_id,
          top.empty() ? "" : top[0].listed_name, top.empty() ? 0.0 : top[0].score);
    }
  }
  return kExitOk;
}

}  // namespace
}  // namespace gatekeeper::screening

int main(int argc, char** argv) {
  gatekeeper::screening::EvalFlags flags;
  if (!gatekeeper::screening::ParseFlags(argc, argv, &flags)) {
    std::fputs(gatekeeper::screening::kUsage, stderr);
    return gatekeeper::screening::kExitUsage;
  }
  return gatekeeper::screening::Run(flags);
}
