#include "tools/samplegen/goods_catalogue.h"

#include <algorithm>

namespace gatekeeper::samplegen {
namespace {

constexpr GoodsType kOrdinary[] = {
    {"06031100", "fresh cut roses", "NAR", 45, 30'000, 2'000, 40'000, "", ""},
    {"07020000", "tomatoes, fresh or chilled", "KGM", 180, 0, 2'000, 20'000, "", ""},
    {"04069021", "Gouda cheese", "KGM", 950, 0, 500, 8'000, "", ""},
    {"04021019", "skimmed milk powder", "KGM", 380, 0, 1'000, 20'000, "", ""},
    {"08081080", "apples, fresh", "KGM", 110, 0, 2'000, 20'000, "", ""},
    {"19059080", "bakery products", "KGM", 450, 0, 200, 6'000, "", ""},
    {"22030001", "beer made from malt, in containers of 10 l or less", "LTR", 150,
     1'100'000, 500, 20'000, "", ""},
    {"22042109", "wine, in containers of 2 l or less", "LTR", 650, 1'250'000, 300, 9'000,
     "", ""},
    {"30049000", "medicaments in measured doses, for retail sale", "KGM", 12'000, 0, 20,
     2'000, "", ""},
    {"33049900", "beauty and skin-care preparations", "KGM", 2'500, 0, 50, 3'000, "", ""},
    {"39269097", "articles of plastics", "KGM", 850, 0, 100, 10'000, "", ""},
    {"48191000", "cartons and boxes of corrugated paper", "KGM", 150, 0, 500, 15'000, "",
     ""},
    {"61091000", "T-shirts of cotton, knitted", "NAR", 600, 180'000, 500, 20'000, "", ""},
    {"64039993", "footwear with leather uppers", "NPR", 3'500, 900'000, 100, 5'000, "", ""},
    {"73182200", "washers of iron or steel", "KGM", 420, 0, 100, 5'000, "", ""},
    {"84145100", "table and floor fans", "NAR", 3'500, 3'000'000, 20, 2'000, "", ""},
    {"84181020", "combined refrigerator-freezers", "NAR", 48'000, 65'000'000, 10, 300, "",
     ""},
    {"84212100", "machinery for filtering or purifying water", "NAR", 120'000, 15'000'000, 2,
     80, "", ""},
    {"84713000", "portable laptop computers", "NAR", 85'000, 2'200'000, 5, 400, "", ""},
    {"85167100", "coffee makers", "NAR", 9'000, 4'000'000, 20, 1'500, "", ""},
    {"87089997", "parts and accessories of motor vehicles", "KGM", 1'400, 0, 200, 15'000, "",
     ""},
    {"87120030", "bicycles, not motorised", "NAR", 45'000, 14'000'000, 5, 300, "", ""},
    {"90189084", "medical instruments and appliances", "NAR", 4'500, 300'000, 20, 2'000, "",
     ""},
    {"94036090", "wooden furniture", "NAR", 32'000, 25'000'000, 5, 200, "", ""},
    {"94054200", "LED luminaires", "NAR", 6'000, 1'500'000, 20, 3'000, "", ""},
};

// Not listed: CHP items and CN codes correlated with Annex I in this sample.
constexpr GoodsType kSensitive[] = {
    {"85423190", "microcontrollers", "NAR", 350, 2'000, 500, 20'000, "", ""},
    {"85423290", "memory integrated circuits", "NAR", 280, 2'000, 500, 20'000, "", ""},
    {"85423390", "amplifier integrated circuits", "NAR", 420, 2'000, 200, 10'000, "", ""},
    {"85423990", "integrated circuits, other", "NAR", 600, 3'000, 200, 10'000, "", ""},
    {"85176200", "routers and network switches", "NAR", 40'000, 2'500'000, 10, 300, "", ""},
    {"85269120", "GNSS receivers", "NAR", 25'000, 400'000, 10, 500, "", ""},
    {"90148000", "navigational instruments", "NAR", 60'000, 3'000'000, 2, 50, "", ""},
    {"85322400", "multilayer ceramic capacitors", "NAR", 2, 50, 10'000, 200'000, "", ""},
    {"85044090", "static converters (power supplies)", "NAR", 9'000, 1'200'000, 20, 1'000,
     "", ""},
    {"85366990", "plugs and sockets", "NAR", 120, 20'000, 1'000, 50'000, "", ""},
    {"84821010", "ball bearings", "NAR", 850, 150'000, 100, 5'000, "", ""},
    {"84822000", "tapered roller bearings", "NAR", 2'400, 900'000, 50, 2'000, "", ""},
    {"84825000", "cylindrical roller bearings", "NAR", 3'800, 1'200'000, 50, 2'000, "", ""},
    {"85414900", "photodiodes and optical sensors", "NAR", 900, 5'000, 200, 10'000, "", ""},
    {"85412900", "power transistors", "NAR", 180, 5'000, 1'000, 50'000, "", ""},
    {"85340011", "multilayer printed circuit boards", "NAR", 1'500, 60'000, 100, 10'000, "",
     ""},
    {"84718000", "storage and interface units", "NAR", 30'000, 3'000'000, 5, 300, "", ""},
    {"84715000", "servers and processing units", "NAR", 700'000, 20'000'000, 1, 60, "", ""},
    {"85258900", "digital cameras", "NAR", 90'000, 1'200'000, 5, 200, "", ""},
    {"90132000", "industrial lasers", "NAR", 500'000, 25'000'000, 1, 20, "", ""},
    {"90138000", "optical devices and instruments", "NAR", 3'000, 400'000, 20, 1'000, "",
     ""},
    {"84818081", "valves of steel", "NAR", 8'000, 6'000'000, 10, 500, "", ""},
    {"84589120", "numerically controlled lathes", "NAR", 9'500'000, 4'500'000'000, 1, 3, "",
     ""},
    {"84571010", "machining centres for working metal", "NAR", 18'000'000, 7'000'000'000, 1,
     2, "", ""},
    {"84669340", "parts of machine tools", "KGM", 4'500, 0, 50, 2'000, "", ""},
    {"90302000", "oscilloscopes", "NAR", 450'000, 9'000'000, 1, 30, "", ""},
    {"88073000", "parts of aeroplanes and helicopters", "NAR", 25'000, 2'000'000, 5, 200,
     "", ""},
};

constexpr GoodsType kControlled[] = {
    {"85423190", "radiation-hardened microcircuits", "NAR", 45'000, 2'000, 10, 400,
     "3A001.a.2.c", "3A001"},
    {"85423390", "MMIC power amplifiers", "NAR", 90'000, 5'000, 10, 200, "3A001.b.2.b",
     "3A001"},
    {"90302000", "digital sampling oscilloscopes", "NAR", 2'500'000, 12'000'000, 1, 10,
     "3A002.a.5", "3A002"},
    {"84862090", "anisotropic plasma dry etching equipment", "NAR", 180'000'000,
     3'000'000'000, 1, 2, "3B001.c.1", "3B001"},
    {"84715000", "high-performance digital computers", "NAR", 1'500'000, 25'000'000, 1, 40,
     "4A003.b", "4A003"},
    {"85176200", "network encryption equipment", "NAR", 350'000, 4'000'000, 5, 200,
     "5A002.a", "5A002"},
    {"84718000", "hardware security modules", "NAR", 900'000, 6'000'000, 2, 60, "5A002.a",
     "5A002"},
    {"85414900", "infrared focal plane arrays", "NAR", 120'000, 50'000, 10, 300,
     "6A002.a.3", "6A002"},
    {"85258900", "thermal imaging cameras", "NAR", 650'000, 1'500'000, 2, 80, "6A003.b.4.b",
     "6A003"},
    {"90132000", "continuous-wave lasers", "NAR", 4'000'000, 30'000'000, 1, 6, "6A005.b",
     "6A005"},
    {"85269120", "GNSS receivers with adaptive antennas", "NAR", 300'000, 1'000'000, 5, 120,
     "7A005.b", "7A005"},
    {"84596110", "numerically controlled milling machines", "NAR", 35'000'000,
     8'000'000'000, 1, 2, "2B001.b.2", "2B001"},
    {"84818081", "corrosion-resistant valves", "NAR", 220'000, 9'000'000, 4, 120, "2B350.g.3",
     "2B350"},
    {"29221500", "triethanolamine", "KGM", 450, 0, 1'000, 20'000, "1C350.43", "1C350"},
    {"68151100", "carbon fibres", "KGM", 6'000, 0, 50, 2'000, "1C010.b", "1C010"},
};

}  // namespace

std::span<const GoodsType> OrdinaryGoods() { return kOrdinary; }
std::span<const GoodsType> SensitiveGoods() { return kSensitive; }
std::span<const GoodsType> ControlledGoods() { return kControlled; }

std::vector<std::string> DualUseCorrelatedCnCodes() {
  std::vector<std::string> codes;
  for (const GoodsType& goods : kControlled) codes.push_back(goods.cn_code);
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return codes;
}

bool IsDualUseCorrelated(const std::string& cn_code) {
  for (const GoodsType& goods : kControlled) {
    if (cn_code == goods.cn_code) return true;
  }
  return false;
}

const GoodsType* FindGoods(const std::string& cn_code, const std::string& control_code) {
  for (std::span<const GoodsType> group : {OrdinaryGoods(), SensitiveGoods(), ControlledGoods()}) {
    for (const GoodsType& goods : group) {
      if (cn_code == goods.cn_code && control_code == goods.control_code) return &goods;
    }
  }
  return nullptr;
}

}  // namespace gatekeeper::samplegen
