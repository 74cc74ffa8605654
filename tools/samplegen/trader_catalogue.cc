#include "tools/samplegen/trader_catalogue.h"

#include <cassert>
#include <cstdint>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace gatekeeper::samplegen {
namespace {

constexpr const char* kNlOffices[] = {"NL000396", "NL000510", "NL000854", "NL000120",
                                      "NL000441"};
constexpr const char* kBeOffices[] = {"BE101000", "BE212000", "BE301000"};
// Where goods leave: a seaport or an airport office.
constexpr const char* kNlExits[] = {"NL000510", "NL000120"};
constexpr const char* kBeExits[] = {"BE101000", "BE212000"};

struct ExporterSeed {
  const char* eori;
  const char* name;
  std::vector<std::string> licence_entries;
};

const std::vector<ExporterSeed>& ControlledExporterSeeds() {
  static const auto* const kSeeds = new std::vector<ExporterSeed>{
      {"NL123456789", "Veldhoven Photonics BV", {"6A005", "6A002"}},
      {"NL814203561", "Eindhoven Wafer Systems BV", {"3B001"}},
      {"NL809114276", "Delft Sensor Technology BV", {"6A002", "6A003"}},
      {"NL816520934", "Twente Precision Machining BV", {"2B001"}},
      {"NL803377105", "Nijmegen Semiconductor Components BV", {"3A001"}},
      {"NL821049388", "Enschede Thermal Imaging BV", {"6A003"}},
      {"NL805661420", "Leiden Crypto Devices BV", {"5A002"}},
      {"NL818236047", "Rotterdam Process Valves BV", {"2B350"}},
      {"NL807790153", "Groningen Navigation Systems BV", {"7A005"}},
      {"NL812445609", "Haarlem Laser Optics BV", {"6A005"}},
      {"NL819902714", "Utrecht High Performance Computing BV", {"4A003"}},
      {"NL804128836", "Zwolle Composite Materials BV", {"1C010"}},
      {"NL815573290", "Breda Chemical Intermediates BV", {"1C350"}},
      {"NL810367451", "Almere Network Security BV", {"5A002"}},
      {"NL822714083", "Tilburg RF Microwave BV", {"3A001"}},
      {"NL806209517", "Arnhem Test and Measurement BV", {"3A002"}},
      {"NL817840362", "Maastricht Industrial Lasers BV", {"6A005"}},
      {"NL811596728", "Apeldoorn Machine Tools BV", {"2B001"}},
      {"BE0456123789", "Antwerp Specialty Chemicals NV", {"1C350"}},
      {"BE0467234890", "Gent Optronics NV", {"6A003", "6A002"}},
      {"BE0478345901", "Leuven Microsystems NV", {"3A001", "3A002"}},
      {"BE0489456012", "Mechelen Secure Communications NV", {"5A002", "4A003"}},
      {"BE0490567123", "Kortrijk Machine Tools NV", {"2B001"}},
      {"BE0401678234", "Hasselt Carbon Composites NV", {"1C010"}},
      {"BE0412789345", "Brugge Navigation NV", {"7A005"}},
  };
  return *kSeeds;
}

struct Place {
  const char* name;
  const char* country;
};

constexpr Place kExporterPlaces[] = {
    {"Amsterdam", "NL"}, {"Rotterdam", "NL"},  {"Utrecht", "NL"},    {"Den Haag", "NL"},
    {"Eindhoven", "NL"}, {"Tilburg", "NL"},    {"Groningen", "NL"},  {"Almere", "NL"},
    {"Breda", "NL"},     {"Nijmegen", "NL"},   {"Apeldoorn", "NL"},  {"Haarlem", "NL"},
    {"Arnhem", "NL"},    {"Enschede", "NL"},   {"Amersfoort", "NL"}, {"Zaandam", "NL"},
    {"Venlo", "NL"},     {"Zwolle", "NL"},     {"Leeuwarden", "NL"}, {"Dordrecht", "NL"},
    {"Westland", "NL"},  {"Aalsmeer", "NL"},   {"Emmen", "NL"},      {"Deventer", "NL"},
    {"Helmond", "NL"},   {"Oss", "NL"},        {"Roosendaal", "NL"}, {"Gouda", "NL"},
    {"Alkmaar", "NL"},   {"Hoorn", "NL"},      {"Antwerpen", "BE"},  {"Gent", "BE"},
    {"Brugge", "BE"},    {"Leuven", "BE"},     {"Mechelen", "BE"},   {"Aalst", "BE"},
    {"Kortrijk", "BE"},  {"Hasselt", "BE"},    {"Genk", "BE"},       {"Sint-Niklaas", "BE"},
};

struct Trade {
  const char* name;
  std::vector<std::string> cn_codes;
};

const std::vector<Trade>& Trades() {
  static const auto* const kTrades = new std::vector<Trade>{
      {"Flowers", {"06031100"}},
      {"Fresh Produce", {"07020000", "08081080"}},
      {"Dairy", {"04069021", "04021019"}},
      {"Food Export", {"19059080", "04069021", "22030001"}},
      {"Beverages", {"22030001", "22042109"}},
      {"Pharma", {"30049000", "90189084"}},
      {"Cosmetics", {"33049900"}},
      {"Plastics", {"39269097", "48191000"}},
      {"Textiles", {"61091000", "64039993"}},
      {"Household Appliances", {"84181020", "84145100", "85167100"}},
      {"Water Technology", {"84212100"}},
      {"Auto Parts", {"87089997", "73182200"}},
      {"Bicycles", {"87120030"}},
      {"Furniture", {"94036090", "94054200"}},
      {"Medical Supplies", {"90189084", "30049000"}},
      {"IT Hardware", {"84713000", "84715000", "84718000"}},
      {"Bearings", {"84821010", "84822000", "84825000"}},
      {"Electronics Distribution",
       {"85423190", "85423290", "85423390", "85423990", "85322400", "85366990", "85412900",
        "85340011"}},
      {"Networking", {"85176200", "84718000"}},
      {"Navigation Equipment", {"85269120", "90148000", "90138000"}},
      {"Machine Tools", {"84589120", "84571010", "84669340"}},
      {"Optics", {"90138000", "85258900", "85414900", "90132000"}},
      {"Aviation Parts", {"88073000"}},
      {"Industrial Valves", {"84818081", "73182200"}},
      {"Power Electronics", {"85044090", "85412900"}},
      {"Test Equipment", {"90302000", "85044090"}},
      {"Trading", {"39269097", "84145100", "61091000", "94054200"}},
  };
  return *kTrades;
}

struct ConsigneeLocale {
  const char* country;
  std::vector<std::string> places;
  std::vector<std::string> legal_forms;
};

const std::vector<ConsigneeLocale>& Locales() {
  static const auto* const kLocales = new std::vector<ConsigneeLocale>{
      {"US", {"Boston", "Austin", "Denver", "Seattle", "Chicago", "Houston", "Phoenix"},
       {"Inc.", "LLC", "Corp."}},
      {"GB", {"Bristol", "Leeds", "Manchester", "Glasgow", "Cambridge", "Reading"},
       {"Ltd", "Limited", "PLC"}},
      {"CH", {"Basel", "Zurich", "Geneva", "Lausanne", "Bern", "Lugano"},
       {"AG", "SA", "GmbH"}},
      {"NO", {"Bergen", "Oslo", "Stavanger", "Trondheim"}, {"AS"}},
      {"JP", {"Osaka", "Nagoya", "Yokohama", "Kobe", "Sendai", "Fukuoka"},
       {"Co., Ltd.", "K.K."}},
      {"CA", {"Toronto", "Montreal", "Calgary", "Ottawa", "Vancouver"}, {"Inc.", "Ltd."}},
      {"AU", {"Sydney", "Perth", "Brisbane", "Adelaide", "Melbourne"}, {"Pty Ltd"}},
      {"NZ", {"Auckland", "Wellington", "Christchurch"}, {"Limited"}},
      {"IS", {"Reykjavik", "Akureyri"}, {"ehf."}},
      {"LI", {"Vaduz", "Schaan"}, {"AG", "Anstalt"}},
      {"CN", {"Shenzhen", "Suzhou", "Ningbo", "Hangzhou", "Wuxi", "Xiamen", "Chengdu"},
       {"Co., Ltd."}},
      {"HK", {"Kwun Tong", "Tsuen Wan", "Sha Tin"}, {"Limited", "Co., Ltd."}},
      {"TR", {"Istanbul", "Bursa", "Izmir", "Ankara", "Kocaeli", "Gaziantep"},
       {"A.Ş.", "Ltd. Şti."}},
      {"AE", {"Dubai", "Sharjah", "Jebel Ali", "Abu Dhabi", "Ajman"},
       {"LLC", "FZE", "FZCO"}},
      {"AM", {"Yerevan", "Gyumri"}, {"LLC", "CJSC"}},
      {"KZ", {"Almaty", "Astana", "Karaganda", "Shymkent"}, {"LLP"}},
      {"KG", {"Bishkek", "Osh"}, {"LLC"}},
      {"TJ", {"Dushanbe", "Khujand"}, {"LLC"}},
      {"UZ", {"Tashkent", "Samarkand"}, {"LLC"}},
      {"MN", {"Ulaanbaatar", "Darkhan"}, {"LLC"}},
      {"RS", {"Belgrade", "Novi Sad", "Nis"}, {"d.o.o."}},
      {"RU", {"Moscow", "Kazan", "Samara", "Novosibirsk", "Yekaterinburg"}, {"OOO", "AO"}},
      {"BY", {"Minsk", "Gomel", "Brest"}, {"OOO", "ODO"}},
      {"IN", {"Pune", "Chennai", "Bengaluru", "Mumbai", "Hyderabad"},
       {"Pvt. Ltd.", "Limited"}},
      {"PK", {"Lahore", "Karachi", "Sialkot"}, {"(Pvt.) Ltd."}},
      {"BR", {"Campinas", "Curitiba", "Sao Paulo", "Porto Alegre"}, {"Ltda.", "S.A."}},
      {"MX", {"Monterrey", "Guadalajara", "Queretaro", "Puebla"}, {"S.A. de C.V."}},
      {"AR", {"Rosario", "Cordoba", "Mendoza"}, {"S.A.", "S.R.L."}},
      {"CL", {"Santiago", "Valparaiso", "Antofagasta"}, {"SpA", "Ltda."}},
      {"ZA", {"Durban", "Johannesburg", "Cape Town", "Pretoria"}, {"(Pty) Ltd"}},
      {"SG", {"Jurong", "Tuas", "Changi", "Woodlands"}, {"Pte. Ltd."}},
      {"KR", {"Busan", "Incheon", "Daejeon", "Suwon", "Ulsan"}, {"Co., Ltd."}},
      {"TW", {"Hsinchu", "Taichung", "Tainan"}, {"Co., Ltd.", "Corp."}},
      {"IL", {"Haifa", "Rehovot", "Petah Tikva", "Herzliya"}, {"Ltd."}},
      {"SA", {"Riyadh", "Jeddah", "Dammam"}, {"Co.", "LLC"}},
      {"EG", {"Cairo", "Alexandria"}, {"S.A.E."}},
      {"MA", {"Casablanca", "Tangier"}, {"SARL"}},
      {"TH", {"Bangkok", "Chonburi", "Rayong"}, {"Co., Ltd."}},
      {"VN", {"Hanoi", "Haiphong", "Da Nang"}, {"Co., Ltd.", "JSC"}},
      {"MY", {"Penang", "Johor Bahru", "Kuala Lumpur"}, {"Sdn. Bhd."}},
      {"PH", {"Manila", "Cebu"}, {"Inc."}},
  };
  return *kLocales;
}

constexpr const char* kBrands[] = {
    "Apex",     "Bluewater", "Cedar",    "Delta",     "Evergreen", "Granite",  "Harbor",
    "Ionic",    "Juniper",   "Keystone", "Lumen",     "Meridian",  "Northstar", "Orion",
    "Pinnacle", "Quantum",   "Redwood",  "Summit",    "Trident",   "Unity",    "Vertex",
    "Westfield", "Zenith",   "Atlas",    "Beacon",    "Cobalt",    "Crest",    "Horizon",
    "Polaris",  "Sterling",  "Clearwater", "Ironwood",
};

constexpr const char* kActivities[] = {
    "Trading",      "Industrial Supply", "Electronics", "Foods",        "Medical",
    "Engineering",  "Logistics",         "Technologies", "Instruments", "Machinery",
    "Components",   "Distribution",      "Imports",     "Systems",
};

// Equivalent spellings of the legal forms the listed parties carry.
const std::vector<std::pair<std::string, std::vector<std::string>>>& LegalFormVariants() {
  static const auto* const kVariants =
      new std::vector<std::pair<std::string, std::vector<std::string>>>{
          {"Co., Ltd.", {"Co Ltd", "Co. Ltd", "CO., LTD"}},
          {"Co., Limited", {"Co Ltd", "Co. Limited"}},
          {"Ltd. Şti.", {"Ltd Sti", "LTD. ŞTİ."}},
          {"A.Ş.", {"AS", "A.S."}},
          {"d.o.o.", {"DOO", "d o o"}},
          {"FZCO", {"F.Z.C.O.", "FZ CO"}},
          {"FZE", {"F.Z.E.", "FZ-E"}},
          {"LLP", {"L.L.P.", "LLP."}},
          {"LLC", {"L.L.C.", "Llc"}},
          {"OOO", {"LLC", "O.O.O.", "OOO."}},
          {"OAO", {"OJSC", "O.A.O."}},
          {"ODO", {"O.D.O.", "ALC"}},
          {"AO", {"JSC", "A.O."}},
          {"Corporation", {"Corp.", "Corp"}},
          {"Limited", {"Ltd", "Ltd."}},
          {"Co.", {"Co", "Company"}},
          {"Est.", {"Est", "Establishment"}},
      };
  return *kVariants;
}

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDULL;
  x ^= x >> 33;
  return x;
}

