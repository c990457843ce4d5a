// The grace of a rotated-out webhook key through MysqlShopStore, the shop
// cache over it and the event log, against a real MariaDB.
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "server/storage/caching_shop_store.h"
#include "tests/integration/mysql_storage_fixture.h"

namespace opinus::server {
namespace {

constexpr absl::Duration kGrace = absl::Hours(24);

// Everything goes through a cache that would remember a key for two days, as
// the server wires it: what it remembers must never outlive the key.
class MysqlKeyGraceTest : public MysqlStorageTest {
 protected:
  void SetUp() override {
    MysqlStorageTest::SetUp();
    cache_ = std::make_unique<CachingShopStore>(shops_.get(), &clock_,
                                                ShopCacheOptions{absl::Hours(48), 100});
    graced_ = std::make_unique<ShopManager>(cache_.get(), &keys_, &clock_, kGrace);
    cached_recorder_ = std::make_unique<OrderEventRecorder>(cache_.get(), events_.get(), &clock_);
    shop_ = CreateShop();
  }

  // Deliver records a new order's event with `key`; NOT_FOUND when the key
  // does not work.
  absl::StatusOr<KeyUsed> Deliver(const std::string& key) {
    absl::StatusOr<EventRecord> record =
        cached_recorder_->Record(key, Shipped(std::to_string(++orders_)));
    if (!record.ok()) return record.status();
    return record->key_used;
  }

  Shop Rotate() {
    absl::StatusOr<Shop> rotated = graced_->RotateKey(shop_.id);
    EXPECT_TRUE(rotated.ok()) << rotated.status();
    return rotated.ok() ? *rotated : shop_;
  }

  std::unique_ptr<CachingShopStore> cache_;
  std::unique_ptr<ShopManager> graced_;
  std::unique_ptr<OrderEventRecorder> cached_recorder_;
  Shop shop_;
  int orders_ = 1000;
};

TEST_F(MysqlKeyGraceTest, BothKeysWorkDuringTheGraceAndTheLogKeepsWhichCame) {
  const Shop rotated = Rotate();
  absl::StatusOr<Shop> stored = shops_->GetShop(shop_.id);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->webhook_key, rotated.webhook_key);
  ASSERT_TRUE(stored->previous_key.has_value());
  EXPECT_EQ(stored->previous_key->key, shop_.webhook_key);
  EXPECT_EQ(stored->previous_key->valid_until, clock_.now + kGrace);

  EXPECT_EQ(Deliver(shop_.webhook_key).value_or(KeyUsed::kCurrent), KeyUsed::kPrevious);
  EXPECT_EQ(Deliver(rotated.webhook_key).value_or(KeyUsed::kPrevious), KeyUsed::kCurrent);
  absl::StatusOr<Page<EventRecord>> log = events_->ListEvents(shop_.id, {10, ""});
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_EQ(log->items.size(), 2u);
  EXPECT_EQ(log->items[0].key_used, KeyUsed::kCurrent);
  EXPECT_EQ(log->items[1].key_used, KeyUsed::kPrevious);
}

TEST_F(MysqlKeyGraceTest, AfterTheGraceOnlyTheNewKeyWorks) {
  const Shop rotated = Rotate();
  EXPECT_TRUE(Deliver(shop_.webhook_key).ok());  // now remembered by the cache
  clock_.now += kGrace;
  EXPECT_TRUE(absl::IsNotFound(Deliver(shop_.webhook_key).status()));
  EXPECT_TRUE(Deliver(rotated.webhook_key).ok());
  absl::StatusOr<Shop> shown = graced_->GetShop(shop_.id);
  ASSERT_TRUE(shown.ok()) << shown.status();
  EXPECT_FALSE(shown->previous_key.has_value());
}

TEST_F(MysqlKeyGraceTest, EndingTheGraceStopsTheOldKeyAtOnceThoughTheCacheRememberedIt) {
  const Shop rotated = Rotate();
  EXPECT_TRUE(Deliver(shop_.webhook_key).ok());
  absl::StatusOr<Shop> ended = graced_->EndKeyRotationGrace(shop_.id);
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_FALSE(ended->previous_key.has_value());
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM shops WHERE previous_webhook_key IS NOT NULL "
                                "OR previous_key_valid_until IS NOT NULL"),
            0);
  EXPECT_TRUE(absl::IsNotFound(Deliver(shop_.webhook_key).status()));
  EXPECT_TRUE(Deliver(rotated.webhook_key).ok());
  // Ending it again, or for a shop that does not exist.
  EXPECT_TRUE(graced_->EndKeyRotationGrace(shop_.id).ok());
  EXPECT_TRUE(absl::IsNotFound(graced_->EndKeyRotationGrace(shop_.id + 1000).status()));
}

TEST_F(MysqlKeyGraceTest, RotatingTwiceKeepsOnlyTheLatestPreviousKey) {
  const Shop first = Rotate();
  EXPECT_TRUE(Deliver(shop_.webhook_key).ok());
  const Shop second = Rotate();
  ASSERT_TRUE(second.previous_key.has_value());
  EXPECT_EQ(second.previous_key->key, first.webhook_key);
  EXPECT_TRUE(absl::IsNotFound(Deliver(shop_.webhook_key).status()));
  EXPECT_EQ(Deliver(first.webhook_key).value_or(KeyUsed::kCurrent), KeyUsed::kPrevious);
  EXPECT_EQ(Deliver(second.webhook_key).value_or(KeyUsed::kPrevious), KeyUsed::kCurrent);
}

TEST_F(MysqlKeyGraceTest, WithoutAGraceTheOldKeyStopsAtOnce) {
  ShopManager no_grace(cache_.get(), &keys_, &clock_, absl::ZeroDuration());
  absl::StatusOr<Shop> rotated = no_grace.RotateKey(shop_.id);
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  EXPECT_FALSE(rotated->previous_key.has_value());
  EXPECT_TRUE(absl::IsNotFound(Deliver(shop_.webhook_key).status()));
  EXPECT_TRUE(Deliver(rotated->webhook_key).ok());
}

// A delivery to the old URL is found by an index, as one to the new URL is.
TEST_F(MysqlKeyGraceTest, ThePreviousKeyHasAUniqueIndexOfItsOwn) {
  EXPECT_EQ(database_->QueryInt(
                "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = "
                "DATABASE() AND table_name = 'shops' AND column_name = 'previous_webhook_key' "
                "AND seq_in_index = 1 AND non_unique = 0"),
            1);
}

}  // namespace
}  // namespace opinus::server
