#include "tools/loadgen/synthetic_events.h"

#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace gatekeeper::loadgen {
namespace {

constexpr char kLicensedCn[] = "85414900";
constexpr char kLicensedControlCode[] = "6A002.a.3";
constexpr char kPlainCn[] = "84713000";
constexpr char kEmbargoedCn[] = "85423190";
constexpr char kListedPartyName[] = "Shady Trading LLC";
// Licence destinations; RU is deliberately not among them.
constexpr const char* kLicensedDestinations[] = {"CN", "AE", "IN", "US"};
// Share of a licence's expected write-offs it authorises: the rest is
// QUANTITY_EXCEEDED.
constexpr double kLicenceCoverage = 0.85;
// Average write-off per lodged declaration (items x licensed share x mean
// quantity).
constexpr double kExpectedWriteOffPerDeclaration = 2.0 * 0.7 * 10.5;

std::string EoriOf(int exporter) {
  return absl::StrFormat("NL%09d", 100000000 + exporter);
}

std::string LicenceIdOf(int exporter) {
  return absl::StrFormat("NL-DU-2025-%06d", exporter);
}

// "25NL" + 13 base-36 characters of the counter + a trailing character: matches
// the contract's MRN pattern, and is unique per counter.
std::string MrnOf(uint64_t counter) {
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string serial(13, '0');
  for (int i = 12; i >= 0 && counter > 0; --i) {
    serial[i] = kDigits[counter % 36];
    counter /= 36;
  }
  return absl::StrCat("25NL", serial, "7");
}

std::string LodgedAt(int index) {
  absl::Time base = absl::FromUnixSeconds(1748851200);  // 2025-06-02T08:00:00Z
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%SZ", base + absl::Seconds(index),
                          absl::UTCTimeZone());
}

class Generator {
 public:
  explicit Generator(const SyntheticOptions& options)
      : options_(options), random_(options.seed) {}

  SyntheticEvents Run() {
    SyntheticEvents events;
    AddLicensing(events.licensing);
    AddCustoms(events.customs);
    return events;
  }

 private:
  struct Lodged {
    int exporter = 0;
    v1::Declaration last;
    bool invalidated = false;
  };

