// OrderBackfiller over the in-memory stores, a fake clock and a fake Shoper
// that pages its orders: the count, the pages read and recorded by the
// delivery's rules (one invitation per order, duplicates, cancels), a past
// invitation made due at the next sending time, progress kept across a
// failed page, a 401 refreshing the tokens once, one running backfill a
// shop, shops without the App Store; a backfill's orders logged as fetched.

#include "server/managers/order_backfiller.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "server/managers/shop_manager.h"
#include "server/rpc/shoper_order_reader.h"
#include "tests/support/in_memory_backfills.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"
#include "tests/unit/server/test_sources.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;

// Noon in Warsaw, inside the default sending hours.
const absl::Time kNow = Utc(2026, 11, 20, 11, 0, 0);
constexpr char kShopUrl[] = "https://sklep1.shoparena.pl";
constexpr char kToken[] = "access-token-Qz7";
constexpr char kRefreshToken[] = "refresh-token-Lp2";
constexpr int64_t kInstallation = 41;

// FakeOrderShop serves `rows` (all matching, oldest first) page by page,
// as GET orders does, to the access token it takes (401 for any other), and
// fails the next calls when told.
class FakeOrderShop final : public ShoperApi {
 public:
  void Add(int order_id, const std::string& email, int status_id, int status_type,
           const std::string& status_date) {
    absl::MutexLock lock(&mutex_);
    rows_.push_back(nlohmann::json{
        {"order_id", absl::StrCat(order_id)},
        {"email", email},
        {"status_date", status_date},
        {"status_id", absl::StrCat(status_id)},
        {"billing_address", {{"firstname", "Jan"}, {"lastname", "Nowak"}}},
        {"status",
         {{"status_id", absl::StrCat(status_id)},
          {"type", absl::StrCat(status_type)},
          {"name",
           "wysłane"}}}}.dump());
  }
  void FailNext(int calls) {
    absl::MutexLock lock(&mutex_);
    fail_next_ = calls;
  }
  std::vector<int> pages_asked() {
    absl::MutexLock lock(&mutex_);
    return pages_asked_;
  }
  // TakeToken makes `token` the only access token answered (Shoper revoked
  // the one before).
  void TakeToken(const std::string& token) {
    absl::MutexLock lock(&mutex_);
    token_ = token;
  }

  absl::StatusOr<ShoperOrderPage> ListOrders(absl::string_view shop_url,
                                             absl::string_view access_token,
                                             const ShoperOrderQuery& query, int page,
                                             int limit) override {
    absl::MutexLock lock(&mutex_);
    EXPECT_EQ(shop_url, kShopUrl);
    EXPECT_EQ(query.status_ids, (std::vector<int64_t>{7}));
    if (access_token != token_) return absl::UnauthenticatedError("GET orders: HTTP 401");
    if (fail_next_ > 0) {
      --fail_next_;
      return absl::UnavailableError("GET orders: HTTP 503");
    }
    pages_asked_.push_back(page);
    ShoperOrderPage answer;
    answer.count = static_cast<int64_t>(rows_.size());
    answer.pages = std::max<int>(1, (answer.count + limit - 1) / limit);
    for (size_t i = static_cast<size_t>((page - 1) * limit);
         i < std::min(rows_.size(), static_cast<size_t>(page * limit)); ++i) {
      answer.orders.push_back(rows_[i]);
    }
    return answer;
  }
  // Backfills call nothing else.
  absl::StatusOr<ShoperTokens> ExchangeAuthCode(absl::string_view, absl::string_view,
                                                absl::Time) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<ShoperTokens> RefreshTokens(absl::string_view, absl::string_view,
                                             absl::Time) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<std::string> GetTimeZone(absl::string_view, absl::string_view) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<std::vector<ShoperStatus>> ListStatuses(absl::string_view,
                                                         absl::string_view) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<int64_t> CreateWebhook(absl::string_view, absl::string_view,
                                        const ShoperWebhook&) override {
    return absl::UnimplementedError("");
  }
  absl::Status UpdateWebhook(absl::string_view, absl::string_view, int64_t,
                             const ShoperWebhook&) override {
    return absl::UnimplementedError("");
  }

