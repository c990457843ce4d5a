// Tests of the grace a rotated-out webhook key gets: ShopManager and
// OrderEventRecorder over InMemoryStorage (and the shop cache) with a fake
// clock.
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/managers/order_event_recorder.h"
#include "server/managers/shop_manager.h"
#include "server/storage/caching_shop_store.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::Optional;

const absl::Time kStart = Utc(2024, 5, 9, 12, 0, 0);
constexpr absl::Duration kGrace = absl::Hours(24);

// The shops and the recorder share `shops`, which the test chooses: the
// in-memory store itself, or a cache over it.
class KeyRotationGraceTest : public ::testing::Test {
 protected:
  explicit KeyRotationGraceTest(absl::Duration grace = kGrace, bool cached = false)
      : clock_(kStart),
        cache_(&storage_, &clock_, ShopCacheOptions{absl::Hours(48), 100}),
        shops_store_(cached ? static_cast<ShopStore*>(&cache_) : &storage_),
        shops_(shops_store_, &keys_, &clock_, grace),
        recorder_(shops_store_, &storage_, &clock_) {}

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(shop_,
                         shops_.CreateShop("Sklep", "sklep1.shoparena.pl", "owner@example.com"));
  }

  // Deliver records a new order's event with `key` and returns which key the
  // log says it came with; nullopt when the key does not work (NOT_FOUND, as
  // for a key no shop ever had).
  std::optional<KeyUsed> Deliver(const std::string& key) {
    const std::string order = std::to_string(++orders_);
    absl::StatusOr<EventRecord> record =
        recorder_.Record(key, Realised(order, "2024-05-08 09:12:05"));
    if (record.ok()) return record->key_used;
    EXPECT_THAT(record, StatusIs(absl::StatusCode::kNotFound, "unknown webhook key"));
    return std::nullopt;
  }

  Shop Rotate() {
    absl::StatusOr<Shop> rotated = shops_.RotateKey(shop_.id);
    EXPECT_THAT(rotated, IsOk());
    return rotated.ok() ? *rotated : shop_;
  }

  InMemoryStorage storage_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  CachingShopStore cache_;
  ShopStore* shops_store_;
  ShopManager shops_;
  OrderEventRecorder recorder_;
  Shop shop_;
  int orders_ = 1000;
};

TEST_F(KeyRotationGraceTest, AfterRotationBothKeysWorkAndTheLogSaysWhich) {
  const Shop rotated = Rotate();
  EXPECT_NE(rotated.webhook_key, shop_.webhook_key);
  ASSERT_TRUE(rotated.previous_key.has_value());
  EXPECT_EQ(rotated.previous_key->key, shop_.webhook_key);
  EXPECT_EQ(rotated.previous_key->valid_until, kStart + kGrace);

  EXPECT_THAT(Deliver(rotated.webhook_key), Optional(KeyUsed::kCurrent));
  EXPECT_THAT(Deliver(shop_.webhook_key), Optional(KeyUsed::kPrevious));
  ASSERT_OK_AND_ASSIGN(Page<EventRecord> log, recorder_.ListEvents(shop_.id, {10, ""}));
  ASSERT_EQ(log.items.size(), 2u);
  EXPECT_EQ(log.items[0].key_used, KeyUsed::kPrevious);
  EXPECT_EQ(log.items[1].key_used, KeyUsed::kCurrent);
}

TEST_F(KeyRotationGraceTest, AfterTheGraceOnlyTheNewKeyWorks) {
  const Shop rotated = Rotate();
  clock_.Advance(kGrace - absl::Seconds(1));
  EXPECT_THAT(Deliver(shop_.webhook_key), Optional(KeyUsed::kPrevious));
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(Deliver(shop_.webhook_key), std::nullopt);
  EXPECT_THAT(Deliver(rotated.webhook_key), Optional(KeyUsed::kCurrent));
  // Nobody is shown a key that no longer works.
  ASSERT_OK_AND_ASSIGN(Shop shown, shops_.GetShop(shop_.id));
  EXPECT_FALSE(shown.previous_key.has_value());
}

