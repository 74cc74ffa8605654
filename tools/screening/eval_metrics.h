// Precision, recall and latency percentiles for gk-screening-eval.
#ifndef GATEKEEPER_TOOLS_SCREENING_EVAL_METRICS_H_
#define GATEKEEPER_TOOLS_SCREENING_EVAL_METRICS_H_

#include <cstddef>
#include <vector>

namespace gatekeeper::screening {

struct ScoredQuery {
  bool positive = false;
  // Positive: the score of the expected party (0 if it was not a hit). Negative: the best
  // score of any party (0 if there was no hit).
  double score = 0;
};

struct ThresholdMetrics {
  double threshold = 0;
  size_t true_positives = 0;   // positives whose party scored >= threshold
  size_t false_negatives = 0;  // positives whose party did not
  size_t false_positives = 0;  // negatives with any party >= threshold
  size_t true_negatives = 0;
  double precision = 0;  // 1 when nothing was predicted
  double recall = 0;     // 1 when there are no positives
  double f1 = 0;
};

ThresholdMetrics MetricsAt(const std::vector<ScoredQuery>& queries, double threshold);

// The nearest-rank percentile (fraction in 0..1) of `values`; 0 when empty.
double Percentile(std::vector<double> values, double fraction);

}  // namespace gatekeeper::screening

#endif  // GATEKEEPER_TOOLS_SCREENING_EVAL_METRICS_H_