 private:
  absl::Mutex mutex_;
  std::vector<std::string> rows_ ABSL_GUARDED_BY(mutex_);
  int fail_next_ ABSL_GUARDED_BY(mutex_) = 0;
  std::string token_ ABSL_GUARDED_BY(mutex_) = kToken;
  std::vector<int> pages_asked_ ABSL_GUARDED_BY(mutex_);
};

class OrderBackfillerTest : public ::testing::Test {
 protected:
  OrderBackfillerTest()
      : clock_(kNow),
        shops_(&storage_, &keys_, &clock_),
        recorder_(&storage_, &storage_, &clock_),
        backfiller_(
            &backfills_, &storage_, &shoper_, &recorder_, ReadShoperOrder,
            [this](ShopApiAccess access) { return Refresh(std::move(access)); }, &random_, &clock_,
            BackfillSettings{RetryPolicy{absl::Minutes(1), absl::Hours(1), 3}, absl::Minutes(2),
                             2}) {}

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(shop_,
                         shops_.CreateShop("Sklep", "sklep1.shoparena.pl", "owner@example.com"));
    SettingsUpdate update;
    TriggerRule trigger;
    trigger.status_ids = {7};
    update.trigger = trigger;
    ASSERT_THAT(shops_.UpdateSettings(shop_.id, update).status(), IsOk());
    backfills_.SetAccess(shop_.id, ShopApiAccess{kShopUrl, kToken, kInstallation, kRefreshToken});
  }

  // Refresh stands for AppStoreConnector::RefreshAccess: it counts the
  // refreshes asked and answers `refreshed_` (or `refresh_error_`).
  absl::StatusOr<ShopApiAccess> Refresh(ShopApiAccess access) {
    refreshes_.push_back(access);
    if (!refresh_error_.ok()) return refresh_error_;
    access.access_token = refreshed_token_;
    access.refresh_token = "refresh-token-new";
    // Kept, as the connector keeps them in the installation.
    backfills_.SetAccess(shop_.id, access);
    return access;
  }

  // AddOrders gives the shop `count` orders sent (status 7) from
  // `first_date` on, a minute apart, shop-local.
  void AddOrders(int count, int first_id = 1) {
    for (int i = 0; i < count; ++i) {
      shoper_.Add(first_id + i, absl::StrCat("klient", first_id + i, "@example.com"), 7, 3,
                  absl::StrCat("2026-11-10 10:", absl::Dec(i % 60, absl::kZeroPad2), ":00"));
    }
  }

  std::vector<Invitation> Invitations() {
    absl::StatusOr<Page<Invitation>> page =
        storage_.ListInvitations(shop_.id, std::nullopt, PageRequest{1000, ""});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->items : std::vector<Invitation>{};
  }

  OrderBackfill Latest() {
    absl::StatusOr<std::optional<OrderBackfill>> latest = backfiller_.Latest(shop_.id);
    EXPECT_THAT(latest, IsOk());
    return latest.ok() && *latest ? **latest : OrderBackfill{};
  }

  // RunUntilIdle runs due backfills until none is due at the clock's time.
  void RunUntilIdle() {
    for (int round = 0; round < 100; ++round) {
      absl::StatusOr<int> ran = backfiller_.RunDue();
      ASSERT_THAT(ran, IsOk());
      if (*ran == 0) return;
    }
    FAIL() << "backfills still due after 100 rounds";
  }

  FakeClock clock_;
  InMemoryStorage storage_;
  InMemoryBackfillStore backfills_;
  SequenceKeyGenerator keys_;
  FixedRandom random_;
  FakeOrderShop shoper_;
  ShopManager shops_;
  OrderEventRecorder recorder_;
  std::vector<ShopApiAccess> refreshes_;
  std::string refreshed_token_ = "access-token-new";
  absl::Status refresh_error_;
  OrderBackfiller backfiller_;
  Shop shop_;
};

