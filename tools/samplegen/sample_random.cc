#include "tools/samplegen/sample_random.h"

namespace gatekeeper::samplegen {
namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

SampleRandom::SampleRandom(uint64_t seed) {
  uint64_t expand = seed;
  for (uint64_t& word : state_) word = SplitMix64(expand);
}

uint64_t SampleRandom::Next() {
  const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

int64_t SampleRandom::Between(int64_t low, int64_t high) {
  assert(low <= high);
  const uint64_t span = static_cast<uint64_t>(high - low) + 1;
  if (span == 0) return static_cast<int64_t>(Next());  // the whole 64-bit range
  // Rejection sampling: draws above the largest multiple of `span` are retried.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t draw = Next();
  while (draw >= limit) draw = Next();
  return low + static_cast<int64_t>(draw % span);
}

SampleRandom SampleRandom::Fork(uint64_t salt) {
  return SampleRandom(Next() ^ (salt * 0x9E3779B97F4A7C15ULL));
}

}  // namespace gatekeeper::samplegen
