// Tests of AppStoreConnector over the in-memory store, a fake clock and a
// fake Shoper API: an install connected (tokens, shop, webhook and its
// secret), a re-install re-attached without a second shop or webhook,
// failures retried with backoff until they succeed or run out, and a key
// rotation's webhook URL update.
#include "server/managers/appstore_connector.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/managers/appstore_manager.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_sources.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kStart = absl::FromUnixSeconds(1780000000);

// FakeShoper records each call and answers as told.
class FakeShoper final : public ShoperApi {
 public:
  struct Call {
    std::string what;  // "token", "refresh", "zone", "statuses", "create", "update"
    std::string shop_url;
    std::string credential;  // the auth code, the refresh token or the access token
    int64_t webhook_id = 0;
    ShoperWebhook webhook;
  };

  absl::StatusOr<ShoperTokens> ExchangeAuthCode(absl::string_view shop_url,
                                                absl::string_view auth_code,
                                                absl::Time now) override {
    absl::MutexLock lock(&mutex_);
    calls_.push_back({"token", std::string(shop_url), std::string(auth_code), 0, {}});
    if (!failure_.ok()) return failure_;
    return Grant(now);
  }
  absl::StatusOr<ShoperTokens> RefreshTokens(absl::string_view shop_url,
                                             absl::string_view refresh_token,
                                             absl::Time now) override {
    absl::MutexLock lock(&mutex_);
    calls_.push_back({"refresh", std::string(shop_url), std::string(refresh_token), 0, {}});
    if (!failure_.ok()) return failure_;
    if (!refresh_failure_.ok()) return refresh_failure_;
    return Grant(now);
  }
  absl::StatusOr<std::string> GetTimeZone(absl::string_view shop_url,
                                          absl::string_view access_token) override {
    absl::MutexLock lock(&mutex_);
    calls_.push_back({"zone", std::string(shop_url), std::string(access_token), 0, {}});
    if (absl::Status refused = Refused(access_token); !refused.ok()) return refused;
    return std::string("Europe/Berlin");
  }
  absl::StatusOr<std::vector<ShoperStatus>> ListStatuses(absl::string_view shop_url,
                                                         absl::string_view access_token) override {
    absl::MutexLock lock(&mutex_);
    calls_.push_back({"statuses", std::string(shop_url), std::string(access_token), 0, {}});
    if (absl::Status refused = Refused(access_token); !refused.ok()) return refused;
    return std::vector<ShoperStatus>{{1, StatusType::kNew},
                                     {5, StatusType::kClosed},
                                     {6, StatusType::kClosed},
                                     {7, StatusType::kNotRealised}};
  }
  absl::StatusOr<int64_t> CreateWebhook(absl::string_view shop_url, absl::string_view access_token,
                                        const ShoperWebhook& webhook) override {
    absl::MutexLock lock(&mutex_);
    calls_.push_back({"create", std::string(shop_url), std::string(access_token), 0, webhook});
    if (absl::Status refused = Refused(access_token); !refused.ok()) return refused;
    if (!webhook_failure_.ok()) return webhook_failure_;
    return ++webhooks_made_ + 6;
  }
  absl::Status UpdateWebhook(absl::string_view shop_url, absl::string_view access_token, int64_t id,
                             const ShoperWebhook& webhook) override {
    absl::MutexLock lock(&mutex_);
    calls_.push_back({"update", std::string(shop_url), std::string(access_token), id, webhook});
    if (absl::Status refused = Refused(access_token); !refused.ok()) return refused;
    if (!webhook_failure_.ok()) return webhook_failure_;
    return gone_ ? absl::NotFoundError("PUT webhooks: HTTP 404") : absl::OkStatus();
  }
  // The connector reads no orders.
  absl::StatusOr<ShoperOrderPage> ListOrders(absl::string_view, absl::string_view,
                                             const ShoperOrderQuery&, int, int) override {
    return absl::UnimplementedError("GET orders");
  }

  void Fail(absl::Status failure) {
    absl::MutexLock lock(&mutex_);
    failure_ = std::move(failure);
  }
  void FailRefresh(absl::Status failure) {
    absl::MutexLock lock(&mutex_);
    refresh_failure_ = std::move(failure);
  }
  // Expire makes `access_token` answer 401.
  void Expire(const std::string& access_token) {
    absl::MutexLock lock(&mutex_);
    expired_.push_back(access_token);
  }
  void FailWebhooks(absl::Status failure) {
    absl::MutexLock lock(&mutex_);
    webhook_failure_ = std::move(failure);
  }
  void ForgetWebhooks() {
    absl::MutexLock lock(&mutex_);
    gone_ = true;
  }
  std::vector<Call> calls() {
    absl::MutexLock lock(&mutex_);
    return calls_;
  }
  std::vector<std::string> call_names() {
    std::vector<std::string> names;
    for (const Call& call : calls()) names.push_back(call.what);
    return names;
  }

