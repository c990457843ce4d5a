// Shoper's App Store callbacks through real processes: a signed form posted
// to the gateway's POST /shoper/appstore reaches the core, which checks it and
// records the installation in MariaDB; whatever is refused records nothing.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "client/client.h"
#include "gtest/gtest.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/test_database.h"
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

Fields Callback(const std::string& action, absl::Time sent = absl::Now()) {
  Fields fields = {{"action", action},
                   {"shop", "40123"},
                   {"shop_url", "https://sklep-testowy.shoparena.pl/"},
                   {"application_code", "opinus"},
                   {"application_version", "3"},
                   {"timestamp", absl::StrCat(absl::ToUnixSeconds(sent))}};
  if (action == "install") fields["auth_code"] = kAuthCode;
  return fields;
}

class AppStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("appstore");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    log_prefix_ = absl::StrCat(::testing::TempDir(), "/appstore-", getpid());
    const std::string secret_file = log_prefix_ + "-secret";
    std::ofstream(secret_file) << kSecret << "\n";
    absl::StatusOr<RunningService> server =
        StartCoreServer(database_->connect_string(), log_prefix_ + "-server.log",
                        {absl::StrCat("--appstore_secret_file=", secret_file)});
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

}  // namespace
}  // namespace opinus::testing
