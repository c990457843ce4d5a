// Tests of shop slugs: the pure rule that makes them from a domain, and
// EnsureShopSlug over InMemoryStorage (collisions, stability, earlier shops).
#include "server/domain/shop_slug.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/managers/shop_manager.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::StatusIs;

TEST(ShopSlugCandidateTest, MakesAReadableNameOfTheDomain) {
  EXPECT_EQ(ShopSlugCandidate("ceramika-kowalski.pl", 1), "ceramika-kowalski-pl");
  EXPECT_EQ(ShopSlugCandidate("WWW.Ceramika.PL", 1), "ceramika-pl");
  EXPECT_EQ(ShopSlugCandidate("sklep123456.shoparena.pl", 1), "sklep123456");
  EXPECT_EQ(ShopSlugCandidate("  a..b__c.pl ", 1), "a-b-c-pl");
  EXPECT_EQ(ShopSlugCandidate("-x-.pl", 1), "x-pl");
}

TEST(ShopSlugCandidateTest, LaterAttemptsAddANumber) {
  EXPECT_EQ(ShopSlugCandidate("ceramika.pl", 2), "ceramika-pl-2");
  EXPECT_EQ(ShopSlugCandidate("ceramika.pl", 17), "ceramika-pl-17");
}

TEST(ShopSlugCandidateTest, NeverEmptyNorANumberThatReadsAsAnId) {
  EXPECT_EQ(ShopSlugCandidate("", 1), "sklep");
  EXPECT_EQ(ShopSlugCandidate("...", 2), "sklep-2");
  EXPECT_EQ(ShopSlugCandidate("123.shoparena.pl", 1), "sklep-123");
  EXPECT_TRUE(IsShopSlug(ShopSlugCandidate("123.shoparena.pl", 1)));
}

TEST(ShopSlugCandidateTest, LongDomainsAreCutWithRoomForTheNumber) {
  const std::string domain = std::string(100, 'a') + ".pl";
  const std::string first = ShopSlugCandidate(domain, 1);
  const std::string tenth = ShopSlugCandidate(domain, 10);
  EXPECT_EQ(first.size(), kMaxSlugChars);
  EXPECT_EQ(tenth.size(), kMaxSlugChars);
  EXPECT_EQ(tenth.substr(tenth.size() - 3), "-10");
  EXPECT_TRUE(IsShopSlug(first));
  EXPECT_TRUE(IsShopSlug(tenth));
}

TEST(ShopSlugCandidateTest, NonAsciiBytesBecomeDashes) {
  const std::string slug = ShopSlugCandidate("xn--sklep-\xC5\xBC.pl", 1);
  EXPECT_EQ(slug, "xn-sklep-pl");
  EXPECT_TRUE(IsShopSlug(slug));
}

TEST(IsShopSlugTest, AcceptsOnlyWhatCandidatesLookLike) {
  EXPECT_TRUE(IsShopSlug("ceramika-pl"));
  EXPECT_FALSE(IsShopSlug(""));
  EXPECT_FALSE(IsShopSlug("123"));
  EXPECT_FALSE(IsShopSlug("Ceramika"));
  EXPECT_FALSE(IsShopSlug("a/b"));
  EXPECT_FALSE(IsShopSlug(std::string(kMaxSlugChars + 1, 'a')));
}

class EnsureShopSlugTest : public ::testing::Test {
 protected:
  EnsureShopSlugTest() : clock_(absl::UnixEpoch()), shops_(&storage_, &keys_, &clock_) {}

  InMemoryStorage storage_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  ShopManager shops_;
};

TEST_F(EnsureShopSlugTest, ANewShopGetsItsSlugAndTheNextOnTheDomainANumberedOne) {
  ASSERT_OK_AND_ASSIGN(Shop first, shops_.CreateShop("A", "ceramika.pl", "a@example.com"));
  ASSERT_OK_AND_ASSIGN(Shop second, shops_.CreateShop("B", "www.ceramika.pl", "b@example.com"));
  ASSERT_OK_AND_ASSIGN(Shop third, shops_.CreateShop("C", "ceramika.pl", "c@example.com"));
  EXPECT_EQ(first.slug, "ceramika-pl");
  EXPECT_EQ(second.slug, "ceramika-pl-2");
  EXPECT_EQ(third.slug, "ceramika-pl-3");
  ASSERT_OK_AND_ASSIGN(std::optional<Shop> found, storage_.FindShopBySlug("ceramika-pl-2"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, second.id);
}

TEST_F(EnsureShopSlugTest, AShopFromBeforeSlugsGetsOneOnceAndKeepsIt) {
  Shop earlier;
  earlier.name = "Earlier";
  earlier.domain = "earlier.pl";
  earlier.webhook_key = "k1";
  ASSERT_OK_AND_ASSIGN(Shop stored, storage_.CreateShop(earlier));
  EXPECT_EQ(stored.slug, "");
  ASSERT_OK_AND_ASSIGN(Shop given, EnsureShopSlug(storage_, stored));
  EXPECT_EQ(given.slug, "earlier-pl");
  // Asked again with a stale copy, the store keeps the slug it gave.
  ASSERT_OK_AND_ASSIGN(Shop again, EnsureShopSlug(storage_, stored));
  EXPECT_EQ(again.slug, "earlier-pl");
  ASSERT_OK_AND_ASSIGN(Shop kept, storage_.SetShopSlug(stored.id, "other"));
  EXPECT_EQ(kept.slug, "earlier-pl");
}

TEST_F(EnsureShopSlugTest, AGoneShopIsNotFound) {
  Shop gone;
  gone.id = 42;
  gone.domain = "gone.pl";
  EXPECT_THAT(EnsureShopSlug(storage_, gone).status(), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace opinus::server