 private:
  // Grant returns the next tokens, numbered from 1, for 30 days.
  ShoperTokens Grant(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    ++grants_;
    return ShoperTokens{absl::StrCat("access-", grants_), absl::StrCat("refresh-", grants_),
                        now + absl::Hours(24 * 30), "webhooks"};
  }
  absl::Status Refused(absl::string_view access_token) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (!failure_.ok()) return failure_;
    for (const std::string& expired : expired_) {
      if (expired == access_token)
        return absl::UnauthenticatedError("HTTP 401 unauthorized_client");
    }
    return absl::OkStatus();
  }

  absl::Mutex mutex_;
  std::vector<Call> calls_ ABSL_GUARDED_BY(mutex_);
  absl::Status failure_ ABSL_GUARDED_BY(mutex_);
  absl::Status refresh_failure_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::string> expired_ ABSL_GUARDED_BY(mutex_);
  int grants_ ABSL_GUARDED_BY(mutex_) = 0;
  absl::Status webhook_failure_ ABSL_GUARDED_BY(mutex_);
  bool gone_ ABSL_GUARDED_BY(mutex_) = false;
  int64_t webhooks_made_ ABSL_GUARDED_BY(mutex_) = 0;
};

class AppStoreConnectorTest : public ::testing::Test {
 protected:
  void Install(const std::string& auth_code) {
    AppStoreCallback callback;
    callback.action = AppStoreAction::kInstall;
    callback.licence = "12345";
    callback.shop_url = "https://sklep.example.pl";
    callback.auth_code = auth_code;
    callback.sent_time = clock_.Now();
    ASSERT_THAT(storage_.RecordCallback(callback, clock_.Now(), ""), IsOk());
  }

  AppInstallation Installation() {
    absl::StatusOr<std::vector<AppInstallation>> list = storage_.ListInstallations();
    EXPECT_TRUE(list.ok() && list->size() == 1);
    return list.ok() && !list->empty() ? list->front() : AppInstallation{};
  }

  int ConnectDue() {
    absl::StatusOr<int> tried = connector_.ConnectDue();
    EXPECT_THAT(tried, IsOk());
    return tried.value_or(-1);
  }

  InMemoryStorage storage_;
  FakeClock clock_{kStart};
  SequenceKeyGenerator keys_;
  SequenceTokens secrets_;
  FixedRandom random_;
  FakeShoper shoper_;
  ShopManager shops_{&storage_, &keys_, &clock_};
  AppStoreConnector connector_{
      &storage_,
      &shops_,
      &shoper_,
      &secrets_,
      &random_,
      &clock_,
      {"https://opinus.example/", "operator@opinus.example",
       RetryPolicy{absl::Minutes(1), absl::Hours(1), 3}, absl::Minutes(2)}};
};

TEST_F(AppStoreConnectorTest, AnInstallGetsTokensAShopAndOurWebhook) {
  Install("code-1");
  EXPECT_EQ(Installation().connection, ShopConnection::kPending);
  EXPECT_EQ(ConnectDue(), 1);

  const AppInstallation installation = Installation();
  EXPECT_EQ(installation.connection, ShopConnection::kConnected);
  EXPECT_EQ(installation.connect_error, "");
  // Claimed again a day before the tokens expire, to refresh them.
  EXPECT_EQ(installation.next_attempt_time, kStart + absl::Hours(24 * 29));
  absl::StatusOr<Shop> shop = shops_.GetShop(installation.shop_id);
  ASSERT_THAT(shop, IsOk());
  EXPECT_EQ(shop->name, "sklep.example.pl");
  EXPECT_EQ(shop->domain, "sklep.example.pl");
  EXPECT_EQ(shop->owner_email, "operator@opinus.example");

  const std::vector<FakeShoper::Call> calls = shoper_.calls();
  ASSERT_THAT(shoper_.call_names(), ElementsAre("token", "zone", "statuses", "create"));
  EXPECT_EQ(calls[0].shop_url, "https://sklep.example.pl");
  EXPECT_EQ(calls[0].credential, "code-1");
  EXPECT_EQ(calls[1].credential, "access-1");
  EXPECT_EQ(calls[3].credential, "access-1");
  EXPECT_EQ(calls[3].webhook.url, "https://opinus.example/api/" + shop->webhook_key);
  EXPECT_THAT(calls[3].webhook.events, ElementsAre("order.status", "parcel.dispatch"));
  EXPECT_FALSE(calls[3].webhook.secret.empty());
  EXPECT_EQ(shop->settings.webhook_secret, calls[3].webhook.secret);
  // The shop's zone, and its closed statuses as the trigger.
  EXPECT_EQ(shop->settings.time_zone, "Europe/Berlin");
  EXPECT_THAT(shop->settings.trigger.status_ids, ElementsAre(5, 6));
  EXPECT_EQ(installation.webhook_id, 7);

  // Nothing is left to do; the auth code was used up.
  EXPECT_EQ(ConnectDue(), 0);
}

