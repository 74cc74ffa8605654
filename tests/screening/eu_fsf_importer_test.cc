// The EU financial-sanctions (FSF XML) importer on a sample written from the schema: names
// from every strong nameAlias (wholeName, else the name parts), weak aliases only when
// asked, country from citizenship else address, identification numbers; `gkctl parties
// import --format eu-fsf` prints the parties; malformed files give "file:line: what" and no
// parties; the imported names screen as the others do.
#include "tools/screening/eu_fsf_importer.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/screening/party_screener.h"
#include "services/screening/screening_index.h"
#include "tests/screening/list_files.h"
#include "tools/screening/parties_command.h"

namespace gatekeeper::screening {
namespace {

using ::gatekeeper::testing::FindParty;
using ::gatekeeper::testing::ReadWholeFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

std::string SamplePath() { return std::string(GK_EU_FSF_SAMPLE); }

std::vector<v1::ListedParty> ImportSample(const EuFsfImportOptions& options) {
  absl::StatusOr<std::vector<v1::ListedParty>> parties = ImportEuFsfXml(SamplePath(), options);
  EXPECT_TRUE(parties.ok()) << parties.status();
  return parties.ok() ? *std::move(parties) : std::vector<v1::ListedParty>();
}

TEST(EuFsfImporterTest, EverySanctionEntityIsAPartyWithItsNamesCountryAndIds) {
  const std::vector<v1::ListedParty> parties = ImportSample(EuFsfImportOptions());
  ASSERT_THAT(parties, SizeIs(3));
  const v1::ListedParty* person = FindParty(parties, "EU-13");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->source(), "EU-FSF");
  // The weak alias "Abu Ali" (strong="false") is left out by default.
  EXPECT_THAT(person->names(), ElementsAre("Saddam Hussein Al-Tikriti", "صدام حسين التكريتي"));
  EXPECT_EQ(person->country(), "IQ");
  EXPECT_THAT(person->ids(), ElementsAre("A 1234567"));

  const v1::ListedParty* entity = FindParty(parties, "EU-5432");
  ASSERT_NE(entity, nullptr);
  EXPECT_THAT(entity->names(),
              ElementsAre("Sample Shipbuilding Plant \"Zvezda\" JSC", "АО «Звезда»"));
  EXPECT_EQ(entity->country(), "RU");  // from the address
  EXPECT_THAT(entity->ids(), ElementsAre("1022500001234"));

  // No wholeName: the name parts; citizenship "00" (unknown) gives way to the address.
  const v1::ListedParty* parts = FindParty(parties, "EU-7001");
  ASSERT_NE(parts, nullptr);
  EXPECT_THAT(parts->names(), ElementsAre("Ivan Petrovich Sidorov", "Иван Петрович Сидоров"));
  EXPECT_EQ(parts->country(), "RU");
  EXPECT_THAT(parts->ids(), ElementsAre("4509 123456"));
}

TEST(EuFsfImporterTest, WeakAliasesWhenAsked) {
  EuFsfImportOptions options;
  options.include_weak_aliases = true;
  const std::vector<v1::ListedParty> parties = ImportSample(options);
  const v1::ListedParty* person = FindParty(parties, "EU-13");
  ASSERT_NE(person, nullptr);
  EXPECT_THAT(person->names(),
              ElementsAre("Saddam Hussein Al-Tikriti", "Abu Ali", "صدام حسين التكريتي"));
}

TEST(EuFsfImporterTest, MalformedFilesAreRefusedWithTheLine) {
  const std::string sample = ReadWholeFile(SamplePath());
  auto parse = [](const std::string& xml) {
    return ParseEuFsfXml(xml, "eu.xml", EuFsfImportOptions());
  };
  absl::StatusOr<std::vector<v1::ListedParty>> repeated =
      parse(absl::StrReplaceAll(sample, {{"logicalId=\"5432\"", "logicalId=\"13\""}}));
  ASSERT_FALSE(repeated.ok());
  EXPECT_THAT(repeated.status().message(), HasSubstr("eu.xml:"));
  EXPECT_THAT(repeated.status().message(), HasSubstr("logicalId 13 appears twice"));
  absl::StatusOr<std::vector<v1::ListedParty>> bad_id =
      parse(absl::StrReplaceAll(sample, {{"logicalId=\"7001\"", "logicalId=\"x7\""}}));
  ASSERT_FALSE(bad_id.ok());
  EXPECT_THAT(bad_id.status().message(), HasSubstr("is not a record number"));
  absl::StatusOr<std::vector<v1::ListedParty>> root = parse("<sanctions></sanctions>");
  ASSERT_FALSE(root.ok());
  EXPECT_THAT(root.status().message(), HasSubstr("expected export"));
  absl::StatusOr<std::vector<v1::ListedParty>> truncated = parse(sample.substr(0, 2000));
  EXPECT_FALSE(truncated.ok());
}

TEST(EuFsfImporterTest, GkctlPartiesImportPrintsThePartiesAndScreensThem) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  const int status = RunParties({"import", "--format", "eu-fsf", SamplePath()}, in, out, err);
  ASSERT_EQ(status, kPartiesExitOk) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("\"partyId\":\"EU-13\""));
  EXPECT_THAT(out.str(), HasSubstr("\"source\":\"EU-FSF\""));
  std::ostringstream usage;
  EXPECT_EQ(RunParties({"import", "--format", "eu-fsf"}, in, out, usage), kPartiesExitUsage);

  ScreeningIndex index;
  for (const v1::ListedParty& party : ImportSample(EuFsfImportOptions())) index.Put(party);
  const std::vector<ScreeningHit> hits =
      index.Screen("Sample Shipbuilding Plant Zvezda J S C", "", kDefaultScreeningThreshold);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].party_id, "EU-5432");
}

}  // namespace
}  // namespace gatekeeper::screening
