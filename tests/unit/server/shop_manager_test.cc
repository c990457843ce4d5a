// Tests of ShopManager over InMemoryStorage: creating shops, paging through
// them, rotating keys and changing settings.
#include "server/managers/shop_manager.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/key_generator.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const absl::Time kStart =
    absl::FromCivil(absl::CivilSecond(2024, 5, 9, 12, 0, 0), absl::UTCTimeZone());

class ShopManagerTest : public ::testing::Test {
 protected:
  ShopManagerTest() : clock_(kStart), shops_(&storage_, &keys_, &clock_) {}

  InMemoryStorage storage_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  ShopManager shops_;
};

TEST_F(ShopManagerTest, CreateShopTrimsLowercasesAndAppliesDefaults) {
  ASSERT_OK_AND_ASSIGN(Shop shop, shops_.CreateShop("  Mój Sklep \t", " Sklep123.ShopArena.PL ",
                                                    "  owner@example.com\n"));
  EXPECT_GT(shop.id, 0);
  EXPECT_EQ(shop.name, "Mój Sklep");
  EXPECT_EQ(shop.domain, "sklep123.shoparena.pl");
  EXPECT_EQ(shop.owner_email, "owner@example.com");
  EXPECT_EQ(shop.webhook_key, SequenceKeyGenerator::KeyNumber(1));
  EXPECT_EQ(shop.create_time, kStart);
  EXPECT_EQ(shop.settings.invitation_delay_days, 7);
  EXPECT_THAT(shop.settings.trigger.status_ids, IsEmpty());
  EXPECT_EQ(shop.settings.trigger.status_type, StatusType::kClosed);
  EXPECT_EQ(shop.settings.time_zone, "Europe/Warsaw");
  EXPECT_TRUE(shop.settings.sending_enabled);

  ASSERT_OK_AND_ASSIGN(Shop stored, shops_.GetShop(shop.id));
  EXPECT_EQ(stored.name, "Mój Sklep");
  EXPECT_EQ(stored.domain, "sklep123.shoparena.pl");
  EXPECT_EQ(stored.webhook_key, shop.webhook_key);
}

TEST_F(ShopManagerTest, CreateShopGivesARandomTwentyCharacterKey) {
  RandomKeyGenerator random_keys;
  ShopManager shops(&storage_, &random_keys, &clock_);
  ASSERT_OK_AND_ASSIGN(Shop first, shops.CreateShop("A", "a.pl", "a@example.com"));
  ASSERT_OK_AND_ASSIGN(Shop second, shops.CreateShop("B", "b.pl", "b@example.com"));
  EXPECT_EQ(first.webhook_key.size(), 20u);
  EXPECT_TRUE(IsWellFormedWebhookKey(first.webhook_key));
  EXPECT_TRUE(IsWellFormedWebhookKey(second.webhook_key));
  EXPECT_NE(first.webhook_key, second.webhook_key);
  EXPECT_NE(first.id, second.id);
}

TEST_F(ShopManagerTest, CreateShopNamesTheBadFieldAndStoresNothing) {
  EXPECT_THAT(shops_.CreateShop("   ", "a.pl", "a@example.com"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("name:")));
  EXPECT_THAT(shops_.CreateShop("Sklep", "  ", "a@example.com"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("domain:")));
  EXPECT_THAT(shops_.CreateShop("Sklep", "https://a.pl/", "a@example.com"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("domain:")));
  EXPECT_THAT(shops_.CreateShop("Sklep", "a.pl", "owner"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("owner_email:")));
  ASSERT_OK_AND_ASSIGN(Page<Shop> page, shops_.ListShops(PageRequest{}));
  EXPECT_THAT(page.items, IsEmpty());
}

TEST_F(ShopManagerTest, CreateShopRetriesWhenTheKeyIsTaken) {
  ASSERT_OK_AND_ASSIGN(Shop first, shops_.CreateShop("A", "a.pl", "a@example.com"));
  keys_.Queue(first.webhook_key);
  ASSERT_OK_AND_ASSIGN(Shop second, shops_.CreateShop("B", "b.pl", "b@example.com"));
  EXPECT_NE(second.webhook_key, first.webhook_key);
  EXPECT_EQ(second.webhook_key, SequenceKeyGenerator::KeyNumber(2));
}

