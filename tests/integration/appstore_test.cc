// Shoper's App Store callbacks through real processes: a signed form posted
// to the gateway's POST /shoper/appstore reaches the core, which checks it and
// records the installation in MariaDB; whatever is refused records nothing.
// With the app's client id and secret, the core connects the shop through a
// fake Shoper REST API on loopback: tokens, the shop, our webhook.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "client/client.h"
#include "gtest/gtest.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/test_database.h"
#include "tests/support/fake_shoper_server.h"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

using Fields = std::map<std::string, std::string>;

constexpr char kSecret[] = "integration-appstore-secret";
constexpr char kAuthCode[] = "one-time-auth-code-7Qx";

// FormEncode returns `fields` as application/x-www-form-urlencoded.
std::string FormEncode(const Fields& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    absl::StrAppend(&body, body.empty() ? "" : "&", name, "=");
    for (unsigned char c : value) {
      if (absl::ascii_isalnum(c)) {
        body.push_back(static_cast<char>(c));
      } else {
        absl::StrAppend(&body, absl::StrFormat("%%%02X", c));
      }
    }
  }
  return body;
}

// Signed adds the App Store's hash, made here with OpenSSL as Shoper's PHP
// makes it: hex HMAC-SHA512 of the other fields, sorted, "k=v&k=v".
Fields Signed(Fields fields, const std::string& secret = kSecret) {
  std::string text;
  for (const auto& [name, value] : fields)
    absl::StrAppend(&text, text.empty() ? "" : "&", name, "=", value);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha512(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &size);
  fields["hash"] =
      absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(mac), size));
  return fields;
}

Fields Callback(const std::string& action, absl::Time sent = absl::Now(),
                const std::string& shop_url = "https://sklep-testowy.shoparena.pl/",
                const std::string& auth_code = kAuthCode) {
  Fields fields = {
      {"action", action},           {"shop", "40123"},
      {"shop_url", shop_url},       {"application_code", "opinus"},
      {"application_version", "3"}, {"timestamp", absl::StrCat(absl::ToUnixSeconds(sent))}};
  if (action == "install") fields["auth_code"] = auth_code;
  return fields;
}

class AppStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }

  // Start starts the core, with `extra_flags`, and the gateway in front of it.
  void Start(std::vector<std::string> extra_flags) {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("appstore");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    log_prefix_ = absl::StrCat(::testing::TempDir(), "/appstore-", getpid());
    const std::string secret_file = log_prefix_ + "-secret";
    std::ofstream(secret_file) << kSecret << "\n";
    extra_flags.push_back(absl::StrCat("--appstore_secret_file=", secret_file));
    absl::StatusOr<RunningService> server =
        StartCoreServer(database_->connect_string(), log_prefix_ + "-server.log", extra_flags);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server->process);
    grpc_port_ = server->port;
    absl::StatusOr<RunningService> gateway = StartGateway(grpc_port_, log_prefix_ + "-gateway.log");
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = std::move(gateway->process);
    http_port_ = gateway->port;
  }

  HttpResponse Post(const Fields& fields,
                    const std::string& type = "application/x-www-form-urlencoded") {
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(static_cast<uint16_t>(http_port_), "POST", "/shoper/appstore",
                        {{"Content-Type", type}}, FormEncode(fields));
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpResponse{};
  }

  long long Callbacks() const {
    return database_->QueryInt("SELECT COUNT(*) FROM appstore_callbacks");
  }

  opinus::client::Client Client(const std::string& token) const {
    return opinus::client::Client(
        {absl::StrCat("127.0.0.1:", grpc_port_), absl::Seconds(10), token, ""});
  }

  std::unique_ptr<TestDatabase> database_;
  std::string log_prefix_;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<ChildProcess> gateway_;
  int grpc_port_ = 0;
  int http_port_ = 0;
};

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

constexpr char kClientId[] = "opinus-app-id";
constexpr char kClientSecret[] = "opinus-app-secret-Hk2";
constexpr char kPublicUrl[] = "https://opinus.example";

