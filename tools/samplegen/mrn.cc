#include "tools/samplegen/mrn.h"

#include <cassert>

#include "absl/strings/str_format.h"

namespace gatekeeper::samplegen {
namespace {

constexpr char kBase36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr int kSerialLength = 12;
// 36^12: the number of distinct serials.
constexpr uint64_t kSerialSpace = 4738381338321616896ULL;
// Odd and not a multiple of 3, hence coprime with 36^12: multiplying by it permutes the
// serial space. Close to 36^12 times the golden ratio, so consecutive numbers land far
// apart and their serials share no visible prefix.
constexpr uint64_t kScramble = 2928480718740974081ULL;
constexpr char kProcedureIndicatorExport = 'A';

// ISO 6346 character values: digits as themselves, letters from 10 upwards skipping 11,
// 22 and 33.
int CharacterValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  int value = 10;
  for (char letter = 'A'; letter < c; ++letter) {
    ++value;
    if (value % 11 == 0) ++value;
  }
  return value;
}

}  // namespace

char MrnCheckCharacter(const std::string& first_17) {
  int64_t sum = 0;
  int64_t weight = 1;
  for (char c : first_17) {
    sum += CharacterValue(c) * weight;
    weight *= 2;
  }
  return static_cast<char>('0' + (sum % 11) % 10);
}

std::string MakeMrn(int year_two_digits, const std::string& country, uint64_t number) {
  assert(number < kSerialSpace);
  assert(country.size() == 2);
  uint64_t scrambled = static_cast<uint64_t>(
      (static_cast<unsigned __int128>(number) * kScramble) % kSerialSpace);
  std::string serial(kSerialLength, '0');
  for (int i = kSerialLength - 1; i >= 0; --i) {
    serial[i] = kBase36[scrambled % 36];
    scrambled /= 36;
  }
  std::string mrn = absl::StrFormat("%02d%s%s%c", year_two_digits, country, serial,
                                    kProcedureIndicatorExport);
  mrn.push_back(MrnCheckCharacter(mrn));
  return mrn;
}

}  // namespace gatekeeper::samplegen
