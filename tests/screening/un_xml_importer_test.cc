// The UN consolidated list importer on the real XML: counts, named individuals and entities
// with aliases (Latin and Cyrillic), nationality, document numbers; malformed XML gives a
// clear error and no parties.
#include "tools/screening/un_xml_importer.h"

#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/screening/list_files.h"

namespace gatekeeper::screening {
namespace {

using ::gatekeeper::testing::FindParty;
using ::gatekeeper::testing::ListPath;
using ::gatekeeper::testing::ReadWholeFile;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

std::vector<v1::ListedParty> ImportReal(const UnImportOptions& options) {
  absl::StatusOr<std::vector<v1::ListedParty>> parties =
      ImportUnConsolidatedXml(ListPath("un-consolidated.xml"), options);
  EXPECT_TRUE(parties.ok()) << parties.status();
  return parties.ok() ? *std::move(parties) : std::vector<v1::ListedParty>();
}

TEST(UnXmlImporterTest, EveryIndividualAndEntityIsImported) {
  const std::vector<v1::ListedParty> parties = ImportReal(UnImportOptions());
  // 730 INDIVIDUAL and 273 ENTITY records, individuals first.
  ASSERT_THAT(parties, SizeIs(1003));
  EXPECT_EQ(parties.front().party_id(), "UN-6907993");
  EXPECT_THAT(parties.front().names(), ElementsAre("ERIC BADEGE"));
  EXPECT_EQ(parties.front().country(), "CD");
  for (const v1::ListedParty& party : parties) {
    EXPECT_EQ(party.source(), "UN-SC");
    EXPECT_GE(party.names_size(), 1) << party.party_id();
  }
}

TEST(UnXmlImporterTest, RussianIndividualWithCyrillicNameAliasesAndPassport) {
  const std::vector<v1::ListedParty> parties = ImportReal(UnImportOptions());
  const v1::ListedParty* umarov = FindParty(parties, "UN-2960872");
  ASSERT_NE(umarov, nullptr);
  // The name, the original script, then the aliases once each ("Dokka Umarov" is listed
  // twice).
  EXPECT_THAT(umarov->names(), ElementsAre("DOKU KHAMATOVICH UMAROV", "Умаров Доку Хаматович",
                                           "Lom-ali Butayev (Butaev)", "Dokka Umarov"));
  EXPECT_EQ(umarov->country(), "RU");
  EXPECT_THAT(umarov->ids(), ElementsAre("96 03 464086"));
}

TEST(UnXmlImporterTest, DocumentNumberIsTakenOutOfItsDescription) {
  const std::vector<v1::ListedParty> parties = ImportReal(UnImportOptions());
  const v1::ListedParty* person = FindParty(parties, "UN-6908487");
  ASSERT_NE(person, nullptr);
  // Published as "Russian foreign travel passport number 515458008" and "8200203535".
  EXPECT_THAT(person->ids(), ElementsAre("515458008", "8200203535"));
}

TEST(UnXmlImporterTest, LowQualityAliasesOnlyWhenAskedFor) {
  const std::vector<v1::ListedParty> good_only = ImportReal(UnImportOptions());
  const v1::ListedParty* by_default = FindParty(good_only, "UN-6908487");
  ASSERT_NE(by_default, nullptr);
  EXPECT_THAT(by_default->names(), Not(Contains("Abu Banat")));
  UnImportOptions options;
  options.include_low_quality_aliases = true;
  const std::vector<v1::ListedParty> all = ImportReal(options);
  const v1::ListedParty* with_low = FindParty(all, "UN-6908487");
  ASSERT_NE(with_low, nullptr);
  EXPECT_THAT(with_low->names(), Contains("Abu Banat"));
  EXPECT_THAT(with_low->names(), Contains("Abu al Banat"));
}

TEST(UnXmlImporterTest, EntityWithAliasesAndAddressCountry) {
  const std::vector<v1::ListedParty> parties = ImportReal(UnImportOptions());
  const v1::ListedParty* adf = FindParty(parties, "UN-6908402");
  ASSERT_NE(adf, nullptr);
  EXPECT_EQ(adf->names(0), "ADF");
  EXPECT_THAT(adf->names(), Contains("Allied Democratic Forces"));
  EXPECT_THAT(adf->names(), Contains("ADF/NALU"));
  EXPECT_EQ(adf->country(), "CD");
}

TEST(UnXmlMalformedTest, TruncatedFileIsRefusedWithItsLine) {
  const std::string xml = ReadWholeFile(ListPath("un-consolidated.xml"));
  absl::StatusOr<std::vector<v1::ListedParty>> parties = ParseUnConsolidatedXml(
      xml.substr(0, xml.size() / 2), "un-consolidated.xml", UnImportOptions());
  ASSERT_FALSE(parties.ok());
  EXPECT_EQ(parties.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parties.status().message(), HasSubstr("un-consolidated.xml:"));
}

TEST(UnXmlMalformedTest, MismatchedTagIsRefused) {
  const std::string xml = ReadWholeFile(ListPath("un-consolidated.xml"));
  const std::string broken =
      absl::StrReplaceAll(xml, {{"<FIRST_NAME>ERIC</FIRST_NAME>", "<FIRST_NAME>ERIC</FIRST_NAM>"}});
  ASSERT_NE(broken, xml);
  absl::StatusOr<std::vector<v1::ListedParty>> parties =
      ParseUnConsolidatedXml(broken, "un-consolidated.xml", UnImportOptions());
  ASSERT_FALSE(parties.ok());
  // Line 7 of the real file holds ERIC BADEGE's first name.
  EXPECT_THAT(parties.status().message(), HasSubstr("un-consolidated.xml:7"));
}

TEST(UnXmlMalformedTest, RecordWithoutDataIdIsRefused) {
  const std::string xml = ReadWholeFile(ListPath("un-consolidated.xml"));
  const std::string broken =
      absl::StrReplaceAll(xml, {{"<DATAID>6907994</DATAID>", "<DATAID></DATAID>"}});
  ASSERT_NE(broken, xml);
  absl::StatusOr<std::vector<v1::ListedParty>> parties =
      ParseUnConsolidatedXml(broken, "un-consolidated.xml", UnImportOptions());
  ASSERT_FALSE(parties.ok());
  EXPECT_THAT(parties.status().message(), HasSubstr("DATAID"));
  EXPECT_THAT(parties.status().message(), HasSubstr("un-consolidated.xml:"));
}

TEST(UnXmlMalformedTest, OtherRootIsRefused) {
  absl::StatusOr<std::vector<v1::ListedParty>> parties = ParseUnConsolidatedXml(
      "<?xml version=\"1.0\"?>\n<SDN_LIST></SDN_LIST>\n", "list.xml", UnImportOptions());
  ASSERT_FALSE(parties.ok());
  EXPECT_THAT(parties.status().message(), HasSubstr("CONSOLIDATED_LIST"));
}

}  // namespace
}  // namespace gatekeeper::screening