std::string DropPunctuation(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '.' || c == ',' || c == '"' || c == '(' || c == ')') continue;
    out.push_back(c);
  }
  return out;
}

}  // namespace

const std::vector<Exporter>& ControlledGoodsExporters() {
  static const auto* const kExporters = [] {
    auto* exporters = new std::vector<Exporter>;
    int index = 0;
    for (const ExporterSeed& seed : ControlledExporterSeeds()) {
      Exporter exporter;
      exporter.eori = seed.eori;
      exporter.name = seed.name;
      exporter.licence_entries = seed.licence_entries;
      exporter.country = exporter.eori.substr(0, 2);
      std::span<const char* const> offices = OfficesOfExport(exporter.country);
      exporter.office_of_export = offices[index % offices.size()];
      exporter.office_of_exit =
          exporter.country == "NL" ? kNlExits[index % 2] : kBeExits[index % 2];
      exporters->push_back(std::move(exporter));
      ++index;
    }
    return exporters;
  }();
  return *kExporters;
}

std::vector<Exporter> GeneralExporters(int count) {
  std::vector<Exporter> exporters;
  const int places = static_cast<int>(std::size(kExporterPlaces));
  const int trades = static_cast<int>(Trades().size());
  for (int i = 0; i < count; ++i) {
    // (place, trade) is distinct for every i below places * trades because places + 1 and
    // trades are coprime.
    const Place& place = kExporterPlaces[i % places];
    const Trade& trade = Trades()[(i + i / places) % trades];
    Exporter exporter;
    exporter.country = place.country;
    exporter.name = absl::StrCat(place.name, " ", trade.name,
                                 exporter.country == "BE" && i % 3 == 0 ? " NV" : " BV");
    if (i >= places * trades) absl::StrAppend(&exporter.name, " ", i / (places * trades) + 1);
    // Steps of 7919 with a jitter below 7000: distinct numbers that do not look serial.
    const int64_t serial = int64_t{7919} * i + static_cast<int64_t>(Mix(i) % 7000);
    exporter.eori = exporter.country == "NL"
                        ? absl::StrFormat("NL%09d", 830000000 + serial)
                        : absl::StrFormat("BE0%09d", 500000000 + serial);
    std::span<const char* const> offices = OfficesOfExport(exporter.country);
    exporter.office_of_export = offices[Mix(i + 7) % offices.size()];
    exporter.office_of_exit =
        exporter.country == "NL" ? kNlExits[Mix(i + 11) % 2] : kBeExits[Mix(i + 11) % 2];
    exporter.usual_cn_codes = trade.cn_codes;
    exporters.push_back(std::move(exporter));
  }
  return exporters;
}

