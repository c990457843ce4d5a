// MysqlStorageTest: the MySQL stores over a fresh, migrated database on the
// test server, for the storage tests of every table.
#ifndef OPINUS_TESTS_INTEGRATION_MYSQL_STORAGE_FIXTURE_H_
#define OPINUS_TESTS_INTEGRATION_MYSQL_STORAGE_FIXTURE_H_

#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/shop_manager.h"
#include "server/storage/mysql/migrations.h"
#include "server/storage/mysql/mysql_account_store.h"
#include "server/storage/mysql/mysql_dispatch_store.h"
#include "server/storage/mysql/mysql_invitation_store.h"
#include "server/storage/mysql/mysql_opinion_store.h"
#include "server/storage/mysql/mysql_order_event_store.h"
#include "server/storage/mysql/mysql_privacy_store.h"
#include "server/storage/mysql/mysql_shop_store.h"
#include "server/storage/mysql/mysql_suppression_store.h"
#include "server/storage/mysql/session_pool.h"
#include "tests/integration/test_database.h"
#include "tests/support/test_address_hasher.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {

class FixedClock final : public Clock {
 public:
  absl::Time Now() const override { return now; }
  absl::Time now = absl::FromCivil(absl::CivilSecond(2024, 5, 9, 10, 0, 0), absl::UTCTimeZone());
};

class MysqlStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<opinus::testing::TestDatabase>> database =
        opinus::testing::TestDatabase::Create("storage");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    SessionPoolOptions options;
    options.connect_string = database_->connect_string();
    options.size = 4;
    absl::StatusOr<std::unique_ptr<SessionPool>> pool = SessionPool::Open(options);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    absl::StatusOr<int> applied = ApplyMigrations(*pool_, opinus::testing::TestAddressHasher());
    ASSERT_TRUE(applied.ok()) << applied.status();
    accounts_ = std::make_unique<MysqlAccountStore>(pool_.get());
    shops_ = std::make_unique<MysqlShopStore>(pool_.get());
    events_ = std::make_unique<MysqlOrderEventStore>(pool_.get());
    invitations_ = std::make_unique<MysqlInvitationStore>(pool_.get());
    dispatch_ = std::make_unique<MysqlDispatchStore>(pool_.get());
    suppressions_ = std::make_unique<MysqlSuppressionStore>(pool_.get());
    opinions_ = std::make_unique<MysqlOpinionStore>(pool_.get());
    privacy_ = std::make_unique<MysqlPrivacyStore>(pool_.get());
    manager_ = std::make_unique<ShopManager>(shops_.get(), &keys_, &clock_);
    recorder_ = std::make_unique<OrderEventRecorder>(shops_.get(), events_.get(), &clock_);
  }

  Shop CreateShop() {
    absl::StatusOr<Shop> shop =
        manager_->CreateShop("Ceramika", "sklep123456.shoparena.pl", "owner@example.com");
    EXPECT_TRUE(shop.ok()) << shop.status();
    return *shop;
  }

  // Hash returns `email` as the suppression lists keep it.
  static std::string Hash(absl::string_view email) {
    return opinus::testing::TestAddressHasher().Hash(email);
  }

  static OrderEvent Shipped(const std::string& order_id) {
    return Realised(order_id, "2024-05-08 09:12:05");
  }

  std::unique_ptr<opinus::testing::TestDatabase> database_;
  std::unique_ptr<SessionPool> pool_;
  std::unique_ptr<MysqlAccountStore> accounts_;
  std::unique_ptr<MysqlShopStore> shops_;
  std::unique_ptr<MysqlOrderEventStore> events_;
  std::unique_ptr<MysqlInvitationStore> invitations_;
  std::unique_ptr<MysqlDispatchStore> dispatch_;
  std::unique_ptr<MysqlSuppressionStore> suppressions_;
  std::unique_ptr<MysqlOpinionStore> opinions_;
  std::unique_ptr<MysqlPrivacyStore> privacy_;
  RandomKeyGenerator keys_;
  FixedClock clock_;
  std::unique_ptr<ShopManager> manager_;
  std::unique_ptr<OrderEventRecorder> recorder_;
};

}  // namespace opinus::server

#endif  // OPINUS_TESTS_INTEGRATION_MYSQL_STORAGE_FIXTURE_H_
