// Tests of CachingShopStore over InMemoryStorage with a fake clock: what it
// remembers and for how long, what a change through it forgets, its bound.
#include "server/storage/caching_shop_store.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::Eq;
using ::testing::Optional;

const absl::Time kStart =
    absl::FromCivil(absl::CivilSecond(2024, 5, 9, 12, 0, 0), absl::UTCTimeZone());
constexpr absl::Duration kTtl = absl::Seconds(5);
const std::string kKeyA = "AAAAAAAAAAAAAAAAAAAA";
const std::string kKeyB = "BBBBBBBBBBBBBBBBBBBB";
const std::string kKeyC = "CCCCCCCCCCCCCCCCCCCC";

// CountingShopStore passes every call to InMemoryStorage and counts the
// FindShopByKey calls that reach it; it can fail the next one, or run a hook
// (a change made meanwhile) before answering. Not thread-safe.
class CountingShopStore final : public ShopStore {
 public:
  absl::StatusOr<Shop> CreateShop(const Shop& shop) override { return storage_.CreateShop(shop); }
  absl::StatusOr<Shop> GetShop(ShopId id) override { return storage_.GetShop(id); }
  absl::StatusOr<std::optional<Shop>> FindShopByKey(const std::string& key) override {
    ++reads_;
    if (fail_next_) {
      fail_next_ = false;
      return absl::UnavailableError("database unreachable");
    }
    absl::StatusOr<std::optional<Shop>> found = storage_.FindShopByKey(key);
    if (during_read_) std::exchange(during_read_, nullptr)();
    return found;
  }
  absl::StatusOr<std::optional<Shop>> FindShopBySlug(const std::string& slug) override {
    return storage_.FindShopBySlug(slug);
  }
  absl::StatusOr<Shop> SetShopSlug(ShopId id, const std::string& slug) override {
    return storage_.SetShopSlug(id, slug);
  }
  absl::StatusOr<Page<Shop>> ListShops(std::optional<OwnerId> owner_id,
                                       const PageRequest& page) override {
    return storage_.ListShops(owner_id, page);
  }
  absl::StatusOr<Shop> SetWebhookKey(ShopId id, const std::string& key,
                                     std::optional<absl::Time> keep_previous_until,
                                     absl::Time now) override {
    return storage_.SetWebhookKey(id, key, keep_previous_until, now);
  }
  absl::StatusOr<Shop> DropPreviousKey(ShopId id, absl::Time now) override {
    return storage_.DropPreviousKey(id, now);
  }
  absl::StatusOr<Shop> ApproveShop(ShopId id, absl::Time now) override {
    return storage_.ApproveShop(id, now);
  }
  absl::StatusOr<std::map<ShopId, int>> CountMailsSentSince(const std::vector<ShopId>& ids,
                                                            absl::Time since) override {
    return storage_.CountMailsSentSince(ids, since);
  }
  absl::StatusOr<Shop> UpdateSettings(ShopId id, const ShopSettings& settings,
                                      absl::Time now) override {
    return storage_.UpdateSettings(id, settings, now);
  }

  int reads() const { return reads_; }
  void FailNextRead() { fail_next_ = true; }
  void DuringNextRead(std::function<void()> hook) { during_read_ = std::move(hook); }

 private:
  InMemoryStorage storage_;
  int reads_ = 0;
  bool fail_next_ = false;
  std::function<void()> during_read_;
};

class CachingShopStoreTest : public ::testing::Test {
 protected:
  explicit CachingShopStoreTest(ShopCacheOptions options = {kTtl, 100})
      : clock_(kStart), cache_(&store_, &clock_, options) {}

  // MakeShop creates a shop with `key`, straight in the store (as another
  // server would) or through the cache.
  Shop MakeShop(ShopStore& where, const std::string& key) {
    Shop shop;
    shop.name = "Sklep";
    shop.domain = "sklep.shoparena.pl";
    shop.owner_email = "owner@example.com";
    shop.webhook_key = key;
    shop.create_time = kStart;
    absl::StatusOr<Shop> created = where.CreateShop(shop);
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : shop;
  }

  // ShopIdOf returns the id of the shop the cache finds for `key`, nullopt
  // when it finds none.
  std::optional<ShopId> ShopIdOf(const std::string& key) {
    absl::StatusOr<std::optional<Shop>> found = cache_.FindShopByKey(key);
    EXPECT_THAT(found, IsOk());
    if (!found.ok() || !found->has_value()) return std::nullopt;
    return (*found)->id;
  }

  CountingShopStore store_;
  FakeClock clock_;
  CachingShopStore cache_;
};

TEST_F(CachingShopStoreTest, RemembersAShopForTheTtl) {
  const Shop shop = MakeShop(store_, kKeyA);
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  EXPECT_EQ(store_.reads(), 1);

  // Another server rotates the key: this one accepts the old key until the
  // entry expires, and not after.
  ASSERT_THAT(store_.SetWebhookKey(shop.id, kKeyB, std::nullopt, kStart), IsOk());
  clock_.Advance(kTtl - absl::Seconds(1));
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  EXPECT_EQ(store_.reads(), 1);
  clock_.Advance(absl::Seconds(1));
  EXPECT_THAT(ShopIdOf(kKeyA), Eq(std::nullopt));
  EXPECT_EQ(store_.reads(), 2);
}

TEST_F(CachingShopStoreTest, RemembersUnknownKeysForTheTtl) {
  EXPECT_THAT(ShopIdOf(kKeyA), Eq(std::nullopt));
  EXPECT_THAT(ShopIdOf(kKeyA), Eq(std::nullopt));
  EXPECT_EQ(store_.reads(), 1);

  const Shop shop = MakeShop(store_, kKeyA);  // by another server
  EXPECT_THAT(ShopIdOf(kKeyA), Eq(std::nullopt));
  clock_.Advance(kTtl);
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  EXPECT_EQ(store_.reads(), 2);
}