TEST_F(AppStoreConnectorTest, AReinstallReattachesTheShopAndUpdatesTheWebhook) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  const AppInstallation first = Installation();
  Install("code-2");
  EXPECT_EQ(ConnectDue(), 1);

  const AppInstallation second = Installation();
  EXPECT_EQ(second.connection, ShopConnection::kConnected);
  EXPECT_EQ(second.shop_id, first.shop_id);
  EXPECT_EQ(second.webhook_id, first.webhook_id);
  ASSERT_THAT(shoper_.call_names(), ElementsAre("token", "zone", "statuses", "create", "token",
                                                "zone", "statuses", "update"));
  const FakeShoper::Call update = shoper_.calls()[7];
  EXPECT_EQ(update.credential, "access-2");
  EXPECT_EQ(update.webhook_id, first.webhook_id);
  absl::StatusOr<Page<Shop>> all = shops_.ListShops(PageRequest{});
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->items.size(), 1u);
  // A fresh secret, in Shoper and in the shop alike.
  EXPECT_EQ(shops_.GetShop(second.shop_id)->settings.webhook_secret, update.webhook.secret);
  EXPECT_NE(update.webhook.secret, shoper_.calls()[3].webhook.secret);
}

TEST_F(AppStoreConnectorTest, AReinstallKeepsAnOwnersParcelTrigger) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  const ShopId shop_id = Installation().shop_id;
  SettingsUpdate update;
  TriggerRule parcel;
  parcel.parcel_dispatch = true;
  update.trigger = parcel;
  ASSERT_THAT(shops_.UpdateSettings(shop_id, update), IsOk());

  Install("code-2");
  EXPECT_EQ(ConnectDue(), 1);
  const absl::StatusOr<Shop> shop = shops_.GetShop(shop_id);
  ASSERT_THAT(shop, IsOk());
  EXPECT_TRUE(shop->settings.trigger.parcel_dispatch);
  // The closed statuses fill the empty list, for a return to a status trigger.
  EXPECT_THAT(shop->settings.trigger.status_ids, ElementsAre(5, 6));
}

TEST_F(AppStoreConnectorTest, AWebhookTheShopNoLongerHasIsMadeAgain) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  shoper_.ForgetWebhooks();
  Install("code-2");
  EXPECT_EQ(ConnectDue(), 1);
  EXPECT_THAT(shoper_.call_names(), ElementsAre("token", "zone", "statuses", "create", "token",
                                                "zone", "statuses", "update", "create"));
  EXPECT_EQ(Installation().webhook_id, 8);
  EXPECT_EQ(Installation().connection, ShopConnection::kConnected);
}

// A rotation through a ShopManager that tells the App Store of it, as the
// core's does.
class AppStoreWebhookUrlTest : public AppStoreConnectorTest {
 protected:
  std::string Rotate(ShopId shop_id) {
    absl::StatusOr<Shop> rotated = rotating_.RotateKey(shop_id);
    EXPECT_THAT(rotated, IsOk());
    return rotated.ok() ? rotated->webhook_key : "";
  }
  int UpdateDue() {
    absl::StatusOr<int> tried = connector_.UpdateWebhookUrlsDue();
    EXPECT_THAT(tried, IsOk());
    return tried.value_or(-1);
  }

  AppStoreManager appstore_{&storage_, &keys_, &clock_, {}};
  ShopManager rotating_{&storage_, &keys_, &clock_, absl::Hours(24), &appstore_};
};

