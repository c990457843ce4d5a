// The App Store's integration fixtures: callbacks signed as Shoper signs
// them, posted to a real gateway in front of a real core on MariaDB
// (AppStoreTest), and that core connecting installs through a fake Shoper
// REST API on loopback (AppStoreConnectTest).
#ifndef OPINUS_TESTS_INTEGRATION_APPSTORE_FIXTURE_H_
#define OPINUS_TESTS_INTEGRATION_APPSTORE_FIXTURE_H_

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

using Fields = std::map<std::string, std::string>;

inline constexpr char kSecret[] = "integration-appstore-secret";
inline constexpr char kAuthCode[] = "one-time-auth-code-7Qx";

// FormEncode returns `fields` as application/x-www-form-urlencoded.
inline std::string FormEncode(const Fields& fields) {
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
inline Fields Signed(Fields fields, const std::string& secret = kSecret) {
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

inline Fields Callback(const std::string& action, absl::Time sent = absl::Now(),
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
    extra_flags.push_back(absl::StrCat("--shoper_appstore_secret_file=", secret_file));
    core_flags_ = extra_flags;
    absl::StatusOr<RunningService> server =
        StartCoreServer(database_->connect_string(), log_prefix_ + "-server.log", extra_flags);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server->process);
    grpc_port_ = server->port;
    absl::StatusOr<RunningService> gateway =
        StartGateway(grpc_port_, log_prefix_ + "-gateway.log", gateway_flags_);
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
  // The core's flags after the fixture's own, for a second core (race tests).
  std::vector<std::string> core_flags_;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<ChildProcess> gateway_;
  int grpc_port_ = 0;
  int http_port_ = 0;
  // The gateway's own flags, e.g. where it listens; set before Start.
  std::vector<std::string> gateway_flags_;
};

inline constexpr char kClientId[] = "opinus-app-id";
inline constexpr char kClientSecret[] = "opinus-app-secret-Hk2";
inline constexpr char kPublicUrl[] = "https://opinus.example";

// Sha1Hex returns the lowercase hex SHA-1 of `text`, as Shoper signs.
inline std::string Sha1Hex(const std::string& text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

// The core connects installs through a fake Shoper API; a failed attempt is
// retried after about a second.
class AppStoreConnectTest : public AppStoreTest {
 protected:
  void SetUp() override { StartConnecting({}); }

  // StartConnecting starts the fake Shoper, then the core (with
  // `extra_flags`) and the gateway.
  void StartConnecting(std::vector<std::string> extra_flags) {
    absl::StatusOr<std::unique_ptr<FakeShoperServer>> shoper =
        FakeShoperServer::Start(kClientId, kClientSecret);
    ASSERT_TRUE(shoper.ok()) << shoper.status();
    shoper_ = *std::move(shoper);
    const std::string client_secret_file =
        absl::StrCat(::testing::TempDir(), "/appstore-", getpid(), "-client-secret");
    std::ofstream(client_secret_file) << kClientSecret << "\n";
    extra_flags.insert(
        extra_flags.end(),
        {absl::StrCat("--shoper_app_id=", kClientId),
         absl::StrCat("--shoper_app_secret_file=", client_secret_file), "--shoper_insecure_http",
         absl::StrCat("--public_url=", public_url_), "--appstore_connect_retry=1s"});
    Start(std::move(extra_flags));
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

  // ExpectNoSecretInLogs checks that neither process logged any of
  // `secrets`.
  void ExpectNoSecretInLogs(const std::vector<std::string>& secrets) {
    for (const std::string& log : {log_prefix_ + "-server.log", log_prefix_ + "-gateway.log"}) {
      const std::string text = ReadFile(log);
      for (const std::string& secret : secrets) {
        EXPECT_EQ(text.find(secret), std::string::npos) << log << " shows " << secret;
      }
    }
  }

  std::unique_ptr<FakeShoperServer> shoper_;
  // The URL the core registers webhooks under; set before StartConnecting.
  std::string public_url_ = kPublicUrl;
};

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_INTEGRATION_APPSTORE_FIXTURE_H_
