// The engine's view of listed-party screening (contract §3.1): consignees and end users are
// matched against every listed party by identifier (exact, score 1.0) and by name (a
// similarity that survives case, accents, punctuation, word order, transliteration and
// legal-form noise such as LLC, OOO, GmbH, "Co., Ltd.").
#ifndef GATEKEEPER_SERVICES_SCREENING_PARTY_SCREENER_H_
#define GATEKEEPER_SERVICES_SCREENING_PARTY_SCREENER_H_

#include <string>
#include <string_view>
#include <vector>

namespace gatekeeper {

// The score at or above which a name match is a hit unless configured otherwise. Chosen
// from the evaluation in docs/SCREENING.md.
inline constexpr double kDefaultScreeningThreshold = 0.90;

// Why a declared party matched a listed one; enough for an officer to judge the hit.
struct ScreeningHit {
  std::string party_id;
  // The listed name (or identifier) that matched.
  std::string listed_name;
  // The declared name (or identifier) it matched.
  std::string declared_name;
  // 0..1; exactly 1.0 for an identifier match.
  double score = 0;
  bool by_identifier = false;
};

class PartyScreener {
 public:
  virtual ~PartyScreener() = default;

  // Screens one declared party against every listed party. Returns at most one hit per
  // listed party (its best), only those with score >= threshold, best first, ties by
  // party_id. An empty name and empty id give no hits. Thread-safe for concurrent readers.
  virtual std::vector<ScreeningHit> Screen(std::string_view name, std::string_view id,
                                           double threshold) const = 0;
};

// Similarity in 0..1 of two names under the same normalization and scoring as Screen; used
// for rule-level parties (catch-all and denial notices) and licence end users.
double NameSimilarity(std::string_view declared_name, std::string_view listed_name);

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_SCREENING_PARTY_SCREENER_H_