TEST_F(AppStoreWebhookUrlTest, ARotationPointsTheWebhookAtTheNewKeyKeepingItsSecret) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  const AppInstallation installation = Installation();
  EXPECT_EQ(UpdateDue(), 0);
  const std::string key = Rotate(installation.shop_id);

  EXPECT_EQ(UpdateDue(), 1);
  ASSERT_THAT(shoper_.call_names(), ElementsAre("token", "zone", "statuses", "create", "update"));
  const FakeShoper::Call update = shoper_.calls()[4];
  EXPECT_EQ(update.webhook_id, installation.webhook_id);
  EXPECT_EQ(update.credential, "access-1");
  EXPECT_EQ(update.webhook.url, "https://opinus.example/api/" + key);
  EXPECT_EQ(update.webhook.secret, shoper_.calls()[3].webhook.secret);
  EXPECT_EQ(shops_.GetShop(installation.shop_id)->settings.webhook_secret, update.webhook.secret);
  EXPECT_THAT(update.webhook.events, ElementsAre("order.status", "parcel.dispatch"));
  // Done: nothing due until the next rotation.
  EXPECT_EQ(UpdateDue(), 0);
}

TEST_F(AppStoreWebhookUrlTest, AFailedUpdateIsRetriedAfterTheBackoffUntilItSucceeds) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  const ShopId shop_id = Installation().shop_id;
  shoper_.FailWebhooks(absl::UnavailableError("PUT webhooks: HTTP 503"));
  const std::string key = Rotate(shop_id);
  EXPECT_EQ(UpdateDue(), 1);
  EXPECT_EQ(UpdateDue(), 0);
  clock_.Advance(absl::Seconds(30));
  EXPECT_EQ(UpdateDue(), 1);
  EXPECT_EQ(UpdateDue(), 0);

  shoper_.FailWebhooks(absl::OkStatus());
  clock_.Advance(absl::Minutes(1));
  EXPECT_EQ(UpdateDue(), 1);
  EXPECT_EQ(shoper_.calls().back().webhook.url, "https://opinus.example/api/" + key);
  clock_.Advance(absl::Hours(2));
  EXPECT_EQ(UpdateDue(), 0);
}

TEST_F(AppStoreWebhookUrlTest, AWebhookTheShopNoLongerHasIsMadeAgainAtTheNewKey) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  const ShopId shop_id = Installation().shop_id;
  shoper_.ForgetWebhooks();
  const std::string key = Rotate(shop_id);
  EXPECT_EQ(UpdateDue(), 1);
  EXPECT_THAT(shoper_.call_names(),
              ElementsAre("token", "zone", "statuses", "create", "update", "create"));
  EXPECT_EQ(shoper_.calls().back().webhook.url, "https://opinus.example/api/" + key);
  EXPECT_EQ(Installation().webhook_id, 8);
}

TEST_F(AppStoreWebhookUrlTest, AShopTheAppDoesNotConnectIsLeftAlone) {
  absl::StatusOr<Shop> shop = shops_.CreateShop("Sklep", "sklep.example.pl", "a@example.pl");
  ASSERT_THAT(shop, IsOk());
  Rotate(shop->id);
  EXPECT_EQ(UpdateDue(), 0);
  EXPECT_TRUE(shoper_.calls().empty());
}

TEST_F(AppStoreConnectorTest, AFailureIsRetriedAfterTheBackoffAndSucceedsWhenShoperIsBack) {
  Install("code-1");
  shoper_.Fail(absl::UnavailableError("POST oauth/token: Connection refused"));
  EXPECT_EQ(ConnectDue(), 1);
  AppInstallation waiting = Installation();
  EXPECT_EQ(waiting.connection, ShopConnection::kPending);
  EXPECT_EQ(waiting.connect_attempts, 1);
  EXPECT_THAT(waiting.connect_error, HasSubstr("Connection refused"));
  // FixedRandom: half the first backoff.
  EXPECT_EQ(waiting.next_attempt_time, kStart + absl::Seconds(30));
  EXPECT_EQ(ConnectDue(), 0);

  shoper_.Fail(absl::OkStatus());
  clock_.Set(kStart + absl::Seconds(30));
  EXPECT_EQ(ConnectDue(), 1);
  const AppInstallation connected = Installation();
  EXPECT_EQ(connected.connection, ShopConnection::kConnected);
  EXPECT_EQ(connected.connect_attempts, 1);
  ASSERT_THAT(shoper_.call_names(), ElementsAre("token", "token", "zone", "statuses", "create"));
  EXPECT_EQ(shoper_.calls()[1].credential, "code-1");
}

