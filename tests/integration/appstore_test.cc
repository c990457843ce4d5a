// Shoper's App Store callbacks through real processes: a signed form posted
// to the gateway's POST /shoper/appstore reaches the core, which checks it and
// records the installation in MariaDB; whatever is refused records nothing.
// With the app's client id and secret, the core connects the shop through a
// fake Shoper REST API on loopback: tokens, the shop, our webhook.
#include <string>
#include <vector>

#include "tests/integration/appstore_fixture.h"

namespace opinus::testing {
namespace {

TEST_F(AppStoreTest, AnInstallIsRecordedOnceAndAnUninstallEndsIt) {
  const Fields install = Signed(Callback("install"));
  HttpResponse answer = Post(install);
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body, R"({"status":"ok"})");
  // Shoper may send it again: still one installation.
  EXPECT_EQ(Post(install).status, 200);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_installations WHERE licence = '40123' "
                                "AND installed = 1 AND callbacks = 2 AND shop_url = "
                                "'https://sklep-testowy.shoparena.pl'"),
            1);
  EXPECT_EQ(Callbacks(), 2);

  EXPECT_EQ(Post(Signed(Callback("uninstall"))).status, 200);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_installations WHERE installed = 0 AND "
                                "uninstalled_at IS NOT NULL"),
            1);

  // The operator sees it; the gateway's token may not list.
  opinus::client::Client operator_client = Client(GetTestTokens().operator_token);
  absl::StatusOr<opinus::v1::ListInstallationsResponse> list =
      operator_client.ListInstallations({});
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->installations_size(), 1);
  EXPECT_EQ(list->installations(0).licence(), "40123");
  EXPECT_FALSE(list->installations(0).installed());
  EXPECT_EQ(list->installations(0).callbacks(), 3);
  EXPECT_EQ(Client(GetTestTokens().gateway_token).ListInstallations({}).status().code(),
            absl::StatusCode::kPermissionDenied);

  // The auth code is a secret: kept nowhere, logged nowhere.
  EXPECT_EQ(database_->QueryInt(absl::StrCat(
                "SELECT COUNT(*) FROM app_installations i JOIN appstore_callbacks c ON "
                "c.installation_id = i.id WHERE CONCAT_WS(' ', i.licence, i.shop_url, "
                "i.application_code, i.application_version, i.subscription_end, c.action, "
                "c.application_version) LIKE '%",
                kAuthCode, "%'")),
            0);
  for (const std::string& log : {log_prefix_ + "-server.log", log_prefix_ + "-gateway.log"}) {
    EXPECT_EQ(ReadFile(log).find(kAuthCode), std::string::npos) << log;
  }
}

TEST_F(AppStoreTest, WhatIsRefusedGetsA4xxAndRecordsNothing) {
  const Fields good = Signed(Callback("install"));
  Fields tampered = good;
  tampered["shop"] = "40124";
  Fields missing_shop = Callback("install");
  missing_shop.erase("shop");
  const struct {
    std::string what;
    Fields fields;
    std::string type;
    int status;
  } cases[] = {
      {"unsigned", Callback("install"), "application/x-www-form-urlencoded", 401},
      {"another secret", Signed(Callback("install"), "not-our-secret"),
       "application/x-www-form-urlencoded", 401},
      {"a field changed after signing", tampered, "application/x-www-form-urlencoded", 401},
      {"an hour old", Signed(Callback("install", absl::Now() - absl::Hours(1))),
       "application/x-www-form-urlencoded", 401},
      {"no shop", Signed(missing_shop), "application/x-www-form-urlencoded", 400},
      {"an unknown action", Signed(Callback("takeover")), "application/x-www-form-urlencoded", 400},
      {"JSON", good, "application/json", 415},
  };
  for (const auto& refused : cases) {
    const HttpResponse answer = Post(refused.fields, refused.type);
    EXPECT_EQ(answer.status, refused.status) << refused.what << ": " << answer.body;
  }
  EXPECT_EQ(Callbacks(), 0);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM app_installations"), 0);
  // And the good one still goes through.
  EXPECT_EQ(Post(good).status, 200);
  EXPECT_EQ(Callbacks(), 1);
}

