#include "tools/screening/eval_metrics.h"

#include <algorithm>
#include <cmath>

namespace gatekeeper::screening {

ThresholdMetrics MetricsAt(const std::vector<ScoredQuery>& queries, double threshold) {
  ThresholdMetrics metrics;
  metrics.threshold = threshold;
  for (const ScoredQuery& query : queries) {
    const bool hit = query.score >= threshold;
    if (query.positive) {
      ++(hit ? metrics.true_positives : metrics.false_negatives);
    } else {
      ++(hit ? metrics.false_positives : metrics.true_negatives);
    }
  }
  const size_t predicted = metrics.true_positives + metrics.false_positives;
  const size_t actual = metrics.true_positives + metrics.false_negatives;
  metrics.precision =
      predicted == 0 ? 1.0 : static_cast<double>(metrics.true_positives) / predicted;
  metrics.recall = actual == 0 ? 1.0 : static_cast<double>(metrics.true_positives) / actual;
  const double sum = metrics.precision + metrics.recall;
  metrics.f1 = sum == 0 ? 0 : 2 * metrics.precision * metrics.recall / sum;
  return metrics;
}

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(std::clamp(fraction, 0.0, 1.0) * values.size());
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return values[std::min(index, values.size() - 1)];
}

}  // namespace gatekeeper::screening
