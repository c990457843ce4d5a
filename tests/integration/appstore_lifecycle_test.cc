// An App Store installation over its life, through real processes, MariaDB
// and the fake Shoper API: tokens refreshed a day before they expire, and
// once on a 401; a refused refresh shown without losing anything; an
// uninstall that disconnects the shop (its key refused, its pending
// invitations cancelled, its tokens deleted), raced against the dispatcher
// sending that shop's invitations; and a re-install that connects it again.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "tests/integration/appstore_fixture.h"
#include "tests/integration/child_process.h"
#include "tests/integration/loopback_ports.h"

namespace opinus::testing {
namespace {

namespace fs = std::filesystem;

// As server/domain/appstore.h says it.
constexpr char kUninstallReason[] = "the shop uninstalled the Opinus app in Shoper";
// A lifetime a day and a few seconds long: refreshed those few seconds later.
constexpr int kAlmostADay = 86400 + 3;

class AppStoreTokensTest : public AppStoreConnectTest {
 protected:
  std::string Installation(const std::string& column) {
    const std::vector<std::string> values =
        database_->QueryStrings(absl::StrCat("SELECT ", column, " FROM app_installations"));
    EXPECT_EQ(values.size(), 1u) << column;
    return values.empty() ? "" : values.front();
  }

  int TokenCalls() {
    int calls = 0;
    for (const std::string& call : CallsMade()) {
      calls += absl::StartsWith(call, "POST /webapi/rest/oauth/token") ? 1 : 0;
    }
    return calls;
  }
};

TEST_F(AppStoreTokensTest, TokensAreRefreshedADayBeforeTheyExpire) {
  shoper_->SetTokenLifetimes({kAlmostADay});
  Install(kAuthCode);
  ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
  ASSERT_TRUE(WaitFor([&] { return TokenCalls() == 2; })) << server_->Log();
  ASSERT_TRUE(WaitFor([&] { return Installation("refresh_token") == "fake-refresh-2-Zq8"; }))
      << server_->Log();

  // The new tokens replaced the old; the next refresh is 29 days away.
  EXPECT_EQ(Installation("access_token"), "fake-access-2-Zq8");
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_installations WHERE connect_state = "
                                "'connected' AND connect_error = '' AND next_connect_at > "
                                "UTC_TIMESTAMP() + INTERVAL 28 DAY"),
            1);
  EXPECT_EQ(CallsMade().back(), "POST /webapi/rest/oauth/token 200");
  EXPECT_EQ(TokenCalls(), 2);
  ExpectNoSecretInLogs({kAuthCode, "fake-access-1", "fake-refresh-1", "fake-access-2",
                        "fake-refresh-2", kClientSecret});
}

TEST_F(AppStoreTokensTest, A401IsRefreshedOnceAndTheCallMadeAgain) {
  shoper_->ExpireNextAccessTokens(1);
  Install(kAuthCode);
  ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
  EXPECT_EQ(CallsMade(),
            (std::vector<std::string>{
                "POST /webapi/rest/oauth/token 200", "GET /webapi/rest/application-config 401",
                "POST /webapi/rest/oauth/token 200", "GET /webapi/rest/application-config 200",
                "GET /webapi/rest/statuses 200", "POST /webapi/rest/webhooks 200"}));
  EXPECT_EQ(Installation("access_token"), "fake-access-2-Zq8");
  EXPECT_EQ(Installation("refresh_token"), "fake-refresh-2-Zq8");
  ExpectNoSecretInLogs({"fake-access-1", "fake-refresh-1", "fake-access-2", "fake-refresh-2"});
}

TEST_F(AppStoreTokensTest, ARefusedRefreshShowsAnErrorAndLosesNothing) {
  shoper_->SetTokenLifetimes({kAlmostADay});
  shoper_->RefuseRefresh(true);
  Install(kAuthCode);
  ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
  ASSERT_TRUE(WaitFor([&] {
    return database_->QueryInt(
               "SELECT COUNT(*) FROM app_installations WHERE connect_state = 'connected' AND "
               "connect_error LIKE '%refresh%HTTP 400 invalid_grant%'") == 1;
  })) << server_->Log();

  // The tokens, the shop and the webhook are as they were, and it delivers.
  EXPECT_EQ(Installation("access_token"), "fake-access-1-Zq8");
  EXPECT_EQ(Installation("refresh_token"), "fake-refresh-1-Zq8");
  const std::vector<FakeShoperServer::Webhook> webhooks = shoper_->webhooks();
  ASSERT_EQ(webhooks.size(), 1u);
  EXPECT_EQ(Deliver(Shops("webhook_key"), webhooks[0].secret), 200);
  absl::StatusOr<opinus::v1::ListInstallationsResponse> list =
      Client(GetTestTokens().operator_token).ListInstallations({});
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->installations_size(), 1);
  EXPECT_EQ(list->installations(0).connection(), opinus::v1::SHOP_CONNECTION_CONNECTED);
  EXPECT_THAT(list->installations(0).connect_error(), ::testing::HasSubstr("invalid_grant"));

  // Once Shoper takes it again, the refresh goes through.
  shoper_->RefuseRefresh(false);
  ASSERT_TRUE(WaitFor([&] { return Installation("refresh_token") == "fake-refresh-2-Zq8"; }))
      << server_->Log();
  ASSERT_TRUE(WaitFor([&] { return Installation("connect_error").empty(); })) << server_->Log();
  ExpectNoSecretInLogs({"fake-access-1", "fake-refresh-1", "fake-access-2", "fake-refresh-2"});
}

