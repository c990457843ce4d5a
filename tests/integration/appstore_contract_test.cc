// One contract, both stores: connecting App Store installations (claims and
// their lease, the auth code given up for tokens, saves guarded against a
// newer callback), against InMemoryStorage and MysqlAppStoreStore on a fresh
// database.
#include <memory>
#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/storage/mysql/mysql_appstore_store.h"
#include "tests/integration/mysql_storage_fixture.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;

const absl::Time kNow = absl::FromUnixSeconds(1780000000);

// MysqlAppStore is MysqlStorageTest's database, set up inside the running
// test, with the App Store's store on it.
class MysqlAppStore final : private MysqlStorageTest {
 public:
  // Open makes a fresh, migrated database; nullptr after a failure it
  // recorded.
  AppStoreStore* Open() {
    SetUp();
    if (HasFatalFailure()) return nullptr;
    store_ = std::make_unique<MysqlAppStoreStore>(pool_.get());
    return store_.get();
  }

 private:
  void TestBody() override {}
  std::unique_ptr<MysqlAppStoreStore> store_;
};

class AppStoreContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      store_ = &memory_;
    } else {
      store_ = mysql_.Open();
      ASSERT_NE(store_, nullptr);
    }
  }

  AppInstallation Record(const std::string& licence, AppStoreAction action,
                         const std::string& auth_code, absl::Time at = kNow) {
    AppStoreCallback callback;
    callback.action = action;
    callback.licence = licence;
    callback.shop_url = "https://" + licence + ".shoparena.pl";
    callback.auth_code = auth_code;
    callback.sent_time = at;
    absl::StatusOr<AppInstallation> installation =
        store_->RecordCallback(callback, at, "NEWKEY00000000000001");
    EXPECT_THAT(installation, IsOk());
    return installation.value_or(AppInstallation{});
  }

  std::optional<PendingConnection> Claim(absl::Time now) {
    absl::StatusOr<std::optional<PendingConnection>> claimed =
        store_->ClaimConnection(now, now + absl::Minutes(2));
    EXPECT_THAT(claimed, IsOk());
    return claimed.value_or(std::nullopt);
  }

  InMemoryStorage memory_;
  MysqlAppStore mysql_;
  AppStoreStore* store_ = nullptr;
};

TEST_P(AppStoreContractTest, APendingInstallIsClaimedOnceUntilItsLeaseEnds) {
  Record("early", AppStoreAction::kInstall, "code-early", kNow - absl::Minutes(1));
  Record("late", AppStoreAction::kInstall, "code-late");
  Record("gone", AppStoreAction::kInstall, "code-gone", kNow - absl::Minutes(5));
  Record("gone", AppStoreAction::kUninstall, "", kNow - absl::Minutes(4));
  Record("unasked", AppStoreAction::kInstall, "", kNow - absl::Minutes(6));

  std::optional<PendingConnection> first = Claim(kNow);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->installation.licence, "early");
  EXPECT_EQ(first->auth_code, "code-early");
  EXPECT_FALSE(first->tokens.has_value());
  EXPECT_EQ(first->installation.next_attempt_time, kNow + absl::Minutes(2));
  std::optional<PendingConnection> second = Claim(kNow);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->installation.licence, "late");
  EXPECT_FALSE(Claim(kNow).has_value()) << "uninstalled, never asked, or claimed";
  // The lease over, the first is due again.
  std::optional<PendingConnection> again = Claim(kNow + absl::Minutes(2));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->installation.licence, "early");
}