const Exporter& TransitForwarder() {
  static const auto* const kForwarder = new Exporter{
      .eori = "NL826031774",
      .name = "Maasvlakte Transit Services BV",
      .country = "NL",
      .office_of_export = "NL000510",
      .office_of_exit = "NL000510",
      .usual_cn_codes = {},
      .licence_entries = {"6A003"},
  };
  return *kForwarder;
}

std::span<const char* const> OfficesOfExport(const std::string& country) {
  if (country == "BE") return kBeOffices;
  return kNlOffices;
}

std::span<const char* const> ConsigneeCountries() {
  static const auto* const kCountries = [] {
    auto* countries = new std::vector<const char*>;
    for (const ConsigneeLocale& locale : Locales()) countries->push_back(locale.country);
    return countries;
  }();
  return *kCountries;
}

std::string ConsigneeName(const std::string& country, int index) {
  const ConsigneeLocale* locale = &Locales()[0];
  uint64_t country_salt = 0;
  for (const ConsigneeLocale& candidate : Locales()) {
    if (country == candidate.country) locale = &candidate;
  }
  for (char c : country) country_salt = country_salt * 131 + static_cast<unsigned char>(c);
  const uint64_t h = Mix(country_salt * 1000003 + static_cast<uint64_t>(index));
  const std::string& place = locale->places[static_cast<size_t>(index) % locale->places.size()];
  const char* brand = kBrands[h % std::size(kBrands)];
  const char* activity = kActivities[(h >> 16) % std::size(kActivities)];
  const std::string& form = locale->legal_forms[(h >> 32) % locale->legal_forms.size()];
  return absl::StrCat(place, " ", brand, " ", activity, " ", form);
}

