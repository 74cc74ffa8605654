#include "tests/gkctl/event_stream_generator.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/gkctl/event_lines.h"

namespace gatekeeper::testing {
namespace {

constexpr int kLicenceCount = 30;
// Enough for about half of the stream's NAR before balances run out.
constexpr int kInitialNar = 10000;
constexpr char kRuleId[] = "EU-2021-821-CN";

// SplitMix64: small, fast, and the same on every platform (std::
// distributions are not).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound).
  int Below(int bound) { return static_cast<int>(Next() % static_cast<uint64_t>(bound)); }

 private:
  uint64_t state_;
};

struct Declared {
  std::string mrn;
  int version = 1;
  std::string last_line;
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : random_(seed) {}

  EventStream Generate(int line_count) {
    for (int i = 0; i < kLicenceCount; ++i) {
      stream_.licence_ids.push_back(absl::StrFormat("NL-DU-2025-%06d", i + 1));
      Emit(Licence(i, kInitialNar));
    }
    Emit(LicenceRequirementRule(kRuleId, {"6A002", "1C010"}));
    while (static_cast<int>(stream_.lines.size()) < line_count) Step();
    return std::move(stream_);
  }

 private:
  void Emit(std::string line) { stream_.lines.push_back(std::move(line)); }

  // Line 1: `nar` NAR and 1,000 EUR per NAR, some with a 5 % tolerance;
  // line 2: 800 KGM of 1C010 with no value cap.
  std::string Licence(int index, int nar, const std::string& status = "ACTIVE") {
    return LicenceEvent(stream_.licence_ids[index],
                        {{.line_no = 1,
                          .control_code = "6A002",
                          .quantity = absl::StrCat(nar),
                          .unit = "NAR",
                          .value_eur = absl::StrCat(nar * 1000),
                          .tolerance_percent = index % 3 == 0 ? 5 : 0},
                         {.line_no = 2, .control_code = "1C010", .quantity = "800", .unit = "KGM"}},
                        status);
  }

  std::vector<ItemSpec> Items() {
    std::vector<ItemSpec> items;
    const int count = 1 + random_.Below(3);
    for (int i = 1; i <= count; ++i) {
      ItemSpec item;
      item.item_no = i;
      if (random_.Below(4) == 0) {
        const int tenths = 1 + random_.Below(300);
        item.control_code = "1C010.b";
        item.unit = "KGM";
        item.amount = absl::StrCat(tenths / 10, ".", tenths % 10);
        item.value_eur = absl::StrCat(tenths * 10);
      } else {
        const int nar = 1 + random_.Below(60);
        item.amount = absl::StrCat(nar);
        item.value_eur = absl::StrCat(nar * 1000);
      }
      const int documents = random_.Below(100);
      if (documents < 5) {
        // No licence document: LICENCE_REQUIRED, held.
      } else if (documents < 10) {
        item.licences = {"NL-DU-2025-UNKNOWN"};
      } else {
        item.licences = {stream_.licence_ids[random_.Below(kLicenceCount)]};
      }
      items.push_back(std::move(item));
    }
    return items;
  }

  Declared& AnyDeclared() { return declared_[random_.Below(static_cast<int>(declared_.size()))]; }

  void NewDeclaration() {
    Declared declared;
    declared.mrn = absl::StrFormat("25NL%014d", declared_.size() + 1);
    declared.last_line = DeclarationEvent(declared.mrn, 1, Items());
    Emit(declared.last_line);
    stream_.mrns.push_back(declared.mrn);
    declared_.push_back(std::move(declared));
  }

  void Step() {
    const int choice = random_.Below(100);
    if (declared_.empty() || choice < 54) {
      NewDeclaration();
    } else if (choice < 64) {
      Declared& declared = AnyDeclared();
      declared.last_line = DeclarationEvent(declared.mrn, ++declared.version, Items());
      Emit(declared.last_line);
    } else if (choice < 72) {
      Emit(AnyDeclared().last_line);  // a duplicate
    } else if (choice < 78) {
      Emit(InvalidationEvent(AnyDeclared().mrn));
    } else if (choice < 93) {
      // Many are not held: refused, reported, skipped.
      Emit(DispositionEvent(AnyDeclared().mrn, random_.Below(3) == 0 ? "REFUSE" : "RELEASE"));
    } else if (choice < 96) {
      // A replacement may lower the total below what is used already.
      Emit(Licence(random_.Below(kLicenceCount), 2000 + random_.Below(kInitialNar)));
    } else if (choice < 98) {
      Emit(Licence(random_.Below(kLicenceCount), kInitialNar,
                   random_.Below(2) == 0 ? "SUSPENDED" : "ACTIVE"));
    } else {
      Emit(R"({"declaration": {"mrn": "25NL)");
    }
  }

  Random random_;
  EventStream stream_;
  std::vector<Declared> declared_;
};

}  // namespace

EventStream GenerateEventStream(int line_count, uint64_t seed) {
  return Generator(seed).Generate(line_count);
}

}  // namespace gatekeeper::testing