// Sha1Hex returns the lowercase hex SHA-1 of `text`, as Shoper signs.
std::string Sha1Hex(const std::string& text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

// The core connects installs through a fake Shoper API; a failed attempt is
// retried after about a second.
class AppStoreConnectTest : public AppStoreTest {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<FakeShoperServer>> shoper =
        FakeShoperServer::Start(kClientId, kClientSecret);
    ASSERT_TRUE(shoper.ok()) << shoper.status();
    shoper_ = *std::move(shoper);
    const std::string client_secret_file =
        absl::StrCat(::testing::TempDir(), "/appstore-", getpid(), "-client-secret");
    std::ofstream(client_secret_file) << kClientSecret << "\n";
    Start({absl::StrCat("--appstore_client_id=", kClientId),
           absl::StrCat("--appstore_client_secret_file=", client_secret_file),
           absl::StrCat("--public_url=", kPublicUrl), "--appstore_connect_retry=1s"});
  }

  // Install posts a signed install of the fake shop carrying `auth_code`.
  void Install(const std::string& auth_code) {
    shoper_->IssueAuthCode(auth_code);
    EXPECT_EQ(Post(Signed(Callback("install", absl::Now(), shoper_->url(), auth_code))).status,
              200);
  }

  // WaitFor returns whether `done` became true within 30 s.
  bool WaitFor(const std::function<bool()>& done) {
    const absl::Time give_up = absl::Now() + absl::Seconds(30);
    while (!done()) {
      if (absl::Now() > give_up) return false;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return true;
  }

  bool Connected(int callbacks) {
    return database_->QueryInt(absl::StrCat(
               "SELECT COUNT(*) FROM app_installations WHERE connect_state = 'connected' AND "
               "callbacks = ",
               callbacks)) == 1;
  }

  std::vector<std::string> CallsMade() {
    std::vector<std::string> calls;
    for (const FakeShoperServer::Call& call : shoper_->calls()) {
      calls.push_back(absl::StrCat(call.method, " ", call.path, " ", call.status));
    }
    return calls;
  }

  std::string Shops(const std::string& column) {
    const std::vector<std::string> values =
        database_->QueryStrings(absl::StrCat("SELECT ", column, " FROM shops"));
    EXPECT_EQ(values.size(), 1u) << column;
    return values.empty() ? "" : values.front();
  }

  // Deliver posts the sample order.status delivery to the gateway as
  // webhook 1 signed with `secret`; returns the HTTP status.
  int Deliver(const std::string& key, const std::string& secret) {
    const std::string body =
        ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json"));
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(static_cast<uint16_t>(http_port_), "POST", absl::StrCat("/api/", key),
                        {{"Content-Type", "application/json"},
                         {"X-Shop-License", "40123"},
                         {"X-Webhook-Id", "1"},
                         {"X-Webhook-Name", "order.status"},
                         {"X-Webhook-Sha1", Sha1Hex(absl::StrCat("1:", secret, ":", body))}},
                        body);
    return response.ok() ? response->status : 0;
  }

  std::unique_ptr<FakeShoperServer> shoper_;
};

TEST_F(AppStoreConnectTest, AnInstallConnectsTheShopAndItsWebhookDeliversSigned) {
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
  EXPECT_EQ(CallsMade(), (std::vector<std::string>{"POST /webapi/rest/oauth/token 200",
                                                   "POST /webapi/rest/webhooks 200"}));

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

  // No secret in either log.
  for (const std::string& log : {log_prefix_ + "-server.log", log_prefix_ + "-gateway.log"}) {
    const std::string text = ReadFile(log);
    for (const std::string& secret :
         {std::string(kAuthCode), tokens[0], std::string("fake-refresh-1"), webhooks[0].secret,
          std::string(kClientSecret)}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << log << " shows " << secret;
    }
  }
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
                "POST /webapi/rest/oauth/token 200", "POST /webapi/rest/webhooks 200",
                "POST /webapi/rest/oauth/token 200", "PUT /webapi/rest/webhooks/1 200"}));
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
  ASSERT_GE(calls.size(), 4u);
  EXPECT_EQ(calls.front(), "POST /webapi/rest/oauth/token 503");
  EXPECT_EQ(calls[calls.size() - 2], "POST /webapi/rest/oauth/token 200");
  EXPECT_EQ(calls.back(), "POST /webapi/rest/webhooks 200");
  EXPECT_EQ(shoper_->webhooks().size(), 1u);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM shops"), 1);
}

}  // namespace
}  // namespace opinus::testing
