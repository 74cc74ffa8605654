#include "tools/samplegen/reference_lists.h"

namespace gatekeeper::samplegen {
namespace {

constexpr ChpItem kChpItems[] = {
    {"1", "854231", "Electronic integrated circuits: processors and controllers"},
    {"1", "854232", "Electronic integrated circuits: memories"},
    {"1", "854233", "Electronic integrated circuits: amplifiers"},
    {"1", "854239", "Electronic integrated circuits: other"},
    {"2", "851762",
     "Machines for the reception, conversion and transmission or regeneration of voice, "
     "images or other data"},
    {"2", "852691", "Radio navigational aid apparatus (e.g. GNSS receivers)"},
    {"2", "853221", "Fixed capacitors: tantalum"},
    {"2", "853224", "Fixed capacitors: ceramic dielectric, multilayer"},
    {"2", "854800", "Electrical parts of machinery or apparatus, not specified elsewhere in "
                    "chapter 85"},
    {"3A", "847150", "Processing units for automatic data-processing machines"},
    {"3A", "850440", "Static converters"},
    {"3A", "851769", "Other apparatus for transmission or reception of voice, images or other "
                     "data"},
    {"3A", "852589", "Other television, digital and video cameras (e.g. infrared cameras)"},
    {"3A", "852910", "Aerials and aerial reflectors of all kinds and parts"},
    {"3A", "852990", "Other parts for apparatus of headings 8524 to 8528"},
    {"3A", "853669", "Plugs and sockets, for a voltage not exceeding 1,000 V"},
    {"3A", "853690", "Other apparatus for switching or protecting electrical circuits, not "
                     "exceeding 1,000 V"},
    {"3A", "854110", "Diodes, other than photosensitive or light-emitting diodes"},
    {"3A", "854121", "Transistors with a dissipation rate of less than 1 W"},
    {"3A", "854129", "Other transistors"},
    {"3A", "854130", "Thyristors, diacs and triacs"},
    {"3A", "854149", "Photosensitive semiconductor devices, other than photovoltaic"},
    {"3A", "854151", "Semiconductor-based transducers"},
    {"3A", "854159", "Other semiconductor devices"},
    {"3A", "854160", "Mounted piezo-electric crystals"},
    {"3B", "848210", "Ball bearings"},
    {"3B", "848220", "Tapered roller bearings"},
    {"3B", "848230", "Spherical roller bearings"},
    {"3B", "848250", "Other cylindrical roller bearings"},
    {"3B", "880730", "Other parts of aeroplanes, helicopters or unmanned aircraft"},
    {"3B", "901310", "Telescopic sights for fitting to arms; periscopes"},
    {"3B", "901380", "Other optical devices, appliances and instruments"},
    {"3B", "901420", "Instruments and appliances for aeronautical or space navigation"},
    {"3B", "901480", "Other navigational instruments and appliances"},
    {"4A", "847180", "Other units of automatic data-processing machines"},
    {"4A", "848610", "Machines and apparatus for the manufacture of boules or wafers"},
    {"4A", "848620", "Machines and apparatus for the manufacture of semiconductor devices or "
                     "integrated circuits"},
    {"4A", "848640", "Machines and apparatus specified in Note 11(C) to Chapter 84"},
    {"4A", "853400", "Printed circuits"},
    {"4A", "854320", "Signal generators"},
    {"4A", "902750", "Other instruments and apparatus using optical radiations"},
    {"4A", "903020", "Oscilloscopes and oscillographs"},
    {"4A", "903032", "Multimeters, with a recording device"},
    {"4A", "903039", "Other instruments for measuring voltage, current, resistance or power, "
                     "with a recording device"},
    {"4A", "903082", "Instruments for measuring or checking semiconductor wafers or devices"},
    {"4B", "845710", "Machining centres for working metal"},
    {"4B", "845811", "Horizontal lathes for removing metal, numerically controlled"},
    {"4B", "845891", "Other lathes for removing metal, numerically controlled"},
    {"4B", "845961", "Other milling machines for metal, numerically controlled"},
    {"4B", "846693", "Parts and accessories for machines of headings 8456 to 8461"},
};

constexpr const char* kEu27[] = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES",
                                 "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
                                 "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};

constexpr const char* kEu001[] = {"AU", "CA", "IS", "JP", "NZ",
                                  "NO", "CH", "LI", "GB", "US"};

constexpr const char* kPartners[] = {"US", "JP", "GB", "KR", "AU", "CA", "NZ", "NO", "CH"};

constexpr const char* kDiversion[] = {"AE", "TR", "AM", "KZ", "KG", "TJ", "RS", "CN"};

}  // namespace

std::span<const ChpItem> ChpItems() { return kChpItems; }
std::span<const char* const> Eu27Countries() { return kEu27; }
std::span<const char* const> Eu001Destinations() { return kEu001; }
std::span<const char* const> PartnerCountries() { return kPartners; }
std::span<const char* const> DiversionCountries() { return kDiversion; }

bool IsChpCode(const std::string& cn_code) {
  if (cn_code.size() < 6) return false;
  for (const ChpItem& item : kChpItems) {
    if (cn_code.compare(0, 6, item.hs6) == 0) return true;
  }
  return false;
}

bool Contains(std::span<const char* const> list, const std::string& value) {
  for (const char* entry : list) {
    if (value == entry) return true;
  }
  return false;
}

}  // namespace gatekeeper::samplegen
