// Export declarations as an exporter's customs software fills them in: header (EX, export
// procedure 1000, exporter, consignee, destination, offices), goods items with CN code,
// description, quantity, net mass and statistical value, and the documents of data element
// 12 03: licence documents with the licence number, line and write-off, and the statements
// an exporter adds to unlisted goods (Y901 "not the listed goods" for CN codes correlated
// with Annex I, the no-Russia clause code for CHP items going to non-partner countries).
#ifndef GATEKEEPER_TOOLS_SAMPLEGEN_DECLARATION_BUILDER_H_
#define GATEKEEPER_TOOLS_SAMPLEGEN_DECLARATION_BUILDER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "gatekeeper/v1/declaration.pb.h"
#include "tools/samplegen/goods_catalogue.h"
#include "tools/samplegen/sample_random.h"
#include "tools/samplegen/trader_catalogue.h"

namespace gatekeeper::samplegen {

// The document code this sample uses for the Art. 12g no-Russia clause of Reg. 833/2014
// (the exporter's contract forbids re-export to Russia). TARIC has no Union-wide code for
// it; "Z120" is the sample's choice, documented in docs/DEMO.md, and it is only data: the
// diversion rule names it as its exemption code.
inline constexpr char kNoRussiaClauseCode[] = "Z120";
// Goods not subject to dual-use licensing (the dual-use footnote does not apply).
inline constexpr char kNotListedCode[] = "Y901";

// Header of a declaration (no MRN, version or lodgedAt: those are set when it is lodged).
v1::Declaration NewDeclaration(const Exporter& exporter, const std::string& destination,
                               const std::string& consignee_name);

// A random quantity of `goods` within its usual range, in milli-units (whole units).
int64_t RandomQuantityMilli(const GoodsType& goods, SampleRandom& random);

// Value of `quantity_milli` units at the goods' unit value with a price spread of +-10%.
int64_t ItemValueCents(const GoodsType& goods, int64_t quantity_milli, SampleRandom& random);

// Appends item number (items + 1) with the goods' CN code, description and control code.
v1::GoodsItem* AddItem(v1::Declaration* declaration, const GoodsType& goods,
                       int64_t quantity_milli, int64_t value_cents);

// Sets quantity, net mass and value of an item of `goods`.
void SetItemAmounts(v1::GoodsItem* item, const GoodsType& goods, int64_t quantity_milli,
                    int64_t value_cents);

// The statements the exporter adds to an unlisted item for `destination` (outside the
// EU): Y901 when its CN code is correlated with Annex I and `with_not_listed`, the
// no-Russia clause code when it is a CHP item, `destination` is not a partner country
// (nor Russia or Belarus) and `with_clause`.
void AddStatements(v1::GoodsItem* item, const std::string& destination, bool with_not_listed,
                   bool with_clause, SampleRandom& random);

// True when AddStatements would add the clause code for this item and destination.
bool NeedsClause(const std::string& cn_code, const std::string& destination);

// A licence document: `code` and `reference`, the line when `line_no` > 0, and a stated
// write-off when given.
v1::Document* AddLicenceDocument(v1::GoodsItem* item, const std::string& code,
                                 const std::string& reference, int32_t line_no,
                                 std::optional<int64_t> write_off_milli,
                                 std::optional<int64_t> write_off_value_cents);

}  // namespace gatekeeper::samplegen

#endif  // GATEKEEPER_TOOLS_SAMPLEGEN_DECLARATION_BUILDER_H_