// Without a dispatcher: the invitation stays scheduled until the uninstall.
class AppStoreUninstallTest : public AppStoreConnectTest {
 protected:
  void SetUp() override { StartConnecting({"--dispatch=false"}); }

  void Uninstall() {
    EXPECT_EQ(Post(Signed(Callback("uninstall", absl::Now(), shoper_->url()))).status, 200);
  }
};

TEST_F(AppStoreUninstallTest, AnUninstallDisconnectsTheShopAndAReinstallConnectsItAgain) {
  Install(kAuthCode);
  ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
  const std::string key = Shops("webhook_key");
  const std::string secret = shoper_->webhooks().at(0).secret;
  ASSERT_EQ(Deliver(key, secret), 200);
  ASSERT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations WHERE state = 'scheduled'"), 1);

  Uninstall();
  // Answered: all of it committed.
  EXPECT_EQ(Deliver(key, secret), 404) << "the key is refused as unknown";
  EXPECT_EQ(database_->QueryInt(absl::StrCat(
                "SELECT COUNT(*) FROM invitations WHERE state = 'cancelled' AND state_reason = '",
                kUninstallReason, "'")),
            1);
  EXPECT_EQ(database_->QueryInt(
                "SELECT COUNT(*) FROM app_installations WHERE connect_state = 'disconnected' AND "
                "installed = 0 AND auth_code IS NULL AND access_token IS NULL AND refresh_token "
                "IS NULL AND token_expires_at IS NULL AND next_connect_at IS NULL"),
            1);
  const std::string unused_key = Shops("webhook_key");
  EXPECT_NE(unused_key, key);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM shops WHERE previous_webhook_key IS NULL"),
            1);
  absl::StatusOr<opinus::v1::ListInstallationsResponse> list =
      Client(GetTestTokens().operator_token).ListInstallations({});
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->installations_size(), 1);
  EXPECT_EQ(list->installations(0).connection(), opinus::v1::SHOP_CONNECTION_DISCONNECTED);

  // Installed again: the same shop, its webhook pointed at the new key.
  Install("second-auth-code-Pw4");
  ASSERT_TRUE(WaitFor([&] { return Connected(3); })) << server_->Log();
  const std::string new_key = Shops("webhook_key");
  EXPECT_EQ(new_key, unused_key);
  const std::vector<FakeShoperServer::Webhook> webhooks = shoper_->webhooks();
  ASSERT_EQ(webhooks.size(), 1u);
  EXPECT_EQ(webhooks[0].url, absl::StrCat(kPublicUrl, "/api/", new_key));
  EXPECT_EQ(CallsMade().back(), "PUT /webapi/rest/webhooks/1 200");
  EXPECT_EQ(Deliver(new_key, webhooks[0].secret), 200);
  EXPECT_EQ(Deliver(key, webhooks[0].secret), 404);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_installations WHERE access_token = "
                                "'fake-access-2-Zq8'"),
            1);

  ExpectNoSecretInLogs({kAuthCode, "second-auth-code-Pw4", "fake-access-1", "fake-refresh-1",
                        "fake-access-2", "fake-refresh-2", secret, webhooks[0].secret, key, new_key,
                        kClientSecret});
}

