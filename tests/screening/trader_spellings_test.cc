// Names as traders type them (issue 21): legal forms and initials whose dots were dropped
// and left as spaced letters, the words reordered, one wrong letter in a long word, a name
// reduced to its initials and legal form; and near misses that must stay apart.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/screening/initials_match.h"
#include "services/screening/legal_forms.h"
#include "services/screening/name_normalizer.h"
#include "services/screening/normalized_name.h"
#include "services/screening/party_screener.h"
#include "services/screening/screening_index.h"

namespace gatekeeper {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr double kThreshold = kDefaultScreeningThreshold;

std::vector<std::string> WithoutForms(std::string_view name) {
  return RemoveLegalForms(NormalizeNameTokens(name));
}

TEST(SpacedLegalFormsTest, LettersLeftWhereTheDotsWereAreTheForm) {
  EXPECT_THAT(WithoutForms("COPA DE PLATA S A DE C V"), ElementsAre("copa", "de", "plata"));
  EXPECT_THAT(WithoutForms("MAGUS HOLDING L L C"), ElementsAre("magus", "holding"));
  EXPECT_THAT(WithoutForms("IRAN AIR P J S C"), ElementsAre("iran", "air"));
  EXPECT_THAT(WithoutForms("DISTRIECOR S A S"), ElementsAre("distriecor"));
  EXPECT_THAT(WithoutForms("C I DISERCOM S A S"), ElementsAre("disercom"));
  EXPECT_THAT(WithoutForms("OPERADORA SOL S DE R L DE C V"), ElementsAre("operadora", "sol"));
  // The form that covers more letters wins: not Norwegian "a s a" here.
  EXPECT_THAT(WithoutForms("D G A S A DE C V"), ElementsAre("d", "g", "a"));
  // Spaced letters that spell no form stay.
  EXPECT_THAT(WithoutForms("J P Morgan"), ElementsAre("j", "p", "morgan"));
}

TEST(SpacedLegalFormsTest, DottedAndSpacedFormsNormalizeAlike) {
  const NormalizedName dotted = NormalizeName("AERONAUTICA CONDOR S.A. DE C.V.");
  const NormalizedName spaced = NormalizeName("AERONAUTICA CONDOR S A DE C V");
  EXPECT_EQ(dotted.legal_form, "sadecv");
  EXPECT_EQ(spaced.legal_form, "sadecv");
  EXPECT_EQ(NameSimilarity("AERONAUTICA CONDOR S A DE C V", "AERONAUTICA CONDOR S.A. DE C.V."),
            1.0);
  EXPECT_EQ(NormalizeName("Acme Limited").legal_form, NormalizeName("ACME LTD.").legal_form);
}

TEST(SpacedLegalFormsTest, ANameLeftWithSingleLettersIsOneWord) {
  const NormalizedName name = NormalizeName("D G A S A DE C V");
  ASSERT_THAT(name.tokens, SizeIs(1));
  EXPECT_EQ(name.tokens[0].text, "dga");
  EXPECT_EQ(name.legal_form, "sadecv");
}

TEST(InitialsMatchTest, InitialsAndTheSameFormMatch) {
  const NormalizedName listed = NormalizeName("DISTRIBUIDORA GRAN AUTO S.A. DE C.V.");
  for (const char* declared : {"DGA S.A. DE C.V.", "DGA SA DE CV", "D.G.A. S.A. DE C.V.",
                               "D G A S A DE C V", "dga, s.a. de c.v."}) {
    EXPECT_EQ(InitialsScore(NormalizeName(declared), listed), kInitialsSimilarity) << declared;
  }
  // Articles and prepositions may be left out.
  EXPECT_EQ(InitialsScore(NormalizeName("DEC S.A."),
                          NormalizeName("DISTRIBUIDORA DE ELEMENTOS PARA LA CONSTRUCCION S.A.")),
            0.0);
  EXPECT_EQ(InitialsScore(NormalizeName("DEPC S.A."),
                          NormalizeName("DISTRIBUIDORA DE ELEMENTOS PARA LA CONSTRUCCION S.A.")),
            kInitialsSimilarity);
  EXPECT_EQ(InitialsScore(NormalizeName("DDEPLLC S.A."),
                          NormalizeName("DISTRIBUIDORA DE ELEMENTOS PARA LA CONSTRUCCION S.A.")),
            0.0);
}

TEST(InitialsMatchTest, FormWordsMayBeTakenIntoTheInitials) {
  const NormalizedName listed = NormalizeName("HODA SHIPPING COMPANY LIMITED");
  EXPECT_EQ(InitialsScore(NormalizeName("HSC LIMITED"), listed), kInitialsSimilarity);
  EXPECT_EQ(InitialsScore(NormalizeName("H S C LTD"), listed), kInitialsSimilarity);
  EXPECT_EQ(InitialsScore(NormalizeName("LLCIPM COMPANY"),
                          NormalizeName("LIMITED LIABILITY COMPANY INFRASTRUCTURE PROJECTS "
                                        "MANAGEMENT COMPANY")),
            kInitialsSimilarity);
  EXPECT_EQ(
      InitialsScore(NormalizeName("GCH LTDA"), NormalizeName("GRAN COMPANIA DE HOTELES LTDA.")),
      kInitialsSimilarity);
  EXPECT_EQ(
      InitialsScore(NormalizeName("ORSN S DE R L DE C V"),
                    NormalizeName("OPERADORA RESTAURANTERA DEL SOL NACIENTE, S. DE R.L. DE C.V.")),
      kInitialsSimilarity);
  EXPECT_EQ(
      InitialsScore(NormalizeName("O R S N S DE R L DE C V"),
                    NormalizeName("OPERADORA RESTAURANTERA DEL SOL NACIENTE, S. DE R.L. DE C.V.")),
      kInitialsSimilarity);
}

TEST(InitialsMatchTest, OtherFormsOtherLettersOrTooFewLettersDoNotMatch) {
  const NormalizedName listed = NormalizeName("DISTRIBUIDORA GRAN AUTO S.A. DE C.V.");
  EXPECT_EQ(InitialsScore(NormalizeName("DGA LLC"), listed), 0.0);
  EXPECT_EQ(InitialsScore(NormalizeName("DGA"), listed), 0.0);
  EXPECT_EQ(InitialsScore(NormalizeName("DGB S.A. DE C.V."), listed), 0.0);
  EXPECT_EQ(InitialsScore(NormalizeName("GS LLC"), NormalizeName("GOLDEN STAR LLC")), 0.0);
}

v1::ListedParty Party(const std::string& id, std::vector<std::string> names) {
  v1::ListedParty party;
  party.set_party_id(id);
  for (const std::string& name : names) party.add_names(name);
  party.set_source("TEST");
  return party;
}

class TraderSpellingsIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_.Put(Party("OFAC-15521", {"DESARROLLOS EVEREST, S.A. DE C.V."}));
    index_.Put(Party("OFAC-26206", {"MAGUS HOLDING LLC"}));
    index_.Put(Party("OFAC-25237", {"IRAN AIR PJSC"}));
    index_.Put(Party("OFAC-12347", {"C.I. DISERCOM S.A.S."}));
    index_.Put(Party("OFAC-9999", {"DISTRIBUIDORA GRAN AUTO S.A. DE C.V."}));
    index_.Put(Party("OFAC-27426", {"CAROIL TRANSPORT MARINE LIMITED"}));
  }

  std::vector<std::string> HitIds(const std::string& name) {
    std::vector<std::string> ids;
    for (const ScreeningHit& hit : index_.Screen(name, "", kThreshold)) {
      ids.push_back(hit.party_id);
    }
    return ids;
  }

  ScreeningIndex index_;
};

