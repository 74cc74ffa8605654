// gk-bench-licences: individual export licences in bulk, one licence Event a JSON line, for
// the benchmark's licence counts beyond what gk-samplegen plans shipments for (it stops at
// 20,000): tools/bench/run adds these to the sample so the ledger holds 100,000 licences
// (the workload) and 1,000,000 for the memory measurement.
//
//   gk-bench-licences --count N [--seed S] [--output FILE]
//
// Deterministic from --seed. Each licence belongs to its own exporter (DE9... EORIs, which
// the sample's traders never use), so none of the sample's declarations writes off against
// them: they are the dormant majority of a real licence register, which the store, the
// in-memory licence views and the destination index must carry all the same. 1-3
// destinations outside the EU, 1-3 lines with a control code, a quantity cap in pieces and,
// on half of them, a value cap.
#include <cstdio>
#include <random>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gatekeeper/v1/event.pb.h"
#include "services/codec/event_codec.h"

namespace gatekeeper::bench {
namespace {

constexpr char kUsage[] = "usage: gk-bench-licences --count N [--seed S] [--output FILE]\n";
constexpr int64_t kMaxCount = 10'000'000;

const char* const kDestinations[] = {"CN", "US", "JP", "AE", "TR", "IN", "BR", "KZ", "RS", "SG",
                                     "KR", "MX", "ZA", "GB", "CH", "NO", "AU", "CA", "IL", "TH",
                                     "TW", "MY", "VN", "SA", "EG", "AR", "CL", "ID", "PH", "UA"};
const char* const kControlCodes[] = {"3A001", "3A002", "3B001", "4A003", "5A002", "5A001",
                                     "6A003", "6A005", "7A003", "9A004", "1C010", "2B001"};

int Main(int argc, char** argv) {
  int64_t count = -1;
  int64_t seed = 1;
  std::string output;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--count" && i + 1 < argc) {
      if (!absl::SimpleAtoi(argv[++i], &count) || count < 0 || count > kMaxCount) count = -2;
    } else if (arg == "--seed" && i + 1 < argc) {
      if (!absl::SimpleAtoi(argv[++i], &seed)) count = -2;
    } else if (arg == "--output" && i + 1 < argc) {
      output = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::printf("%s", kUsage);
      return 0;
    } else {
      count = -2;
    }
  }
  if (count < 0) {
    std::fprintf(stderr, "gk-bench-licences: --count 0..%lld is required\n%s",
                 static_cast<long long>(kMaxCount), kUsage);
    return 64;
  }
  FILE* out = stdout;
  if (!output.empty()) {
    out = std::fopen(output.c_str(), "w");
    if (out == nullptr) {
      std::perror(("gk-bench-licences: " + output).c_str());
      return 1;
    }
  }
  std::mt19937_64 random(static_cast<uint64_t>(seed));
  auto uniform = [&](int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(random);
  };
  constexpr size_t kDestinationCount = sizeof(kDestinations) / sizeof(kDestinations[0]);
  constexpr size_t kCodeCount = sizeof(kControlCodes) / sizeof(kControlCodes[0]);
  std::string text;
  for (int64_t n = 0; n < count; ++n) {
    v1::Event event;
    v1::Licence* licence = event.mutable_licence();
    licence->set_licence_id(absl::StrFormat("DE-BENCH-%08d", n));
    licence->set_type(v1::INDIVIDUAL);
    licence->set_status(v1::ACTIVE);
    licence->set_holder_eori(absl::StrFormat("DE9%011d", n));
    licence->set_issued_by("DE-BAFA");
    licence->set_valid_from("2025-01-01");
    licence->set_valid_until("2027-12-31");
    const int64_t destinations = uniform(1, 3);
    const size_t first = static_cast<size_t>(uniform(0, kDestinationCount - 1));
    for (int64_t d = 0; d < destinations; ++d) {
      licence->add_destinations(kDestinations[(first + d * 7) % kDestinationCount]);
    }
    const int64_t lines = uniform(1, 3);
    for (int64_t l = 1; l <= lines; ++l) {
      v1::LicenceLine* line = licence->add_lines();
      line->set_line_no(static_cast<int32_t>(l));
      line->set_control_code(kControlCodes[uniform(0, kCodeCount - 1)]);
      line->mutable_quantity()->set_amount(absl::StrCat(uniform(10, 5000)));
      line->mutable_quantity()->set_unit("NAR");
      if (uniform(0, 1) == 1) line->set_value_eur(absl::StrCat(uniform(10, 900) * 1000));
    }
    absl::StrAppend(&text, ToJsonLineSetFieldsOnly(event));
    if (text.empty() || text.back() != '\n') text.push_back('\n');
    if (text.size() > (1 << 20)) {
      std::fwrite(text.data(), 1, text.size(), out);
      text.clear();
    }
  }
  std::fwrite(text.data(), 1, text.size(), out);
  if (std::fflush(out) != 0 || std::ferror(out) || (out != stdout && std::fclose(out) != 0)) {
    std::perror("gk-bench-licences: write failed");
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace gatekeeper::bench

int main(int argc, char** argv) { return gatekeeper::bench::Main(argc, argv); }