TEST_F(ShopManagerTest, CreateShopGivesUpAfterRepeatedKeyCollisions) {
  ASSERT_OK_AND_ASSIGN(Shop first, shops_.CreateShop("A", "a.pl", "a@example.com"));
  for (int i = 0; i < 3; ++i) keys_.Queue(first.webhook_key);
  EXPECT_THAT(shops_.CreateShop("B", "b.pl", "b@example.com"),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(ShopManagerTest, GetShopOfAnUnknownIdIsNotFound) {
  EXPECT_THAT(shops_.GetShop(99), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ShopManagerTest, ListShopsPagesInIdOrder) {
  std::vector<ShopId> created;
  for (int i = 1; i <= 5; ++i) {
    ASSERT_OK_AND_ASSIGN(Shop shop, shops_.CreateShop("Sklep", "s.pl", "a@example.com"));
    created.push_back(shop.id);
  }
  std::vector<ShopId> listed;
  std::vector<size_t> page_sizes;
  PageRequest request{2, ""};
  int pages = 0;
  do {
    ASSERT_LT(++pages, 10) << "paging does not end";
    ASSERT_OK_AND_ASSIGN(Page<Shop> page, shops_.ListShops(request));
    page_sizes.push_back(page.items.size());
    for (const Shop& shop : page.items) listed.push_back(shop.id);
    request.token = page.next_token;
  } while (!request.token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(page_sizes, (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(listed, created);
}

TEST_F(ShopManagerTest, ListShopsGivesNoTokenWhenEverythingFits) {
  for (int i = 0; i < 2; ++i) {
    ASSERT_THAT(shops_.CreateShop("Sklep", "s.pl", "a@example.com"), IsOk());
  }
  ASSERT_OK_AND_ASSIGN(Page<Shop> page, shops_.ListShops(PageRequest{2, ""}));
  EXPECT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.next_token, "");
}

TEST_F(ShopManagerTest, ListShopsRejectsAForeignToken) {
  EXPECT_THAT(shops_.ListShops(PageRequest{2, "abc"}),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("page_token:")));
}

TEST_F(ShopManagerTest, RotateKeyReplacesTheKey) {
  ASSERT_OK_AND_ASSIGN(Shop shop, shops_.CreateShop("A", "a.pl", "a@example.com"));
  ASSERT_OK_AND_ASSIGN(Shop rotated, shops_.RotateKey(shop.id));
  EXPECT_NE(rotated.webhook_key, shop.webhook_key);
  EXPECT_TRUE(IsWellFormedWebhookKey(rotated.webhook_key));
  ASSERT_OK_AND_ASSIGN(Shop stored, shops_.GetShop(shop.id));
  EXPECT_EQ(stored.webhook_key, rotated.webhook_key);
  // The old key stays, as the previous one, for the grace (see key_rotation_grace_test.cc).
  ASSERT_OK_AND_ASSIGN(std::optional<Shop> by_old_key, storage_.FindShopByKey(shop.webhook_key));
  ASSERT_TRUE(by_old_key.has_value());
  ASSERT_TRUE(by_old_key->previous_key.has_value());
  EXPECT_EQ(by_old_key->previous_key->key, shop.webhook_key);
}

TEST_F(ShopManagerTest, RotateKeyOfAnUnknownShopIsNotFound) {
  EXPECT_THAT(shops_.RotateKey(99), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ShopManagerTest, UpdateSettingsChangesOnlyWhatIsNamed) {
  ASSERT_OK_AND_ASSIGN(Shop shop, shops_.CreateShop("A", "a.pl", "a@example.com"));
  SettingsUpdate update;
  update.invitation_delay_days = 14;
  ASSERT_OK_AND_ASSIGN(Shop updated, shops_.UpdateSettings(shop.id, update));
  EXPECT_EQ(updated.settings.invitation_delay_days, 14);
  EXPECT_EQ(updated.settings.time_zone, "Europe/Warsaw");
  EXPECT_TRUE(updated.settings.sending_enabled);

  SettingsUpdate more;
  more.trigger = TriggerRule{{12}, StatusType::kClosed};
  more.time_zone = "America/New_York";
  more.sending_enabled = false;
  ASSERT_OK_AND_ASSIGN(updated, shops_.UpdateSettings(shop.id, more));
  ASSERT_OK_AND_ASSIGN(Shop stored, shops_.GetShop(shop.id));
  EXPECT_EQ(stored.settings.invitation_delay_days, 14);
  EXPECT_EQ(stored.settings.trigger, (TriggerRule{{12}, StatusType::kClosed}));
  EXPECT_EQ(stored.settings.time_zone, "America/New_York");
  EXPECT_FALSE(stored.settings.sending_enabled);
}

TEST_F(ShopManagerTest, UpdateSettingsRejectsInvalidSettingsAndKeepsTheOld) {
  ASSERT_OK_AND_ASSIGN(Shop shop, shops_.CreateShop("A", "a.pl", "a@example.com"));
  SettingsUpdate delay;
  delay.invitation_delay_days = 91;
  EXPECT_THAT(shops_.UpdateSettings(shop.id, delay),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("invitation_delay_days:")));
  SettingsUpdate zone;
  zone.time_zone = "Mars/Olympus";
  EXPECT_THAT(shops_.UpdateSettings(shop.id, zone),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("time_zone:")));
  SettingsUpdate ids;
  ids.trigger = TriggerRule{{0}, StatusType::kClosed};
  EXPECT_THAT(shops_.UpdateSettings(shop.id, ids),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("trigger.status_ids:")));
  ASSERT_OK_AND_ASSIGN(Shop stored, shops_.GetShop(shop.id));
  EXPECT_EQ(stored.settings.invitation_delay_days, 7);
  EXPECT_EQ(stored.settings.time_zone, "Europe/Warsaw");
  EXPECT_THAT(stored.settings.trigger.status_ids, IsEmpty());
}

TEST_F(ShopManagerTest, UpdateSettingsOfAnUnknownShopIsNotFound) {
  SettingsUpdate update;
  update.sending_enabled = false;
  EXPECT_THAT(shops_.UpdateSettings(99, update), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace opinus::server
