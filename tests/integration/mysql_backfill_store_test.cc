// MysqlBackfillStore on MariaDB: one running backfill a shop, claims that
// keep other cores off a backfill until its lease ends, progress saved and
// read back, and the App Store access only of a connected installation.

#include "server/storage/mysql/mysql_backfill_store.h"

#include "tests/integration/mysql_storage_fixture.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

class MysqlBackfillStoreTest : public MysqlStorageTest {
 protected:
  void SetUp() override {
    MysqlStorageTest::SetUp();
    backfills_ = std::make_unique<MysqlBackfillStore>(pool_.get());
    shop_ = CreateShop();
  }

  OrderBackfill Draft(absl::Time due) const {
    OrderBackfill backfill;
    backfill.shop_id = shop_.id;
    backfill.days = 30;
    backfill.query.since_local = "2024-04-09 12:00:00";
    backfill.query.status_ids = {7, 10};
    backfill.expected = 320;
    backfill.create_time = due;
    backfill.update_time = due;
    backfill.next_attempt_time = due;
    return backfill;
  }

  std::unique_ptr<MysqlBackfillStore> backfills_;
  Shop shop_;
};

TEST_F(MysqlBackfillStoreTest, OneRunningBackfillAShopAndClaimsKeepOthersOff) {
  const absl::Time now = clock_.now;
  ASSERT_OK_AND_ASSIGN(const OrderBackfill started, backfills_->StartBackfill(Draft(now)));
  EXPECT_GT(started.id, 0);
  EXPECT_TRUE(absl::IsAlreadyExists(backfills_->StartBackfill(Draft(now)).status()));

  // Claimed by one core: no other core gets it until the lease ends.
  ASSERT_OK_AND_ASSIGN(std::optional<OrderBackfill> claimed,
                       backfills_->ClaimBackfill(now, now + absl::Minutes(2)));
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(claimed->id, started.id);
  EXPECT_EQ(claimed->query.status_ids, (std::vector<int64_t>{7, 10}));
  EXPECT_EQ(claimed->query.since_local, "2024-04-09 12:00:00");
  ASSERT_OK_AND_ASSIGN(std::optional<OrderBackfill> other,
                       backfills_->ClaimBackfill(now + absl::Minutes(1), now + absl::Minutes(3)));
  EXPECT_FALSE(other.has_value());

  // Progress saved; done frees the shop for another backfill.
  OrderBackfill progress = *claimed;
  progress.next_page = 8;
  progress.pages = 7;
  progress.scheduled = 300;
  progress.duplicates = 20;
  progress.state = BackfillState::kDone;
  ASSERT_TRUE(backfills_->SaveBackfill(progress).ok());
  ASSERT_OK_AND_ASSIGN(std::optional<OrderBackfill> latest, backfills_->LatestBackfill(shop_.id));
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->state, BackfillState::kDone);
  EXPECT_EQ(latest->scheduled, 300);
  EXPECT_EQ(latest->duplicates, 20);
  EXPECT_EQ(latest->pages, 7);
  ASSERT_OK_AND_ASSIGN(std::optional<OrderBackfill> none,
                       backfills_->ClaimBackfill(now + absl::Hours(1), now + absl::Hours(2)));
  EXPECT_FALSE(none.has_value());
  EXPECT_TRUE(backfills_->StartBackfill(Draft(now)).ok());

  progress.id = 999999;
  EXPECT_TRUE(absl::IsNotFound(backfills_->SaveBackfill(progress)));
}

TEST_F(MysqlBackfillStoreTest, AccessOnlyThroughAConnectedInstallation) {
  ASSERT_OK_AND_ASSIGN(std::optional<ShopApiAccess> none, backfills_->FindShopAccess(shop_.id));
  EXPECT_FALSE(none.has_value());
  database_->Execute(absl::StrCat(
      "INSERT INTO app_installations (licence, shop_url, application_code, application_version, "
      "installed, installed_at, updated_at, subscription_end, callbacks, connect_state, shop_id, "
      "access_token) VALUES ('40123', 'https://sklep1.shoparena.pl', 'opinus', '3', 1, "
      "UTC_TIMESTAMP(), UTC_TIMESTAMP(), '', 1, 'pending', ",
      shop_.id, ", 'token-Zq8')"));
  ASSERT_OK_AND_ASSIGN(none, backfills_->FindShopAccess(shop_.id));
  EXPECT_FALSE(none.has_value());
  database_->Execute("UPDATE app_installations SET connect_state = 'connected'");
  ASSERT_OK_AND_ASSIGN(std::optional<ShopApiAccess> access, backfills_->FindShopAccess(shop_.id));
  ASSERT_TRUE(access.has_value());
  EXPECT_EQ(access->shop_url, "https://sklep1.shoparena.pl");
  EXPECT_EQ(access->access_token, "token-Zq8");
}

}  // namespace
}  // namespace opinus::server