TEST_P(AppStoreContractTest, TokensReplaceTheAuthCodeAndTheConnectionIsSaved) {
  Record("sklep", AppStoreAction::kInstall, "code-1");
  std::optional<PendingConnection> claimed = Claim(kNow);
  ASSERT_TRUE(claimed.has_value());
  const ShoperTokens tokens{"access-1", "refresh-1", kNow + absl::Hours(24), "webhooks"};
  ASSERT_THAT(store_->SaveTokens(claimed->installation.id, claimed->installation.callbacks, tokens),
              IsOk());
  AppInstallation failed = claimed->installation;
  failed.shop_id = 5;
  failed.connect_attempts = 1;
  failed.connect_error = "POST webhooks: HTTP 503";
  failed.next_attempt_time = kNow + absl::Minutes(1);
  ASSERT_THAT(store_->SaveConnection(failed), IsOk());

  std::optional<PendingConnection> retry = Claim(kNow + absl::Minutes(1));
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->auth_code, "");
  ASSERT_TRUE(retry->tokens.has_value());
  EXPECT_EQ(retry->tokens->access_token, "access-1");
  EXPECT_EQ(retry->tokens->refresh_token, "refresh-1");
  EXPECT_EQ(retry->tokens->expire_time, kNow + absl::Hours(24));
  EXPECT_EQ(retry->tokens->scope, "webhooks");
  EXPECT_EQ(retry->installation.shop_id, 5);
  EXPECT_EQ(retry->installation.connect_attempts, 1);
  EXPECT_EQ(retry->installation.connect_error, "POST webhooks: HTTP 503");

  AppInstallation connected = retry->installation;
  connected.connection = ShopConnection::kConnected;
  connected.webhook_id = 9;
  connected.next_attempt_time.reset();
  connected.connect_error.clear();
  ASSERT_THAT(store_->SaveConnection(connected), IsOk());
  absl::StatusOr<std::vector<AppInstallation>> list = store_->ListInstallations();
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().connection, ShopConnection::kConnected);
  EXPECT_EQ(list->front().webhook_id, 9);
  EXPECT_FALSE(list->front().next_attempt_time.has_value());
  EXPECT_FALSE(Claim(kNow + absl::Hours(1)).has_value());
}

TEST_P(AppStoreContractTest, ACallbackSinceTheClaimWinsButTheIdsAreKept) {
  Record("sklep", AppStoreAction::kInstall, "code-1");
  std::optional<PendingConnection> claimed = Claim(kNow);
  ASSERT_TRUE(claimed.has_value());
  Record("sklep", AppStoreAction::kInstall, "code-2");

  const ShoperTokens tokens{"access-1", "refresh-1", kNow + absl::Hours(24), ""};
  EXPECT_THAT(store_->SaveTokens(claimed->installation.id, claimed->installation.callbacks, tokens),
              StatusIs(absl::StatusCode::kAborted));
  AppInstallation stale = claimed->installation;
  stale.connection = ShopConnection::kConnected;
  stale.shop_id = 5;
  stale.webhook_id = 9;
  EXPECT_THAT(store_->SaveConnection(stale), StatusIs(absl::StatusCode::kAborted));

  std::optional<PendingConnection> newer = Claim(kNow);
  ASSERT_TRUE(newer.has_value());
  EXPECT_EQ(newer->auth_code, "code-2");
  EXPECT_FALSE(newer->tokens.has_value());
  EXPECT_EQ(newer->installation.connection, ShopConnection::kPending);
  EXPECT_EQ(newer->installation.shop_id, 5);
  EXPECT_EQ(newer->installation.webhook_id, 9);
}

TEST_P(AppStoreContractTest, AConnectedInstallationIsClaimedForItsRefreshAndItsTokensReplaced) {
  Record("sklep", AppStoreAction::kInstall, "code-1");
  std::optional<PendingConnection> claimed = Claim(kNow);
  ASSERT_TRUE(claimed.has_value());
  const ShoperTokens first{"access-1", "refresh-1", kNow + absl::Hours(48), "webhooks"};
  ASSERT_THAT(store_->SaveTokens(claimed->installation.id, claimed->installation.callbacks, first),
              IsOk());
  AppInstallation connected = claimed->installation;
  connected.connection = ShopConnection::kConnected;
  connected.next_attempt_time = kNow + absl::Hours(24);
  ASSERT_THAT(store_->SaveConnection(connected), IsOk());
  EXPECT_FALSE(Claim(kNow + absl::Hours(23)).has_value());
  std::optional<PendingConnection> due = Claim(kNow + absl::Hours(24));
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(due->installation.connection, ShopConnection::kConnected);
  ASSERT_TRUE(due->tokens.has_value());
  EXPECT_EQ(due->tokens->refresh_token, "refresh-1");

  // A billing callback meanwhile does not stop the refresh; only the
  // refresh token it replaces counts.
  Record("sklep", AppStoreAction::kBillingSubscription, "");
  const ShoperTokens second{"access-2", "refresh-2", kNow + absl::Hours(72), "webhooks"};
  EXPECT_THAT(store_->ReplaceTokens(due->installation.id, "refresh-0", second),
              StatusIs(absl::StatusCode::kAborted));
  ASSERT_THAT(store_->ReplaceTokens(due->installation.id, "refresh-1", second), IsOk());
  EXPECT_THAT(store_->ReplaceTokens(due->installation.id, "refresh-1", first),
              StatusIs(absl::StatusCode::kAborted));
  std::optional<PendingConnection> again = Claim(kNow + absl::Hours(25));
  ASSERT_TRUE(again.has_value());
  ASSERT_TRUE(again->tokens.has_value());
  EXPECT_EQ(again->tokens->access_token, "access-2");
  EXPECT_EQ(again->tokens->refresh_token, "refresh-2");
  EXPECT_EQ(again->tokens->expire_time, kNow + absl::Hours(72));
}