  int Uniform(int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random_);
  }
  bool Chance(double p) { return std::bernoulli_distribution(p)(random_); }

  void AddLicensing(std::vector<v1::Event>& out) {
    v1::ListedParty* party = out.emplace_back().mutable_party();
    party->set_party_id("SYN-PARTY-0001");
    party->add_names(kListedPartyName);
    party->set_country("AE");
    party->set_source("SYNTHETIC");

    v1::Rule* embargo = out.emplace_back().mutable_rule();
    embargo->set_rule_id("SYN-RU-EMBARGO");
    embargo->set_kind(v1::Rule::EMBARGO);
    embargo->set_legal_basis("Reg. 833/2014 Art. 2a (synthetic)");
    embargo->add_destinations("RU");
    embargo->add_destinations("BY");
    embargo->add_cn_prefixes("854231");
    embargo->add_exemption_codes("Y987");
    embargo->set_valid_from("2024-02-23");

    v1::Rule* requirement = out.emplace_back().mutable_rule();
    requirement->set_rule_id("SYN-DU-6A002");
    requirement->set_kind(v1::Rule::LICENCE_REQUIREMENT);
    requirement->set_legal_basis("Reg. 2021/821 Art. 3 (synthetic)");
    requirement->add_control_code_prefixes("6A002");
    requirement->add_waiver_codes("Y901");
    requirement->set_valid_from("2021-09-09");

    double per_exporter =
        static_cast<double>(options_.declarations) / options_.exporters;
    int authorised = std::max(
        1, static_cast<int>(per_exporter * kExpectedWriteOffPerDeclaration *
                            kLicenceCoverage));
    for (int exporter = 0; exporter < options_.exporters; ++exporter) {
      v1::Licence* licence = out.emplace_back().mutable_licence();
      licence->set_licence_id(LicenceIdOf(exporter));
      licence->set_type(v1::INDIVIDUAL);
      licence->set_status(v1::ACTIVE);
      licence->set_holder_eori(EoriOf(exporter));
      licence->set_issued_by("NL-CDIU");
      licence->set_valid_from("2025-01-01");
      licence->set_valid_until("2026-12-31");
      for (const char* destination : kLicensedDestinations)
        licence->add_destinations(destination);
      v1::LicenceLine* line = licence->add_lines();
      line->set_line_no(1);
      line->set_control_code("6A002");
      line->set_cn_code("854149");
      line->mutable_quantity()->set_amount(absl::StrCat(authorised));
      line->mutable_quantity()->set_unit("NAR");
      line->set_description("infrared focal plane arrays (synthetic)");
    }
  }

  void FillItems(v1::Declaration& declaration, int exporter) {
    declaration.clear_items();
    int item_count = Uniform(1, 3);
    for (int item_no = 1; item_no <= item_count; ++item_no) {
      v1::GoodsItem* item = declaration.add_items();
      item->set_item_no(item_no);
      int quantity = Uniform(1, 20);
      item->mutable_quantity()->set_amount(absl::StrCat(quantity));
      item->mutable_quantity()->set_unit("NAR");
      item->set_net_mass_kg(
          absl::StrCat(quantity * 3 / 10, ".", quantity * 3 % 10));
      item->set_value_eur(absl::StrCat(quantity * 1200, ".00"));
      int kind = Uniform(0, 9);
      if (kind < 7) {
        item->set_cn_code(kLicensedCn);
        item->set_description("infrared detector arrays");
        item->set_control_code(kLicensedControlCode);
        v1::Document* document = item->add_documents();
        document->set_code("X060");
        document->set_reference(LicenceIdOf(exporter));
      } else if (kind < 9) {
        item->set_cn_code(kPlainCn);
        item->set_description("portable computers");
      } else {
        item->set_cn_code(kEmbargoedCn);
        item->set_description("processors");
      }
    }
    if (Chance(0.003))
      declaration.mutable_items(0)->set_cn_code("8541");  // REJECTED
  }

  v1::Declaration NewDeclaration(int exporter, int index) {
    v1::Declaration declaration;
    declaration.set_mrn(
        MrnOf(options_.first_mrn + static_cast<uint64_t>(index)));
    declaration.set_version(1);
    declaration.set_lodged_at(LodgedAt(index));
    declaration.set_declaration_type("EX");
    declaration.set_procedure("1000");
    declaration.mutable_exporter()->set_eori(EoriOf(exporter));
    declaration.mutable_exporter()->set_name(
        absl::StrCat("Synthetic Exporter ", exporter, " BV"));
    declaration.mutable_exporter()->set_country("NL");
    int destination_pick = Uniform(0, 99);
    std::string destination = destination_pick < 40   ? "CN"
                              : destination_pick < 60 ? "AE"
                              : destination_pick < 75 ? "IN"
                              : destination_pick < 95 ? "US"
                                                      : "RU";
    declaration.set_destination_country(destination);
    v1::Trader* consignee = declaration.mutable_consignee();
    if (destination == "AE" && Chance(0.05)) {
      consignee->set_name(kListedPartyName);
    } else {
      consignee->set_name(absl::StrCat("Consignee ", Uniform(1, 500), " Ltd"));
    }
    consignee->set_country(destination);
    declaration.set_office_of_export("NL000396");
    declaration.set_office_of_exit("NL000510");
    FillItems(declaration, exporter);
    return declaration;
  }

  void AddCustoms(std::vector<v1::Event>& out) {
    const int extras =
        static_cast<int>(options_.declarations *
                         (options_.duplicate_share + options_.amendment_share +
                          options_.invalidation_share));
    const double extra_probability =
        static_cast<double>(extras) / (options_.declarations + extras);
    std::vector<Lodged> lodged;
    lodged.reserve(options_.declarations);
    int lodgements = 0;
    int extras_done = 0;
    int clock = 0;
    while (lodgements < options_.declarations || extras_done < extras) {
      bool extra = lodgements >= options_.declarations ||
                   (extras_done < extras && !lodged.empty() &&
                    Chance(extra_probability));
      if (!extra) {
        int exporter = Uniform(0, options_.exporters - 1);
        Lodged& entry = lodged.emplace_back();
        entry.exporter = exporter;
        entry.last = NewDeclaration(exporter, lodgements);
        *out.emplace_back().mutable_declaration() = entry.last;
        ++lodgements;
        continue;
      }
      ++extras_done;
      Lodged& entry = lodged[Uniform(0, static_cast<int>(lodged.size()) - 1)];
      double pick = std::uniform_real_distribution<double>(
          0, options_.duplicate_share + options_.amendment_share +
                 options_.invalidation_share)(random_);
      if (pick < options_.duplicate_share) {
        *out.emplace_back().mutable_declaration() = entry.last;
      } else if (pick < options_.duplicate_share + options_.amendment_share &&
                 !entry.invalidated) {
        entry.last.set_version(entry.last.version() + 1);
        entry.last.set_lodged_at(LodgedAt(options_.declarations + clock++));
        FillItems(entry.last, entry.exporter);
        *out.emplace_back().mutable_declaration() = entry.last;
      } else if (!entry.invalidated) {
        entry.invalidated = true;
        v1::Invalidation* invalidation =
            out.emplace_back().mutable_invalidation();
        invalidation->set_mrn(entry.last.mrn());
        invalidation->set_exporter_eori(entry.last.exporter().eori());
        invalidation->set_reason("goods not exported (synthetic)");
      } else {
        *out.emplace_back().mutable_declaration() = entry.last;
      }
    }
  }

  SyntheticOptions options_;
  std::mt19937_64 random_;
};

}  // namespace

SyntheticEvents GenerateSyntheticEvents(const SyntheticOptions& options) {
  return Generator(options).Run();
}

}  // namespace gatekeeper::loadgen
