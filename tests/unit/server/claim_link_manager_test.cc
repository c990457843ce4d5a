// Tests of the App Store admin page's claim links over the in-memory store
// and a fake clock: a link only for a signed query of an installed shop
// without an owner, kept as its hash, replaced by the next showing, good
// once and for 24 hours.
#include "server/managers/claim_link_manager.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/appstore.h"
#include "server/domain/digest.h"
#include "tests/support/in_memory_claim_links.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_sources.h"

namespace opinus::server {
namespace {

using ::opinus::testing::StatusIs;

constexpr char kSecret[] = "appstore-secret";
const absl::Time kNow = absl::FromUnixSeconds(1780000000);

class ClaimLinkManagerTest : public ::testing::Test {
 protected:
  ClaimLinkManagerTest() : clock_(kNow), claims_(&store_, &tokens_, &clock_, Settings()) {
    InstallationView view;
    view.installation.id = 3;
    view.installation.licence = "12345";
    view.installation.shop_url = "https://sklep.example/";
    view.installation.connection = ShopConnection::kConnected;
    view.installation.shop_id = 9;
    view.shop_name = "sklep.example";
    store_.SetInstallation(view);
  }

  static AppStoreSettings Settings() {
    AppStoreSettings settings;
    settings.secret = kSecret;
    return settings;
  }

  std::map<std::string, std::string> Query(const std::string& secret = kSecret) const {
    std::map<std::string, std::string> query = {
        {"shop", "12345"},
        {"place", "admin"},
        {"timestamp", absl::StrCat(absl::ToUnixSeconds(clock_.Now()))}};
    query["hash"] = AppStoreHash(query, secret);
    return query;
  }

  static Owner OwnerNumbered(OwnerId id) {
    Owner owner;
    owner.id = id;
    owner.email = absl::StrCat("owner", id, "@example.com");
    return owner;
  }

  InMemoryClaimLinkStore store_;
  SequenceTokens tokens_;
  FakeClock clock_;
  ClaimLinkManager claims_;
};

TEST_F(ClaimLinkManagerTest, ABadSignatureGivesNoLink) {
  EXPECT_THAT(claims_.ShowAdminPage(Query("another-secret")).status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(store_.LinkCount(), 0);
  std::map<std::string, std::string> unknown = {
      {"shop", "999"}, {"timestamp", absl::StrCat(absl::ToUnixSeconds(kNow))}};
  unknown["hash"] = AppStoreHash(unknown, kSecret);
  EXPECT_THAT(claims_.ShowAdminPage(unknown).status(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(store_.LinkCount(), 0);
}

TEST_F(ClaimLinkManagerTest, ASignedQueryGivesALinkThatReplacesTheOneBefore) {
  absl::StatusOr<AdminPageAnswer> first = claims_.ShowAdminPage(Query());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->view.installation.connection, ShopConnection::kConnected);
  EXPECT_EQ(first->claim_expire_time, kNow + absl::Hours(24));
  ASSERT_FALSE(first->claim_token.empty());
  absl::StatusOr<ClaimLinkView> described = claims_.DescribeLink(first->claim_token);
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->state, ClaimLinkState::kValid);
  EXPECT_EQ(described->shop_id, 9);

  absl::StatusOr<AdminPageAnswer> second = claims_.ShowAdminPage(Query());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->claim_token, first->claim_token);
  EXPECT_EQ(store_.LinkCount(), 1);
  EXPECT_THAT(claims_.DescribeLink(first->claim_token).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(claims_.DescribeLink("not a token!").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(ClaimLinkManagerTest, TheLinkWorksOnceThenTheShopHasAnOwner) {
  const std::string token = claims_.ShowAdminPage(Query())->claim_token;
  absl::StatusOr<ClaimLinkView> claimed = claims_.Claim(token, OwnerNumbered(1));
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  EXPECT_EQ(claimed->state, ClaimLinkState::kUsed);
  EXPECT_EQ(claimed->shop_id, 9);
  EXPECT_THAT(claims_.Claim(token, OwnerNumbered(2)).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "claim link: used"));
  // The page no longer gives a link.
  absl::StatusOr<AdminPageAnswer> page = claims_.ShowAdminPage(Query());
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->view.owner_id, 1);
  EXPECT_TRUE(page->claim_token.empty());
}

TEST_F(ClaimLinkManagerTest, TheLinkExpiresAfter24Hours) {
  const std::string token = claims_.ShowAdminPage(Query())->claim_token;
  clock_.Advance(absl::Hours(24));
  EXPECT_EQ(claims_.DescribeLink(token)->state, ClaimLinkState::kExpired);
  EXPECT_THAT(claims_.Claim(token, OwnerNumbered(1)).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "claim link: expired"));
}

TEST_F(ClaimLinkManagerTest, NoLinkWithoutAShopOrWhenUninstalled) {
  InstallationView pending;
  pending.installation.id = 4;
  pending.installation.licence = "12345";
  pending.installation.connection = ShopConnection::kPending;
  store_.SetInstallation(pending);
  absl::StatusOr<AdminPageAnswer> page = claims_.ShowAdminPage(Query());
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->claim_token.empty());
  InstallationView uninstalled = pending;
  uninstalled.installation.shop_id = 9;
  uninstalled.installation.installed = false;
  store_.SetInstallation(uninstalled);
  EXPECT_TRUE(claims_.ShowAdminPage(Query())->claim_token.empty());
  EXPECT_EQ(store_.LinkCount(), 0);
}

TEST(ClaimLinkManagerWithoutSecretTest, RefusesEverything) {
  InMemoryClaimLinkStore store;
  SequenceTokens tokens;
  FakeClock clock(kNow);
  ClaimLinkManager claims(&store, &tokens, &clock, AppStoreSettings{});
  EXPECT_THAT(claims.ShowAdminPage({}).status(), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(claims.DescribeLink("abc").status(), StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace opinus::server
