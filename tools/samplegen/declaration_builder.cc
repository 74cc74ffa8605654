#include "tools/samplegen/declaration_builder.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "tools/samplegen/reference_lists.h"
#include "tools/samplegen/sample_amounts.h"

namespace gatekeeper::samplegen {
namespace {

constexpr int kPriceSpreadPermilleMin = 900;
constexpr int kPriceSpreadPermilleMax = 1100;

}  // namespace

v1::Declaration NewDeclaration(const Exporter& exporter, const std::string& destination,
                               const std::string& consignee_name) {
  v1::Declaration declaration;
  declaration.set_declaration_type("EX");
  declaration.set_procedure("1000");
  v1::Trader* trader = declaration.mutable_exporter();
  trader->set_eori(exporter.eori);
  trader->set_name(exporter.name);
  trader->set_country(exporter.country);
  v1::Trader* consignee = declaration.mutable_consignee();
  consignee->set_name(consignee_name);
  consignee->set_country(destination);
  declaration.set_destination_country(destination);
  declaration.set_office_of_export(exporter.office_of_export);
  declaration.set_office_of_exit(exporter.office_of_exit);
  return declaration;
}

int64_t RandomQuantityMilli(const GoodsType& goods, SampleRandom& random) {
  return random.Between(goods.quantity_min, goods.quantity_max) * 1000;
}

int64_t ItemValueCents(const GoodsType& goods, int64_t quantity_milli, SampleRandom& random) {
  const int64_t spread = random.Between(kPriceSpreadPermilleMin, kPriceSpreadPermilleMax);
  // quantity_milli / 1000 units at unit_value_cents, times spread / 1000.
  const __int128 cents =
      static_cast<__int128>(quantity_milli) * goods.unit_value_cents * spread / 1'000'000;
  return std::max<int64_t>(1, static_cast<int64_t>(cents));
}

void SetItemAmounts(v1::GoodsItem* item, const GoodsType& goods, int64_t quantity_milli,
                    int64_t value_cents) {
  item->mutable_quantity()->set_amount(MilliText(quantity_milli));
  item->mutable_quantity()->set_unit(goods.unit);
  const std::string unit = goods.unit;
  // Net mass in kg with 3 decimals, i.e. in grams: mass per unit (mg) times units.
  const int64_t mass_milli_kg =
      unit == "KGM" ? quantity_milli
                    : std::max<int64_t>(1, static_cast<int64_t>(
                                               static_cast<__int128>(quantity_milli) *
                                               goods.unit_mass_mg / 1'000'000));
  item->set_net_mass_kg(MilliText(mass_milli_kg));
  item->set_value_eur(CentsText(value_cents));
}

v1::GoodsItem* AddItem(v1::Declaration* declaration, const GoodsType& goods,
                       int64_t quantity_milli, int64_t value_cents) {
  v1::GoodsItem* item = declaration->add_items();
  item->set_item_no(declaration->items_size());
  item->set_cn_code(goods.cn_code);
  item->set_description(goods.description);
  SetItemAmounts(item, goods, quantity_milli, value_cents);
  if (*goods.control_code != '\0') item->set_control_code(goods.control_code);
  return item;
}

bool NeedsClause(const std::string& cn_code, const std::string& destination) {
  return IsChpCode(cn_code) && !Contains(PartnerCountries(), destination) &&
         destination != "RU" && destination != "BY";
}

void AddStatements(v1::GoodsItem* item, const std::string& destination, bool with_not_listed,
                   bool with_clause, SampleRandom& random) {
  if (with_not_listed && item->control_code().empty() && IsDualUseCorrelated(item->cn_code())) {
    item->add_documents()->set_code(kNotListedCode);
  }
  if (with_clause && NeedsClause(item->cn_code(), destination)) {
    v1::Document* clause = item->add_documents();
    clause->set_code(kNoRussiaClauseCode);
    clause->set_reference(absl::StrFormat("contract %d/%04d art. 12g", 2024 + random.Between(0, 1),
                                          random.Between(1, 9999)));
  }
}

v1::Document* AddLicenceDocument(v1::GoodsItem* item, const std::string& code,
                                 const std::string& reference, int32_t line_no,
                                 std::optional<int64_t> write_off_milli,
                                 std::optional<int64_t> write_off_value_cents) {
  v1::Document* document = item->add_documents();
  document->set_code(code);
  document->set_reference(reference);
  if (line_no > 0) document->set_line_no(line_no);
  if (write_off_milli.has_value()) {
    document->mutable_write_off()->set_amount(MilliText(*write_off_milli));
    document->mutable_write_off()->set_unit(item->quantity().unit());
  }
  if (write_off_value_cents.has_value()) {
    document->set_write_off_value_eur(CentsText(*write_off_value_cents));
  }
  return document;
}

}  // namespace gatekeeper::samplegen