TEST_F(AppStoreConnectorTest, AfterTheLastAttemptTheConnectionFails) {
  Install("code-1");
  shoper_.Fail(absl::UnauthenticatedError("POST oauth/token: HTTP 401 unauthorized_client"));
  for (int attempt = 1; attempt <= 3; ++attempt) {
    EXPECT_EQ(ConnectDue(), 1) << attempt;
    clock_.Set(clock_.Now() + absl::Hours(1));
  }
  const AppInstallation failed = Installation();
  EXPECT_EQ(failed.connection, ShopConnection::kFailed);
  EXPECT_EQ(failed.connect_attempts, 3);
  EXPECT_THAT(failed.connect_error, HasSubstr("unauthorized_client"));
  EXPECT_FALSE(failed.next_attempt_time.has_value());
  EXPECT_EQ(ConnectDue(), 0);
  // A new install starts again.
  shoper_.Fail(absl::OkStatus());
  Install("code-2");
  EXPECT_EQ(ConnectDue(), 1);
  EXPECT_EQ(Installation().connection, ShopConnection::kConnected);
}

TEST_F(AppStoreConnectorTest, AFailedWebhookCallKeepsTheTokensAndTheShop) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  shoper_.ForgetWebhooks();
  Install("code-2");
  shoper_.FailWebhooks(absl::UnavailableError("PUT webhooks: HTTP 503"));
  EXPECT_EQ(ConnectDue(), 1);
  const AppInstallation waiting = Installation();
  EXPECT_EQ(waiting.connection, ShopConnection::kPending);
  EXPECT_NE(waiting.shop_id, 0);

  shoper_.FailWebhooks(absl::OkStatus());
  clock_.Set(kStart + absl::Minutes(1));
  EXPECT_EQ(ConnectDue(), 1);
  // The auth code was used once; the retry went on with the tokens.
  EXPECT_THAT(shoper_.call_names(),
              ElementsAre("token", "zone", "statuses", "create", "token", "zone", "statuses",
                          "update", "zone", "statuses", "update", "create"));
  EXPECT_EQ(Installation().shop_id, waiting.shop_id);
}

TEST_F(AppStoreConnectorTest, TokensAreRefreshedADayBeforeTheyExpire) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  clock_.Set(kStart + absl::Hours(24 * 29) - absl::Seconds(1));
  EXPECT_EQ(ConnectDue(), 0);
  clock_.Set(kStart + absl::Hours(24 * 29));
  EXPECT_EQ(ConnectDue(), 1);
  const std::vector<FakeShoper::Call> calls = shoper_.calls();
  ASSERT_THAT(shoper_.call_names(), ElementsAre("token", "zone", "statuses", "create", "refresh"));
  EXPECT_EQ(calls[4].credential, "refresh-1");
  const AppInstallation refreshed = Installation();
  EXPECT_EQ(refreshed.connection, ShopConnection::kConnected);
  EXPECT_EQ(refreshed.next_attempt_time, clock_.Now() + absl::Hours(24 * 29));

  // The new refresh token replaced the old one.
  clock_.Set(*refreshed.next_attempt_time);
  EXPECT_EQ(ConnectDue(), 1);
  EXPECT_EQ(shoper_.calls().back().credential, "refresh-2");
}

TEST_F(AppStoreConnectorTest, A401IsRefreshedOnceAndTheCallMadeAgain) {
  shoper_.Expire("access-1");
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  EXPECT_THAT(shoper_.call_names(),
              ElementsAre("token", "zone", "refresh", "zone", "statuses", "create"));
  EXPECT_EQ(shoper_.calls()[2].credential, "refresh-1");
  EXPECT_EQ(shoper_.calls()[5].credential, "access-2");
  EXPECT_EQ(Installation().connection, ShopConnection::kConnected);

  // Once only: a token refused again fails the attempt.
  shoper_.Expire("access-3");
  shoper_.Expire("access-4");
  Install("code-2");
  EXPECT_EQ(ConnectDue(), 1);
  const AppInstallation waiting = Installation();
  EXPECT_EQ(waiting.connection, ShopConnection::kPending);
  EXPECT_THAT(waiting.connect_error, HasSubstr("401"));
}