TEST_F(OrderBackfillerTest, ThePreviewCountsWhatTheBackfillSchedules) {
  AddOrders(120);
  ASSERT_OK_AND_ASSIGN(const BackfillPreview preview, backfiller_.Preview(shop_.id, 30));
  EXPECT_EQ(preview.count, 120);
  // 30 days before, as Shoper's naive local time: still summer time then.
  EXPECT_EQ(preview.query.since_local, "2026-10-21 13:00:00");

  ASSERT_OK_AND_ASSIGN(const OrderBackfill started, backfiller_.Start(shop_.id, 30));
  EXPECT_EQ(started.expected, 120);
  EXPECT_EQ(started.state, BackfillState::kRunning);
  RunUntilIdle();

  const OrderBackfill done = Latest();
  EXPECT_EQ(done.state, BackfillState::kDone);
  EXPECT_EQ(done.pages, 3);
  EXPECT_EQ(done.scheduled, 120);
  EXPECT_EQ(done.duplicates, 0);
  EXPECT_EQ(Invitations().size(), 120u);
  // Two pages a run: the first run stopped after page 2, the next went on.
  EXPECT_EQ(shoper_.pages_asked(), (std::vector<int>{1, 1, 1, 2, 3}));
}

TEST_F(OrderBackfillerTest, APastInvitationIsDueAtTheNextSendingTimeNotInThePast) {
  AddOrders(1);
  ASSERT_THAT(backfiller_.Start(shop_.id, 30).status(), IsOk());
  RunUntilIdle();
  const std::vector<Invitation> invitations = Invitations();
  ASSERT_EQ(invitations.size(), 1u);
  // Sent 2026-11-10 plus the default 7 days' delay is past: due now (noon
  // is inside the sending hours), not on 2026-11-17.
  EXPECT_EQ(invitations[0].send_time, kNow);
}

TEST_F(OrderBackfillerTest, ASecondBackfillAddsNothing) {
  AddOrders(60);
  ASSERT_THAT(backfiller_.Start(shop_.id, 30).status(), IsOk());
  RunUntilIdle();
  ASSERT_THAT(backfiller_.Start(shop_.id, 30).status(), IsOk());
  RunUntilIdle();
  EXPECT_EQ(Latest().scheduled, 0);
  EXPECT_EQ(Latest().duplicates, 60);
  EXPECT_EQ(Invitations().size(), 60u);
}