const std::vector<ListedPartySeed>& ListedParties() {
  static const auto* const kParties = new std::vector<ListedPartySeed>{
      {"DEMO-EU-0001",
       {"Arktika Mikroelektronika OOO", "Arktika Microelectronics LLC",
        "ООО Арктика Микроэлектроника"},
       "RU", {"INN 7714000101"}, "EU-FSF"},
      {"DEMO-EU-0002", {"Volgatron Components AO", "Volgatron Komponenty"}, "RU", {},
       "EU-FSF"},
      {"DEMO-EU-0003",
       {"Sibirsky Priborostroitelny Zavod OOO", "Siberian Instrument Making Plant LLC"}, "RU",
       {"INN 5406000202"}, "EU-FSF"},
      {"DEMO-EU-0004", {"Kazan Avionika Servis OOO", "Kazan Avionics Service LLC"}, "RU", {},
       "EU-FSF"},
      {"DEMO-EU-0005", {"Nevsky Opticheskie Sistemy AO", "Nevsky Optical Systems JSC"}, "RU",
       {}, "EU-FSF"},
      {"DEMO-EU-0006", {"Tulsky Stankostroitelny Zavod OOO", "Tula Machine Tool Plant LLC"},
       "RU", {}, "EU-FSF"},
      {"DEMO-EU-0007",
       {"Uralsky Radiotekhnichesky Kombinat AO", "Ural Radio Engineering Works JSC"}, "RU", {},
       "EU-FSF"},
      {"DEMO-EU-0008", {"Krasnodar Aviaremont OOO", "Krasnodar Aircraft Repair LLC"}, "RU", {},
       "EU-FSF"},
      {"DEMO-EU-0009", {"Novaya Tekhnologiya Treid OOO", "New Technology Trade LLC"}, "RU", {},
       "EU-FSF"},
      {"DEMO-EU-0010", {"Minsky Elektronny Tsentr OAO", "Minsk Electronic Centre OJSC"}, "BY",
       {}, "EU-FSF"},
      {"DEMO-EU-0011", {"Belpromoptika ODO", "Belarusian Industrial Optics ALC"}, "BY", {},
       "EU-FSF"},
      {"DEMO-EU-0012", {"Gulfbridge Electronics Trading FZE", "Gulf Bridge Electronics FZE"},
       "AE", {"TRN 100300400500003"}, "EU-FSF"},
      {"DEMO-EU-0013", {"Khorfakkan Skyparts FZCO", "Khor Fakkan Sky Parts FZCO"}, "AE", {},
       "EU-FSF"},
      {"DEMO-EU-0014",
       {"Bosphorus Yarıiletken Dış Ticaret Ltd. Şti.", "Bosphorus Semiconductor Trade Ltd"},
       "TR", {}, "EU-FSF"},
      {"DEMO-EU-0015", {"Anadolu Mikroçip Sanayi A.Ş.", "Anadolu Microchip Industry A.S."}, "TR",
       {}, "EU-FSF"},
      {"DEMO-EU-0016", {"Silklink Components Limited", "Silk Link Components Ltd"}, "HK", {},
       "EU-FSF"},
      {"DEMO-EU-0017", {"Tengfei Hengda Electronic Co., Limited"}, "HK", {}, "EU-FSF"},
      {"DEMO-EU-0018", {"Altyn Dala Tech LLP", "Altyn Dala Technologies LLP"}, "KZ", {},
       "EU-FSF"},
      {"DEMO-EU-0019", {"Steppe Logistik Servis LLP"}, "KZ", {}, "EU-FSF"},
      {"DEMO-EU-0020", {"Ararat Mikrotekh LLC", "Ararat Microtech LLC"}, "AM", {}, "EU-FSF"},
      {"DEMO-EU-0021", {"Tyan Shan Snab LLC", "Tian Shan Supply LLC"}, "KG", {}, "EU-FSF"},
      {"DEMO-EU-0022", {"Pamir Elektro Import LLC"}, "TJ", {}, "EU-FSF"},
      {"DEMO-OFAC-0001",
       {"Huaxin Longteng Technology Co., Ltd.", "Huaxin Dragon Technology Co., Ltd."}, "CN",
       {}, "OFAC-SDN"},
      {"DEMO-OFAC-0002", {"Zhongke Tianyan Precision Instruments Co., Ltd."}, "CN", {},
       "OFAC-SDN"},
      {"DEMO-OFAC-0003", {"Parsian Aero Parts Co.", "Parsian Aeronautical Parts Company"}, "IR",
       {}, "OFAC-SDN"},
      {"DEMO-OFAC-0004", {"Kavir Navigation Industries Co."}, "IR", {}, "OFAC-SDN"},
      {"DEMO-UN-0001", {"Korea Pyoltong Trading Corporation"}, "KP", {}, "UN-SC"},
      {"DEMO-UN-0002", {"Qasioun Precision Engineering Est."}, "SY", {}, "UN-SC"},
      {"DEMO-EU-0023", {"Balkan Avio Komponente d.o.o."}, "RS", {}, "EU-FSF"},
      {"DEMO-EU-0024", {"Caspian Navtek Marine Radio LLC"}, "AZ", {}, "EU-FSF"},
  };
  return *kParties;
}

