// The sample's only source of randomness: xoshiro256** seeded through splitmix64, with its
// own integer helpers. The standard library's distributions are implementation-defined, so
// they are avoided: the same seed gives the same numbers, hence the same bytes, with any
// compiler and standard library.
//
//   SampleRandom random(42);
//   int64_t quantity = random.Between(1, 40);   // inclusive
//   if (random.PerMille(15)) ...               // true 1.5% of the time
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_RANDOM_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_RANDOM_H_

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>

namespace gatekeeper::samplegen {

class SampleRandom {
 public:
  explicit SampleRandom(uint64_t seed);

  uint64_t Next();

  // Uniform in [low, high], both inclusive, without modulo bias. REQUIRES: low <= high.
  int64_t Between(int64_t low, int64_t high);

  // Uniform index in [0, size). REQUIRES: size > 0.
  size_t Index(size_t size) {
    assert(size > 0);
    return static_cast<size_t>(Between(0, static_cast<int64_t>(size) - 1));
  }

  // True with probability chance_per_mille / 1000.
  bool PerMille(int chance_per_mille) { return Between(0, 999) < chance_per_mille; }

  template <typename T>
  const T& Pick(std::span<const T> values) {
    return values[Index(values.size())];
  }

  // A new, independent stream derived from this one and `salt`, so that a part of the
  // sample can draw numbers without shifting what every later part draws.
  SampleRandom Fork(uint64_t salt);

 private:
  uint64_t state_[4];
};

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_SAMPLE_RANDOM_H_