TEST_F(KeyRotationGraceTest, EndingTheGraceStopsTheOldKeyAtOnce) {
  const Shop rotated = Rotate();
  EXPECT_THAT(Deliver(shop_.webhook_key), Optional(KeyUsed::kPrevious));
  ASSERT_OK_AND_ASSIGN(Shop ended, shops_.EndKeyRotationGrace(shop_.id));
  EXPECT_FALSE(ended.previous_key.has_value());
  EXPECT_EQ(ended.webhook_key, rotated.webhook_key);
  EXPECT_EQ(Deliver(shop_.webhook_key), std::nullopt);
  EXPECT_THAT(Deliver(rotated.webhook_key), Optional(KeyUsed::kCurrent));
  // Again, and without a previous key: nothing to do, no error.
  EXPECT_THAT(shops_.EndKeyRotationGrace(shop_.id), IsOk());
}

TEST_F(KeyRotationGraceTest, RotatingTwiceKeepsOnlyTheLatestPreviousKey) {
  const Shop first = Rotate();
  clock_.Advance(absl::Hours(1));
  const Shop second = Rotate();
  ASSERT_TRUE(second.previous_key.has_value());
  EXPECT_EQ(second.previous_key->key, first.webhook_key);
  EXPECT_EQ(second.previous_key->valid_until, kStart + absl::Hours(1) + kGrace);
  EXPECT_EQ(Deliver(shop_.webhook_key), std::nullopt);
  EXPECT_THAT(Deliver(first.webhook_key), Optional(KeyUsed::kPrevious));
  EXPECT_THAT(Deliver(second.webhook_key), Optional(KeyUsed::kCurrent));
}

TEST_F(KeyRotationGraceTest, EndingTheGraceOfAnUnknownShopIsNotFound) {
  EXPECT_THAT(shops_.EndKeyRotationGrace(99), StatusIs(absl::StatusCode::kNotFound));
}

class NoKeyRotationGraceTest : public KeyRotationGraceTest {
 protected:
  NoKeyRotationGraceTest() : KeyRotationGraceTest(absl::ZeroDuration()) {}
};

TEST_F(NoKeyRotationGraceTest, TheOldKeyStopsAtOnce) {
  const Shop rotated = Rotate();
  EXPECT_FALSE(rotated.previous_key.has_value());
  EXPECT_EQ(Deliver(shop_.webhook_key), std::nullopt);
  EXPECT_THAT(Deliver(rotated.webhook_key), Optional(KeyUsed::kCurrent));
}

// Through a cache that would remember a key for two days: what it remembers
// never outlives the key.
class CachedKeyRotationGraceTest : public KeyRotationGraceTest {
 protected:
  CachedKeyRotationGraceTest() : KeyRotationGraceTest(kGrace, /*cached=*/true) {}
};

TEST_F(CachedKeyRotationGraceTest, ARememberedPreviousKeyStopsWhenItsGraceEnds) {
  Rotate();
  EXPECT_THAT(Deliver(shop_.webhook_key), Optional(KeyUsed::kPrevious));
  clock_.Advance(kGrace);
  EXPECT_EQ(Deliver(shop_.webhook_key), std::nullopt);
}

TEST_F(CachedKeyRotationGraceTest, ARememberedPreviousKeyStopsWhenTheGraceIsEnded) {
  const Shop rotated = Rotate();
  EXPECT_THAT(Deliver(shop_.webhook_key), Optional(KeyUsed::kPrevious));
  EXPECT_THAT(Deliver(rotated.webhook_key), Optional(KeyUsed::kCurrent));
  ASSERT_THAT(shops_.EndKeyRotationGrace(shop_.id), IsOk());
  EXPECT_EQ(Deliver(shop_.webhook_key), std::nullopt);
  EXPECT_THAT(Deliver(rotated.webhook_key), Optional(KeyUsed::kCurrent));
}

TEST_F(CachedKeyRotationGraceTest, ARememberedPreviousKeyStopsWhenRotatedAgain) {
  const Shop first = Rotate();
  EXPECT_THAT(Deliver(shop_.webhook_key), Optional(KeyUsed::kPrevious));
  Rotate();
  EXPECT_EQ(Deliver(shop_.webhook_key), std::nullopt);
  EXPECT_THAT(Deliver(first.webhook_key), Optional(KeyUsed::kPrevious));
}

}  // namespace
}  // namespace opinus::server