std::string NoisyPartyName(const ListedPartySeed& party, SampleRandom& random) {
  const std::string& primary = party.names.front();
  std::string name = primary;
  // A Latin-script alias now and then, as declarants copy it from a contract.
  if (party.names.size() > 1 && random.PerMille(300)) {
    const std::string& alias = party.names[1];
    if (absl::ascii_isalpha(static_cast<unsigned char>(alias.front()))) name = alias;
  }
  switch (random.Between(0, 3)) {
    case 0:  // another spelling of the legal form
      for (const auto& [form, variants] : LegalFormVariants()) {
        if (absl::EndsWith(name, absl::StrCat(" ", form))) {
          name = absl::StrCat(name.substr(0, name.size() - form.size()),
                              variants[random.Index(variants.size())]);
          break;
        }
      }
      break;
    case 1:  // the legal form in front, Russian style
      for (const auto& [form, variants] : LegalFormVariants()) {
        if (absl::EndsWith(name, absl::StrCat(" ", form))) {
          name = absl::StrCat(form, " ", name.substr(0, name.size() - form.size() - 1));
          break;
        }
      }
      break;
    case 2:
      name = DropPunctuation(name);
      break;
    default:
      break;
  }
  if (random.PerMille(500) || name == primary) name = absl::AsciiStrToUpper(name);
  return name;
}

}  // namespace gatekeeper::samplegen