TEST_F(CachingShopStoreTest, ShopCreatedThroughItIsFoundAtOnce) {
  EXPECT_THAT(ShopIdOf(kKeyA), Eq(std::nullopt));
  const Shop shop = MakeShop(cache_, kKeyA);
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
}

TEST_F(CachingShopStoreTest, KeyRotatedThroughItAppliesAtOnce) {
  const Shop shop = MakeShop(cache_, kKeyA);
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  EXPECT_THAT(ShopIdOf(kKeyB), Eq(std::nullopt));

  ASSERT_THAT(cache_.SetWebhookKey(shop.id, kKeyB, std::nullopt, kStart), IsOk());
  EXPECT_THAT(ShopIdOf(kKeyA), Eq(std::nullopt));
  EXPECT_THAT(ShopIdOf(kKeyB), Optional(shop.id));
}

TEST_F(CachingShopStoreTest, FindsAShopByItsPreviousKeyUntilThatIsDroppedThroughIt) {
  const Shop shop = MakeShop(cache_, kKeyA);
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  ASSERT_THAT(cache_.SetWebhookKey(shop.id, kKeyB, kStart + absl::Hours(1), kStart), IsOk());
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  EXPECT_THAT(ShopIdOf(kKeyB), Optional(shop.id));

  ASSERT_THAT(cache_.DropPreviousKey(shop.id, kStart), IsOk());
  EXPECT_THAT(ShopIdOf(kKeyA), Eq(std::nullopt));
  EXPECT_THAT(ShopIdOf(kKeyB), Optional(shop.id));
}

TEST_F(CachingShopStoreTest, ForgetsTheFirstPreviousKeyWhenRotatedAgainThroughIt) {
  const Shop shop = MakeShop(cache_, kKeyA);
  ASSERT_THAT(cache_.SetWebhookKey(shop.id, kKeyB, kStart + absl::Hours(1), kStart), IsOk());
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  ASSERT_THAT(cache_.SetWebhookKey(shop.id, kKeyC, kStart + absl::Hours(1), kStart), IsOk());
  EXPECT_THAT(ShopIdOf(kKeyA), Eq(std::nullopt));
  EXPECT_THAT(ShopIdOf(kKeyB), Optional(shop.id));
  EXPECT_THAT(ShopIdOf(kKeyC), Optional(shop.id));
}

TEST_F(CachingShopStoreTest, SettingsChangedThroughItApplyAtOnce) {
  const Shop shop = MakeShop(cache_, kKeyA);
  ASSERT_OK_AND_ASSIGN(std::optional<Shop> before, cache_.FindShopByKey(kKeyA));
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->settings.webhook_secret, "");

  ShopSettings settings = shop.settings;
  settings.webhook_secret = "klucz-sklepu";
  ASSERT_THAT(cache_.UpdateSettings(shop.id, settings, kStart), IsOk());
  ASSERT_OK_AND_ASSIGN(std::optional<Shop> after, cache_.FindShopByKey(kKeyA));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->settings.webhook_secret, "klucz-sklepu");
}

TEST_F(CachingShopStoreTest, DoesNotRememberWhatItReadDuringAChange) {
  const Shop shop = MakeShop(cache_, kKeyA);
  // The rotation commits after the read took the old key's shop.
  store_.DuringNextRead(
      [&] { ASSERT_THAT(cache_.SetWebhookKey(shop.id, kKeyB, std::nullopt, kStart), IsOk()); });
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  EXPECT_THAT(ShopIdOf(kKeyA), Eq(std::nullopt));
  EXPECT_EQ(store_.reads(), 2);
}

TEST_F(CachingShopStoreTest, DoesNotRememberErrors) {
  const Shop shop = MakeShop(store_, kKeyA);
  store_.FailNextRead();
  EXPECT_THAT(cache_.FindShopByKey(kKeyA), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  EXPECT_EQ(store_.reads(), 2);
}

class BoundedCachingShopStoreTest : public CachingShopStoreTest {
 protected:
  BoundedCachingShopStoreTest() : CachingShopStoreTest({kTtl, 2}) {}
};

TEST_F(BoundedCachingShopStoreTest, KeepsAtMostMaxEntries) {
  for (const std::string& key : {kKeyA, kKeyB, kKeyC}) EXPECT_THAT(ShopIdOf(key), Eq(std::nullopt));
  EXPECT_EQ(store_.reads(), 3);
  // Three keys do not all fit in two entries: at least one is read again.
  for (const std::string& key : {kKeyA, kKeyB, kKeyC}) EXPECT_THAT(ShopIdOf(key), Eq(std::nullopt));
  EXPECT_GT(store_.reads(), 3);
}

class UncachedShopStoreTest : public CachingShopStoreTest {
 protected:
  UncachedShopStoreTest() : CachingShopStoreTest({absl::ZeroDuration(), 100}) {}
};

TEST_F(UncachedShopStoreTest, ZeroTtlReadsEveryTime) {
  const Shop shop = MakeShop(store_, kKeyA);
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  EXPECT_THAT(ShopIdOf(kKeyB), Eq(std::nullopt));
  EXPECT_THAT(ShopIdOf(kKeyA), Optional(shop.id));
  EXPECT_THAT(ShopIdOf(kKeyB), Eq(std::nullopt));
  EXPECT_EQ(store_.reads(), 4);
}

}  // namespace
}  // namespace opinus::server