TEST_F(TraderSpellingsIndexTest, SpacedFormsReorderedWordsAndTyposAreFound) {
  EXPECT_THAT(HitIds("DESARROLLOS EVEREST S A DE C V"), ElementsAre("OFAC-15521"));
  EXPECT_THAT(HitIds("S A DE C V EVEREST DESARROLLOS"), ElementsAre("OFAC-15521"));
  EXPECT_THAT(HitIds("DESARROLLOS EVEREST S A DE C V"), ElementsAre("OFAC-15521"));
  EXPECT_THAT(HitIds("DESARRILLOS EVEREST S A DE C V"), ElementsAre("OFAC-15521"));
  EXPECT_THAT(HitIds("MAGUS HOLDING L L C"), ElementsAre("OFAC-26206"));
  EXPECT_THAT(HitIds("P J S C IRAN AIR"), ElementsAre("OFAC-25237"));
  EXPECT_THAT(HitIds("C I DISERCOM S A S"), ElementsAre("OFAC-12347"));
}

TEST_F(TraderSpellingsIndexTest, InitialsWithTheFormAreFoundAndExplained) {
  const std::vector<ScreeningHit> hits = index_.Screen("D G A S A DE C V", "", kThreshold);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].party_id, "OFAC-9999");
  EXPECT_EQ(hits[0].listed_name, "DISTRIBUIDORA GRAN AUTO S.A. DE C.V.");
  EXPECT_EQ(hits[0].score, kInitialsSimilarity);
  EXPECT_THAT(HitIds("CTM LTD"), ElementsAre("OFAC-27426"));
  EXPECT_THAT(HitIds("C.T.M. LIMITED"), ElementsAre("OFAC-27426"));
}

TEST_F(TraderSpellingsIndexTest, NearMissesSharingWordsStayApart) {
  EXPECT_THAT(HitIds("DESARROLLOS MONTERREY S A DE C V"), IsEmpty());
  EXPECT_THAT(HitIds("MAGUS TRADING L L C"), IsEmpty());
  EXPECT_THAT(HitIds("CTM S.A."), IsEmpty());
  EXPECT_THAT(HitIds("CTB LIMITED"), IsEmpty());
  EXPECT_THAT(HitIds("DGA"), IsEmpty());
}

TEST_F(TraderSpellingsIndexTest, RemovedPartyIsNotFoundByItsInitials) {
  index_.Remove("OFAC-9999");
  EXPECT_THAT(HitIds("DGA S.A. DE C.V."), IsEmpty());
  index_.Put(Party("OFAC-9999", {"DISTRIBUIDORA GRAN AUTO S.A. DE C.V."}));
  EXPECT_THAT(HitIds("DGA S.A. DE C.V."), ElementsAre("OFAC-9999"));
}

}  // namespace
}  // namespace gatekeeper