TEST_F(OrderBackfillerTest, OneRunningBackfillAShop) {
  AddOrders(10);
  ASSERT_THAT(backfiller_.Start(shop_.id, 30).status(), IsOk());
  EXPECT_THAT(backfiller_.Start(shop_.id, 30).status(), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(OrderBackfillerTest, AFailedPageIsRetriedWhereItStoppedThenGivesUp) {
  AddOrders(120);
  ASSERT_THAT(backfiller_.Start(shop_.id, 30).status(), IsOk());
  shoper_.FailNext(1);
  RunUntilIdle();
  OrderBackfill failed_once = Latest();
  EXPECT_EQ(failed_once.state, BackfillState::kRunning);
  EXPECT_EQ(failed_once.attempts, 1);
  EXPECT_EQ(failed_once.next_page, 1);
  EXPECT_NE(failed_once.error.find("HTTP 503"), std::string::npos) << failed_once.error;
  // FixedRandom: half the minute's backoff.
  EXPECT_EQ(failed_once.next_attempt_time, kNow + absl::Seconds(30));

  clock_.Advance(absl::Seconds(30));
  RunUntilIdle();
  EXPECT_EQ(Latest().state, BackfillState::kDone);
  EXPECT_EQ(Latest().attempts, 0);
  EXPECT_EQ(Latest().error, "");
  EXPECT_EQ(Invitations().size(), 120u);

  // Three failures in a row: it gives up with the reason.
  ASSERT_THAT(backfiller_.Start(shop_.id, 30).status(), IsOk());
  shoper_.FailNext(3);
  for (int i = 0; i < 3; ++i) {
    RunUntilIdle();
    clock_.Advance(absl::Hours(1));
  }
  EXPECT_EQ(Latest().state, BackfillState::kFailed);
  EXPECT_EQ(Latest().attempts, 3);
}

TEST_F(OrderBackfillerTest, A401RefreshesTheTokensOnceAndReadsThePageAtOnce) {
  AddOrders(120);
  ASSERT_THAT(backfiller_.Start(shop_.id, 30).status(), IsOk());
  shoper_.TakeToken("access-token-new");  // Shoper revoked the token.
  RunUntilIdle();

  const OrderBackfill done = Latest();
  EXPECT_EQ(done.state, BackfillState::kDone);
  EXPECT_EQ(done.attempts, 0);
  EXPECT_EQ(done.error, "");
  EXPECT_EQ(done.scheduled, 120);
  // One refresh, of the installation's tokens, and the new token kept for
  // every page after: the first page asked again at once.
  ASSERT_EQ(refreshes_.size(), 1u);
  EXPECT_EQ(refreshes_[0].installation_id, kInstallation);
  EXPECT_EQ(refreshes_[0].refresh_token, kRefreshToken);
  EXPECT_EQ(refreshes_[0].access_token, kToken);
  EXPECT_EQ(shoper_.pages_asked(), (std::vector<int>{1, 1, 2, 3}));
}

TEST_F(OrderBackfillerTest, A401AfterTheRefreshFailsThePageUntilItsRetry) {
  AddOrders(10);
  ASSERT_THAT(backfiller_.Start(shop_.id, 30).status(), IsOk());
  shoper_.TakeToken("some-other-token");
  RunUntilIdle();
  OrderBackfill failed = Latest();
  EXPECT_EQ(failed.state, BackfillState::kRunning);
  EXPECT_EQ(failed.attempts, 1);
  EXPECT_NE(failed.error.find("HTTP 401"), std::string::npos) << failed.error;
  EXPECT_EQ(failed.next_attempt_time, kNow + absl::Seconds(30));
  EXPECT_EQ(refreshes_.size(), 1u);

  // A refused refresh fails the page as well, with its reason.
  refresh_error_ = absl::FailedPreconditionError("oauth/token: invalid_grant");
  clock_.Advance(absl::Seconds(30));
  RunUntilIdle();
  EXPECT_EQ(Latest().attempts, 2);
  EXPECT_NE(Latest().error.find("invalid_grant"), std::string::npos) << Latest().error;
  EXPECT_EQ(refreshes_.size(), 2u);
  EXPECT_THAT(Invitations(), ::testing::IsEmpty());
}

TEST_F(OrderBackfillerTest, ABackfillsOrdersAreLoggedAsFetchedNotAsDeliveries) {
  AddOrders(3);
  ASSERT_THAT(backfiller_.Start(shop_.id, 30).status(), IsOk());
  RunUntilIdle();
  ASSERT_OK_AND_ASSIGN(const Page<EventRecord> events,
                       recorder_.ListEvents(shop_.id, PageRequest{100, ""}));
  ASSERT_EQ(events.items.size(), 3u);
  for (const EventRecord& event : events.items) EXPECT_EQ(event.source, EventSource::kFetched);
  ASSERT_OK_AND_ASSIGN(const ShopDashboard dashboard,
                       storage_.GetShopDashboard(shop_.id, clock_.Now()));
  EXPECT_EQ(dashboard.webhooks_last_7_days, 0);
  EXPECT_FALSE(dashboard.last_webhook_time.has_value());
}

TEST_F(OrderBackfillerTest, OnlyShopsOfTheAppStoreAndWithTriggerIds) {
  backfills_.SetAccess(shop_.id, std::nullopt);
  EXPECT_THAT(backfiller_.Preview(shop_.id, 30).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  backfills_.SetAccess(shop_.id, ShopApiAccess{kShopUrl, kToken, kInstallation, kRefreshToken});
  EXPECT_THAT(backfiller_.Preview(shop_.id, 0).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(backfiller_.Preview(shop_.id, 91).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  SettingsUpdate update;
  update.trigger = TriggerRule{};
  ASSERT_THAT(shops_.UpdateSettings(shop_.id, update).status(), IsOk());
  EXPECT_THAT(backfiller_.Preview(shop_.id, 30).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(backfiller_.Preview(shop_.id + 100, 30).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(OrderBackfillerTest, NotForShopsWithTheParcelTrigger) {
  SettingsUpdate update;
  TriggerRule parcel;
  parcel.status_ids = {7};
  parcel.parcel_dispatch = true;
  update.trigger = parcel;
  ASSERT_THAT(shops_.UpdateSettings(shop_.id, update).status(), IsOk());
  EXPECT_THAT(backfiller_.Preview(shop_.id, 30).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace opinus::server
