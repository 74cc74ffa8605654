// The OFAC SDN importer on the real sdn.csv and alt.csv: counts, named entries with their
// aliases, identifiers and country; malformed files give a clear error and no parties.
#include "tools/screening/ofac_sdn_importer.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
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
using ::testing::IsEmpty;
using ::testing::SizeIs;

class OfacSdnImporterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::vector<v1::ListedParty>> imported =
        ImportOfacSdn(ListPath("ofac-sdn.csv"), ListPath("ofac-alt.csv"));
    ASSERT_TRUE(imported.ok()) << imported.status();
    parties_ = new std::vector<v1::ListedParty>(*std::move(imported));
  }
  static void TearDownTestSuite() { delete parties_; }

  static const v1::ListedParty& Party(const std::string& id) {
    const v1::ListedParty* party = FindParty(*parties_, id);
    EXPECT_NE(party, nullptr) << id;
    static const v1::ListedParty kNone;
    return party != nullptr ? *party : kNone;
  }

  static std::vector<v1::ListedParty>* parties_;
};

std::vector<v1::ListedParty>* OfacSdnImporterTest::parties_ = nullptr;

TEST_F(OfacSdnImporterTest, EveryEntryAndEveryAliasIsImported) {
  // SOURCES.md: 8,976 entries; alt.csv has 11,910 aliases, some repeating a name the entry
  // already has, which gives 20,880 distinct names.
  ASSERT_THAT(*parties_, SizeIs(8976));
  size_t names = 0;
  absl::flat_hash_set<std::string> ids;
  for (const v1::ListedParty& party : *parties_) {
    names += party.names_size();
    EXPECT_EQ(party.source(), "OFAC-SDN");
    EXPECT_GE(party.names_size(), 1) << party.party_id();
    EXPECT_TRUE(ids.insert(party.party_id()).second) << party.party_id();
  }
  EXPECT_EQ(names, 20880u);
  EXPECT_EQ(parties_->front().party_id(), "OFAC-36");
  EXPECT_EQ(parties_->back().party_id(), "OFAC-32391");
}

TEST_F(OfacSdnImporterTest, EntityWithItsAlias) {
  const v1::ListedParty& bank = Party("OFAC-306");
  EXPECT_THAT(bank.names(), ElementsAre("BANCO NACIONAL DE CUBA", "NATIONAL BANK OF CUBA"));
}

TEST_F(OfacSdnImporterTest, OrganisationWithManyAliases) {
  const v1::ListedParty& let = Party("OFAC-7140");
  ASSERT_THAT(let.names(), SizeIs(45));
  EXPECT_EQ(let.names(0), "LASHKAR E-TAYYIBA");
  EXPECT_THAT(let.names(), Contains("JAMAAT-UD-DAWA"));
  EXPECT_THAT(let.names(), Contains("FALAH-I-INSANIAT FOUNDATION (FIF)"));
  EXPECT_THAT(let.names(), Contains("MILLI MUSLIM LEAGUE PAKISTAN"));
}

TEST_F(OfacSdnImporterTest, IndividualWithPassports) {
  const v1::ListedParty& person = Party("OFAC-2676");
  EXPECT_THAT(person.names(), ElementsAre("AL ZAWAHIRI, Dr. Ayman", "AL-ZAWAHIRI, Ayman",
                                          "SALIM, Ahmad Fuad", "AL-ZAWAHIRI, Aiman Muhammad Rabi"));
  EXPECT_THAT(person.ids(), ElementsAre("1084010", "19820215"));
}

TEST_F(OfacSdnImporterTest, VesselWithImoNumberAndFlag) {
  const v1::ListedParty& vessel = Party("OFAC-15036");
  EXPECT_THAT(vessel.names(), ElementsAre("ARTAVIL", "ABADAN", "SHONA"));
  EXPECT_EQ(vessel.country(), "IR");
  EXPECT_THAT(vessel.ids(), Contains("IMO 9187629"));
  EXPECT_THAT(vessel.ids(), Contains("572469210"));  // MMSI
}

TEST_F(OfacSdnImporterTest, NationalityBecomesTheCountry) {
  size_t with_country = 0;
  for (const v1::ListedParty& party : *parties_) {
    if (!party.country().empty()) {
      ++with_country;
      EXPECT_THAT(party.country(), ::testing::MatchesRegex("[A-Z][A-Z]")) << party.party_id();
    }
  }
  EXPECT_GT(with_country, 2000u);
}

// A copy of the real sdn.csv with one line replaced.
std::string WithLine(const std::string& text, const std::string& old_line,
                     const std::string& new_line) {
  return absl::StrReplaceAll(text, {{old_line, new_line}});
}

