// The goods the sample's declarations carry, as an exporter's master data would hold them:
// CN code, description, the unit the customs declaration counts in, a typical unit value
// and net mass, and, for goods on the dual-use control list (Annex I of Reg. 2021/821),
// the control-list entry and the entry prefix a licence line names.
//
// Three groups, because the rules treat them differently:
// * ordinary goods: no CHP code, no dual-use correlation; never need a document;
// * sensitive goods: not listed, but either a CHP item (diversion and embargo rules) or a CN
//   code this sample correlates with Annex I (the licence-requirement rule then asks for a
//   licence or the Y901 statement "not the listed goods"), or both;
// * controlled goods: listed items, declared with their control code.
// The CN codes are real CN 2024 subheadings; the correlation between CN codes and control
// entries is this sample's (in reality it is many-to-many and published in the TARIC
// footnotes, which change every year).
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_GOODS_CATALOGUE_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_GOODS_CATALOGUE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace gatekeeper::samplegen {

struct GoodsType {
  const char* cn_code;
  const char* description;
  // UN/ECE Rec. 20: NAR (items), KGM, LTR, NPR (pairs).
  const char* unit;
  // Value of one unit in euro cents, before the per-shipment price spread.
  int64_t unit_value_cents;
  // Net mass of one unit in milligrams (ignored for KGM goods: the quantity is the mass).
  int64_t unit_mass_mg;
  // The usual quantity of one goods item, in whole units.
  int64_t quantity_min;
  int64_t quantity_max;
  // Annex I entry as declared ("6A002.a.3"); empty for goods not on the control list.
  const char* control_code;
  // The entry a licence line names ("6A002"); empty when not listed.
  const char* licence_entry;
};

std::span<const GoodsType> OrdinaryGoods();
std::span<const GoodsType> SensitiveGoods();
std::span<const GoodsType> ControlledGoods();

// CN codes this sample correlates with Annex I: the CN codes of ControlledGoods(). Outside
// the EU, an item with one of them needs a licence document or Y901.
std::vector<std::string> DualUseCorrelatedCnCodes();
bool IsDualUseCorrelated(const std::string& cn_code);

// A goods type by CN code and control code (empty for unlisted goods); nullptr when none.
const GoodsType* FindGoods(const std::string& cn_code, const std::string& control_code);

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_GOODS_CATALOGUE_H_