TEST_P(AppStoreContractTest, AnUninstallDeletesTheTokensAndDisconnects) {
  Record("sklep", AppStoreAction::kInstall, "code-1");
  std::optional<PendingConnection> claimed = Claim(kNow);
  ASSERT_TRUE(claimed.has_value());
  const ShoperTokens tokens{"access-1", "refresh-1", kNow + absl::Hours(48), ""};
  ASSERT_THAT(store_->SaveTokens(claimed->installation.id, claimed->installation.callbacks, tokens),
              IsOk());
  AppInstallation connected = claimed->installation;
  connected.connection = ShopConnection::kConnected;
  connected.next_attempt_time = kNow + absl::Hours(24);
  ASSERT_THAT(store_->SaveConnection(connected), IsOk());

  const AppInstallation gone = Record("sklep", AppStoreAction::kUninstall, "");
  EXPECT_EQ(gone.connection, ShopConnection::kDisconnected);
  EXPECT_FALSE(gone.next_attempt_time.has_value());
  EXPECT_FALSE(Claim(kNow + absl::Hours(24)).has_value());
  EXPECT_THAT(store_->ReplaceTokens(gone.id, "refresh-1", tokens),
              StatusIs(absl::StatusCode::kAborted));
  // Installed again: the new code, and no tokens left from before.
  Record("sklep", AppStoreAction::kInstall, "code-2");
  std::optional<PendingConnection> back = Claim(kNow);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->auth_code, "code-2");
  EXPECT_FALSE(back->tokens.has_value());
}

// Found by AppStoreConnectorRaceTest: a key rotated while a re-install
// connects, after the connect read the key, left Shoper's webhook at the old
// key for good.
TEST_P(AppStoreContractTest, ARotationWhileConnectingIsUpdatedOnceConnected) {
  Record("sklep", AppStoreAction::kInstall, "code-1");
  std::optional<PendingConnection> claimed = Claim(kNow);
  ASSERT_TRUE(claimed.has_value());
  const ShoperTokens tokens{"access-1", "refresh-1", kNow + absl::Hours(48), ""};
  ASSERT_THAT(store_->SaveTokens(claimed->installation.id, claimed->installation.callbacks, tokens),
              IsOk());
  AppInstallation progress = claimed->installation;
  progress.shop_id = 5;
  ASSERT_THAT(store_->SaveConnection(progress), IsOk());

  ASSERT_THAT(store_->MarkWebhookUrlDue(5, kNow), IsOk());
  absl::StatusOr<std::optional<WebhookUrlUpdate>> early =
      store_->ClaimWebhookUrlUpdate(kNow, kNow + absl::Minutes(2));
  ASSERT_THAT(early, IsOk());
  EXPECT_FALSE(early->has_value()) << "not connected yet";

  progress.connection = ShopConnection::kConnected;
  progress.webhook_id = 9;
  progress.next_attempt_time = kNow + absl::Hours(24);
  ASSERT_THAT(store_->SaveConnection(progress), IsOk());
  absl::StatusOr<std::optional<WebhookUrlUpdate>> update =
      store_->ClaimWebhookUrlUpdate(kNow + absl::Seconds(1), kNow + absl::Minutes(2));
  ASSERT_THAT(update, IsOk());
  ASSERT_TRUE(update->has_value());
  EXPECT_EQ((*update)->installation.shop_id, 5);
  EXPECT_EQ((*update)->installation.webhook_id, 9);
  EXPECT_EQ((*update)->rotations, 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, AppStoreContractTest, ::testing::Values("memory", "mysql"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace opinus::server