TEST_F(AppStoreConnectTest, AnInstallConnectsTheShopAndItsWebhookDeliversSigned) {
  shoper_->SetTimeZone("Europe/Berlin");
  Install(kAuthCode);
  ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();

  // The tokens are kept, the auth code is not.
  const std::vector<std::string> tokens = shoper_->access_tokens();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(database_->QueryInt(absl::StrCat(
                "SELECT COUNT(*) FROM app_installations WHERE access_token = '", tokens[0],
                "' AND refresh_token LIKE 'fake-refresh-%' AND token_expires_at > NOW() AND "
                "auth_code IS NULL")),
            1);
  // One shop, named after the shop's host, and our webhook at its key.
  const std::string key = Shops("webhook_key");
  EXPECT_EQ(Shops("domain"), "127.0.0.1");
  const std::vector<FakeShoperServer::Webhook> webhooks = shoper_->webhooks();
  ASSERT_EQ(webhooks.size(), 1u);
  EXPECT_EQ(webhooks[0].url, absl::StrCat(kPublicUrl, "/api/", key));
  EXPECT_EQ(webhooks[0].events, (std::vector<std::string>{"order.status", "parcel.dispatch"}));
  EXPECT_TRUE(webhooks[0].active);
  EXPECT_EQ(webhooks[0].format, 0);
  EXPECT_GE(webhooks[0].secret.size(), 32u);
  EXPECT_EQ(Shops("webhook_secret"), webhooks[0].secret);
  EXPECT_EQ(CallsMade(),
            (std::vector<std::string>{
                "POST /webapi/rest/oauth/token 200", "GET /webapi/rest/application-config 200",
                "GET /webapi/rest/statuses 200", "POST /webapi/rest/webhooks 200"}));
  // The shop's zone, and its closed statuses (type 3) as the trigger.
  EXPECT_EQ(Shops("time_zone"), "Europe/Berlin");
  EXPECT_EQ(Shops("trigger_status_ids"), "7,10");

  // The operator sees it connected.
  absl::StatusOr<opinus::v1::ListInstallationsResponse> list =
      Client(GetTestTokens().operator_token).ListInstallations({});
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->installations_size(), 1);
  EXPECT_EQ(list->installations(0).connection(), opinus::v1::SHOP_CONNECTION_CONNECTED);
  EXPECT_EQ(list->installations(0).webhook_id(), 1);
  EXPECT_NE(list->installations(0).shop_id(), 0);

  // A delivery signed with that secret gets in; one signed otherwise does not.
  EXPECT_EQ(Deliver(key, "not-the-secret"), 401);
  EXPECT_EQ(Deliver(key, webhooks[0].secret), 200);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"), 1);

  ExpectNoSecretInLogs({kAuthCode, tokens[0], "fake-refresh-1", webhooks[0].secret, kClientSecret});
}

TEST_F(AppStoreConnectTest, AReinstallReattachesTheShopAndUpdatesItsWebhook) {
  Install(kAuthCode);
  ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
  const std::string key = Shops("webhook_key");
  Install("second-auth-code-Pw4");
  ASSERT_TRUE(WaitFor([&] { return Connected(2); })) << server_->Log();

  EXPECT_EQ(Shops("webhook_key"), key);
  const std::vector<FakeShoperServer::Webhook> webhooks = shoper_->webhooks();
  ASSERT_EQ(webhooks.size(), 1u);
  EXPECT_EQ(webhooks[0].url, absl::StrCat(kPublicUrl, "/api/", key));
  EXPECT_EQ(Shops("webhook_secret"), webhooks[0].secret);
  EXPECT_EQ(CallsMade(),
            (std::vector<std::string>{
                "POST /webapi/rest/oauth/token 200", "GET /webapi/rest/application-config 200",
                "GET /webapi/rest/statuses 200", "POST /webapi/rest/webhooks 200",
                "POST /webapi/rest/oauth/token 200", "GET /webapi/rest/application-config 200",
                "GET /webapi/rest/statuses 200", "PUT /webapi/rest/webhooks/1 200"}));
  EXPECT_EQ(Deliver(key, webhooks[0].secret), 200);
}

TEST_F(AppStoreConnectTest, WhileShoperIsDownTheCallbackIsKeptAndTheConnectionRetried) {
  shoper_->SetDown(true);
  Install(kAuthCode);
  EXPECT_EQ(Callbacks(), 1);
  ASSERT_TRUE(WaitFor([&] {
    return database_->QueryInt(
               "SELECT COUNT(*) FROM app_installations WHERE connect_state = 'pending' AND "
               "connect_attempts >= 2 AND connect_error LIKE '%HTTP 503%'") == 1;
  })) << server_->Log();
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM shops"), 0);

  shoper_->SetDown(false);
  ASSERT_TRUE(WaitFor([&] { return Connected(1); })) << server_->Log();
  const std::vector<std::string> calls = CallsMade();
  ASSERT_GE(calls.size(), 6u);
  EXPECT_EQ(calls.front(), "POST /webapi/rest/oauth/token 503");
  EXPECT_EQ(calls[calls.size() - 4], "POST /webapi/rest/oauth/token 200");
  EXPECT_EQ(calls.back(), "POST /webapi/rest/webhooks 200");
  EXPECT_EQ(shoper_->webhooks().size(), 1u);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM shops"), 1);
}

}  // namespace
}  // namespace opinus::testing
