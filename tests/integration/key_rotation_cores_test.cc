// A shop's key changed on one core stops working on every core at once,
// though each core's shop cache may still remember the old key: two real
// opinus-server processes on one MariaDB, the second with a cache that would
// remember for an hour.
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/client.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/shipped_order.h"
#include "tests/integration/test_database.h"

namespace opinus::testing {
namespace {

namespace v1 = ::opinus::v1;

class KeyRotationCoresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("keycores");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    const std::string logs = absl::StrCat(::testing::TempDir(), "/keycores-", getpid());
    // Without a grace, a rotated-out key stops at once; the caches would
    // remember a key for an hour.
    const std::vector<std::string> flags = {"--key_rotation_grace=0s", "--shop_cache_ttl=1h"};
    for (const char* name : {"a", "b"}) {
      absl::StatusOr<RunningService> core = StartCoreServer(
          database_->connect_string(), absl::StrCat(logs, "-", name, ".log"), flags);
      ASSERT_TRUE(core.ok()) << core.status();
      cores_.push_back(std::move(core->process));
      ports_.push_back(core->port);
    }
  }

  client::Client Core(int index, const std::string& token) const {
    return client::Client(
        {absl::StrCat("127.0.0.1:", ports_[index]), absl::Seconds(10), token, ""});
  }

  // Ship sends, through core `index`, order `order` of the shop with `key`
  // entering the trigger status an hour ago.
  absl::StatusOr<v1::RecordOrderEventResponse> Ship(int index, const std::string& key,
                                                    const std::string& order) const {
    const v1::RecordOrderEventRequest request =
        ShippedOrder(key, order, absl::StrCat("klient", order, "@example.com"),
                     absl::Now() - absl::Hours(1), absl::UTCTimeZone());
    return Core(index, GetTestTokens().gateway_token).RecordOrderEvent(request);
  }

  // CreateShop makes a shop through core 0, as an operator.
  absl::StatusOr<v1::Shop> CreateShop() const {
    v1::CreateShopRequest create;
    create.set_name("Sklep");
    create.set_domain("sklep.example.com");
    create.set_owner_email("owner@example.com");
    return Core(0, GetTestTokens().operator_token).CreateShop(create);
  }

  long long Events() const { return database_->QueryInt("SELECT COUNT(*) FROM order_events"); }
  long long Orders() const { return database_->QueryInt("SELECT COUNT(*) FROM orders"); }

  std::unique_ptr<TestDatabase> database_;
  std::vector<std::unique_ptr<ChildProcess>> cores_;
  std::vector<int> ports_;
};

TEST_F(KeyRotationCoresTest, AKeyRotatedOnOneCoreIsRefusedByTheOtherAtOnce) {
  const std::string operator_token = GetTestTokens().operator_token;
  absl::StatusOr<v1::Shop> shop = CreateShop();
  ASSERT_TRUE(shop.ok()) << shop.status();
  const std::string old_key = shop->webhook_key();

  // Core b reads the shop by its key, and remembers it.
  absl::StatusOr<v1::RecordOrderEventResponse> first = Ship(1, old_key, "1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->outcome(), v1::ORDER_EVENT_OUTCOME_SCHEDULED) << first->reason();

  v1::RotateShopKeyRequest rotate;
  rotate.set_shop_id(shop->id());
  absl::StatusOr<v1::Shop> rotated = Core(0, operator_token).RotateShopKey(rotate);
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  ASSERT_NE(rotated->webhook_key(), old_key);

  // Core b's cache still names the shop by the old key; the write's own
  // check, under the shop row's lock, refuses it and stores nothing.
  const long long events = Events();
  const long long orders = Orders();
  absl::StatusOr<v1::RecordOrderEventResponse> late = Ship(1, old_key, "2");
  EXPECT_EQ(late.status().code(), absl::StatusCode::kNotFound) << late.status();
  EXPECT_EQ(Events(), events);
  EXPECT_EQ(Orders(), orders);

  absl::StatusOr<v1::RecordOrderEventResponse> fresh = Ship(1, rotated->webhook_key(), "2");
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->outcome(), v1::ORDER_EVENT_OUTCOME_SCHEDULED) << fresh->reason();
}

// Deliveries racing a rotation: every one either got in before the rotation
// (and is stored) or is refused (and stored nothing); after the rotation
// returns, none with the old key gets in, on either core.
TEST_F(KeyRotationCoresTest, DeliveriesRacingARotationAreStoredOrRefusedNeverHalfway) {
  const std::string operator_token = GetTestTokens().operator_token;
  absl::StatusOr<v1::Shop> shop = CreateShop();
  ASSERT_TRUE(shop.ok()) << shop.status();
  const std::string old_key = shop->webhook_key();
  ASSERT_TRUE(Ship(1, old_key, "warm").ok());

  constexpr int kSenders = 4;
  constexpr int kEach = 30;
  std::vector<int> stored(kSenders, 0);
  std::vector<int> refused(kSenders, 0);
  std::vector<int> other(kSenders, 0);
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      for (int i = 0; i < kEach; ++i) {
        absl::StatusOr<v1::RecordOrderEventResponse> answer =
            Ship(s % 2, old_key, absl::StrCat("race-", s, "-", i));
        if (answer.ok()) {
          ++stored[s];
        } else if (answer.status().code() == absl::StatusCode::kNotFound) {
          ++refused[s];
        } else {
          ++other[s];
        }
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(20));
  v1::RotateShopKeyRequest rotate;
  rotate.set_shop_id(shop->id());
  const absl::StatusOr<v1::Shop> rotated = Core(0, operator_token).RotateShopKey(rotate);
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  for (int core = 0; core < 2; ++core) {
    EXPECT_EQ(Ship(core, old_key, absl::StrCat("after-", core)).status().code(),
              absl::StatusCode::kNotFound);
  }
  for (std::thread& sender : senders) sender.join();

  int accepted = 0;
  for (int s = 0; s < kSenders; ++s) {
    EXPECT_EQ(other[s], 0) << "sender " << s;
    EXPECT_EQ(stored[s] + refused[s], kEach) << "sender " << s;
    accepted += stored[s];
  }
  // One event and one order a stored delivery, the warm-up's included, and
  // nothing for a refused one.
  EXPECT_EQ(Events(), accepted + 1);
  EXPECT_EQ(Orders(), accepted + 1);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), accepted + 1);
}

}  // namespace
}  // namespace opinus::testing