// The dispatcher on, sending to a real SMTP sink every 100 ms.
class AppStoreUninstallRaceTest : public AppStoreUninstallTest {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / absl::StrCat("appstore-race-", getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const int smtp_port = FreePort();
    absl::StatusOr<ChildProcess> sink = ChildProcess::Start(
        {"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", absl::StrCat("127.0.0.1:", smtp_port),
         "-c", "aiosmtpd.handlers.Mailbox", (dir_ / "mailbox").string()},
        (dir_ / "sink.log").string());
    ASSERT_TRUE(sink.ok()) << sink.status();
    sink_ = std::make_unique<ChildProcess>(*std::move(sink));
    ASSERT_TRUE(WaitFor([&] { return Accepts(smtp_port); })) << sink_->Log();
    StartConnecting({absl::StrCat("--smtp_url=smtp://127.0.0.1:", smtp_port),
                     "--mail_from=zaproszenia@opinus.example", "--dispatch_interval=100ms"});
  }

  // Mails returns how many mails the sink stored.
  int Mails() {
    const fs::path box = dir_ / "mailbox" / "new";
    if (!fs::exists(box)) return 0;
    int mails = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(box)) ++mails;
    return mails;
  }

  // AddInvitations adds `count` invitations of `shop_id`, due a minute ago.
  void AddInvitations(const std::string& shop_id, int count, const std::string& prefix) {
    database_->Execute(absl::StrCat(
        "INSERT INTO invitations (shop_id, order_id, customer_email, customer_first_name, "
        "customer_last_name, state, state_reason, status_time, send_at, created_at, updated_at) "
        "SELECT ",
        shop_id, ", CONCAT('", prefix, "', seq), CONCAT('", prefix,
        "', seq, '@example.com'), 'Jan', 'Kowalski', 'scheduled', '', UTC_TIMESTAMP() - INTERVAL "
        "7 DAY, UTC_TIMESTAMP() - INTERVAL 1 MINUTE, UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM "
        "seq_1_to_",
        count));
  }

  long long Invitations(const std::string& where) {
    return database_->QueryInt(absl::StrCat("SELECT COUNT(*) FROM invitations WHERE ", where));
  }

  fs::path dir_;
  std::unique_ptr<ChildProcess> sink_;
};

TEST_F(AppStoreUninstallRaceTest, NoInvitationLeavesAfterTheUninstallAndNoneIsLost) {
  constexpr int kInvitations = 300;
  Install(kAuthCode);
  ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
  const std::string shop_id = Shops("id");
  database_->Execute("UPDATE shops SET sending_hour_start = 0, sending_hour_end = 24");
  AddInvitations(shop_id, kInvitations, "race-");
  // The dispatcher is under way when the uninstall comes.
  ASSERT_TRUE(WaitFor([&] { return Mails() >= 1; })) << server_->Log();
  Uninstall();
  const int mails_at_uninstall = Mails();

  // Committed: each invitation was sent, mailed once, or cancelled.
  const long long sent = Invitations("state = 'sent'");
  // One claimed as its handover began says its mail "may have left": the
  // cancel cannot tell a dispatcher about to send from one that died.
  const long long cancelled = Invitations(
      absl::StrCat("state = 'cancelled' AND state_reason LIKE '", kUninstallReason, "%'"));
  RecordProperty("sent", static_cast<int>(sent));
  RecordProperty("cancelled", static_cast<int>(cancelled));
  EXPECT_EQ(sent + cancelled, kInvitations);
  EXPECT_EQ(mails_at_uninstall, sent);

  // The dispatcher goes on: another shop's invitation is sent after it, and
  // still nothing of the uninstalled shop's.
  database_->Execute(
      "INSERT INTO shops (name, domain, owner_email, webhook_key, invitation_delay_days, "
      "trigger_status_type, trigger_status_ids, time_zone, sending_enabled, created_at, "
      "updated_at, sender_name, language, sending_hour_start, sending_hour_end, approved_at) "
      "VALUES ('Inny sklep', 'inny.shoparena.pl', 'owner@example.com', 'zyxwvutsrq9876543210', 7, "
      "3, '', 'Europe/Warsaw', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), '', 'pl', 0, 24, "
      "UTC_TIMESTAMP())");
  AddInvitations(std::to_string(database_->QueryInt(
                     "SELECT id FROM shops WHERE webhook_key = 'zyxwvutsrq9876543210'")),
                 1, "sentinel-");
  ASSERT_TRUE(WaitFor([&] {
    return Invitations("order_id = 'sentinel-1' AND state = 'sent'") == 1;
  })) << server_->Log();
  EXPECT_EQ(Mails(), mails_at_uninstall + 1);
  EXPECT_EQ(Invitations(absl::StrCat("shop_id = ", shop_id, " AND state = 'sent'")), sent);
  EXPECT_EQ(
      Invitations(absl::StrCat("shop_id = ", shop_id, " AND state NOT IN ('sent', 'cancelled')")),
      0);
}

}  // namespace
}  // namespace opinus::testing