// A backfill's page answered 401 refreshes through the same path, and the
// new tokens are the installation's from then on.
TEST_F(AppStoreConnectorTest, AnAccessRefreshedOnA401KeepsTheNewTokens) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  const AppInstallation connected = Installation();
  const ShopApiAccess access{"https://sklep.example.pl", "access-1", connected.id, "refresh-1"};
  ASSERT_OK_AND_ASSIGN(const ShopApiAccess refreshed, connector_.RefreshAccess(access));
  EXPECT_EQ(refreshed.access_token, "access-2");
  EXPECT_EQ(refreshed.refresh_token, "refresh-2");
  EXPECT_EQ(refreshed.installation_id, connected.id);
  EXPECT_EQ(shoper_.call_names().back(), "refresh");
  EXPECT_EQ(shoper_.calls().back().credential, "refresh-1");

  // The old refresh token is no longer the installation's.
  EXPECT_THAT(connector_.RefreshAccess(access).status(), StatusIs(absl::StatusCode::kAborted));
  // The connector's own refresh goes on from the new one.
  clock_.Set(*connected.next_attempt_time);
  EXPECT_EQ(ConnectDue(), 1);
  EXPECT_EQ(shoper_.calls().back().credential, "refresh-2");
}

TEST_F(AppStoreConnectorTest, ARefusedRefreshShowsAnErrorAndLosesNothing) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  const AppInstallation connected = Installation();
  shoper_.FailRefresh(
      absl::FailedPreconditionError("POST oauth/token (refresh): HTTP 400 invalid_grant"));
  clock_.Set(*connected.next_attempt_time);
  EXPECT_EQ(ConnectDue(), 1);

  const AppInstallation refused = Installation();
  EXPECT_EQ(refused.connection, ShopConnection::kConnected);
  EXPECT_THAT(refused.connect_error, HasSubstr("invalid_grant"));
  EXPECT_EQ(refused.connect_attempts, 1);
  EXPECT_EQ(refused.next_attempt_time, clock_.Now() + absl::Seconds(30));
  EXPECT_EQ(refused.shop_id, connected.shop_id);
  EXPECT_EQ(refused.webhook_id, connected.webhook_id);

  // When Shoper takes it again, the old refresh token is still the one sent.
  shoper_.FailRefresh(absl::OkStatus());
  clock_.Set(*refused.next_attempt_time);
  EXPECT_EQ(ConnectDue(), 1);
  EXPECT_EQ(shoper_.calls().back().credential, "refresh-1");
  EXPECT_EQ(Installation().connect_error, "");
}

TEST_F(AppStoreConnectorTest, AnUninstallDisconnectsAndAReinstallRegistersTheNewKey) {
  Install("code-1");
  EXPECT_EQ(ConnectDue(), 1);
  const AppInstallation connected = Installation();
  const std::string old_key = shops_.GetShop(connected.shop_id)->webhook_key;

  AppStoreCallback uninstall;
  uninstall.action = AppStoreAction::kUninstall;
  uninstall.licence = "12345";
  uninstall.shop_url = "https://sklep.example.pl";
  uninstall.sent_time = clock_.Now();
  const std::string new_key = SequenceKeyGenerator::KeyNumber(99);
  ASSERT_THAT(storage_.RecordCallback(uninstall, clock_.Now(), new_key), IsOk());
  const AppInstallation disconnected = Installation();
  EXPECT_EQ(disconnected.connection, ShopConnection::kDisconnected);
  EXPECT_FALSE(disconnected.next_attempt_time.has_value());
  absl::StatusOr<Shop> shop = shops_.GetShop(connected.shop_id);
  ASSERT_THAT(shop, IsOk());
  EXPECT_EQ(shop->webhook_key, new_key);
  EXPECT_NE(shop->webhook_key, old_key);
  EXPECT_FALSE(shop->previous_key.has_value());
  // Nothing to refresh: the tokens are gone.
  clock_.Set(*connected.next_attempt_time);
  EXPECT_EQ(ConnectDue(), 0);

  Install("code-2");
  EXPECT_EQ(ConnectDue(), 1);
  const AppInstallation back = Installation();
  EXPECT_EQ(back.connection, ShopConnection::kConnected);
  EXPECT_EQ(back.shop_id, connected.shop_id);
  const FakeShoper::Call update = shoper_.calls().back();
  EXPECT_EQ(update.what, "update");
  EXPECT_EQ(update.credential, "access-2");
  EXPECT_EQ(update.webhook.url, "https://opinus.example/api/" + new_key);
}

}  // namespace
}  // namespace opinus::server