TEST(OfacSdnMalformedTest, RecordWithAMissingFieldIsRefusedWithItsLine) {
  const std::string sdn = ReadWholeFile(ListPath("ofac-sdn.csv"));
  const std::string alt = ReadWholeFile(ListPath("ofac-alt.csv"));
  const std::string broken = WithLine(sdn, "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",",
                                      "306,\"BANCO NACIONAL DE CUBA\",\"CUBA\",");
  ASSERT_NE(broken, sdn);
  absl::StatusOr<std::vector<v1::ListedParty>> parties =
      ParseOfacSdn(broken, "ofac-sdn.csv", alt, "ofac-alt.csv");
  ASSERT_FALSE(parties.ok());
  EXPECT_EQ(parties.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parties.status().message(), HasSubstr("ofac-sdn.csv:3:"));
  EXPECT_THAT(parties.status().message(), HasSubstr("expected 12 fields, found 11"));
}

TEST(OfacSdnMalformedTest, UnterminatedQuoteIsRefused) {
  const std::string sdn = ReadWholeFile(ListPath("ofac-sdn.csv"));
  const std::string truncated = sdn.substr(0, sdn.find("\"CIMEX IBERICA") + 5);
  absl::StatusOr<std::vector<v1::ListedParty>> parties =
      ParseOfacSdn(truncated, "ofac-sdn.csv", "", "ofac-alt.csv");
  ASSERT_FALSE(parties.ok());
  EXPECT_THAT(parties.status().message(), HasSubstr("ofac-sdn.csv:"));
}

TEST(OfacSdnMalformedTest, BadEntryNumberAndRepeatedEntryAreRefused) {
  absl::StatusOr<std::vector<v1::ListedParty>> bad = ParseOfacSdn(
      "36x,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
      "sdn.csv", "", "alt.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("sdn.csv:1: field ent_num"));
  const std::string line =
      "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
  absl::StatusOr<std::vector<v1::ListedParty>> twice =
      ParseOfacSdn(line + line, "sdn.csv", "", "alt.csv");
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.status().message(), HasSubstr("sdn.csv:2: field ent_num: 36 appears twice"));
}

TEST(OfacSdnMalformedTest, AliasOfAnUnknownEntryIsRefused) {
  const std::string sdn = ReadWholeFile(ListPath("ofac-sdn.csv"));
  const std::string alt =
      ReadWholeFile(ListPath("ofac-alt.csv")) + "999999999,1,\"aka\",\"NOBODY\",-0- \r\n";
  absl::StatusOr<std::vector<v1::ListedParty>> parties =
      ParseOfacSdn(sdn, "ofac-sdn.csv", alt, "ofac-alt.csv");
  ASSERT_FALSE(parties.ok());
  EXPECT_THAT(parties.status().message(), HasSubstr("ofac-alt.csv:"));
  EXPECT_THAT(parties.status().message(), HasSubstr("999999999 is not in ofac-sdn.csv"));
}

TEST(OfacSdnMalformedTest, MissingFileIsNamed) {
  absl::StatusOr<std::vector<v1::ListedParty>> parties = ImportOfacSdn("/nonexistent/sdn.csv", "");
  ASSERT_FALSE(parties.ok());
  EXPECT_THAT(parties.status().message(), HasSubstr("/nonexistent/sdn.csv"));
}

TEST(OfacSdnParseTest, QuotingAndEmptyFieldsFollowOfacsLayout) {
  absl::StatusOr<std::vector<v1::ListedParty>> parties = ParseOfacSdn(
      "10,\"SMITH, \"\"Jack\"\"\",\"individual\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
      "\"nationality Russia; Passport 12345678 (Russia); Gender Male.\"\r\n\x1a",
      "sdn.csv", "10,1,\"aka\",\"SMITH, John\",-0- \r\n", "alt.csv");
  ASSERT_TRUE(parties.ok()) << parties.status();
  ASSERT_THAT(*parties, SizeIs(1));
  EXPECT_EQ((*parties)[0].party_id(), "OFAC-10");
  EXPECT_THAT((*parties)[0].names(), ElementsAre("SMITH, \"Jack\"", "SMITH, John"));
  EXPECT_EQ((*parties)[0].country(), "RU");
  EXPECT_THAT((*parties)[0].ids(), ElementsAre("12345678"));
}

TEST(OfacSdnParseTest, EmptyFilesGiveNoParties) {
  absl::StatusOr<std::vector<v1::ListedParty>> parties = ParseOfacSdn("", "sdn.csv", "", "");
  ASSERT_TRUE(parties.ok());
  EXPECT_THAT(*parties, IsEmpty());
}

}  // namespace
}  // namespace gatekeeper::screening
