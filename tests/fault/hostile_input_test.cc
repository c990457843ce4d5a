// Fault scenario 5: a catalogue of hostile requests through the gateway. Each
// malformed request gets a clear 4xx and stores nothing, and the service is
// checked to be up after every case. Hostile *data* in a well-formed order
// (SQL, <script>, CRLF) is the shop's data: stored as text or rejected with a
// reason, never executed, never a crash.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/fault/fault_stack.h"
#include "tests/fault/webhook_load.h"
#include "tests/integration/test_database.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

Headers ShoperHeaders() {
  return {{"Content-Type", "application/json; charset=utf-8"},
          {"X-Webhook-Id", "12"},
          {"X-Webhook-Name", "order.status"}};
}

// WithNul returns `before`, a NUL byte, then `after`.
std::string WithNul(const std::string& before, const std::string& after) {
  std::string text = before;
  text.push_back('\0');
  return text + after;
}

struct HostileCase {
  std::string what;
  std::string path;
  Headers headers;
  std::string body;
  int expected_status;
};

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("fault_hostile");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    stack_ = std::make_unique<FaultStack>(database_->connect_string(),
                                          absl::StrCat(::testing::TempDir(), "/fault-hostile"));
    // Default limits, but room for the catalogue's many unknown keys.
    ASSERT_TRUE(stack_->Start({"--unknown_key_burst=1000"}).ok());
    absl::StatusOr<std::string> key = stack_->CreateShop("hostile");
    ASSERT_TRUE(key.ok()) << key.status();
    key_ = *key;
    sample_ = SampleOrder();
  }

  absl::StatusOr<HttpResponse> Post(const std::string& path, const Headers& headers,
                                    const std::string& body) {
    return SendHttpRequest(stack_->http_port(), "POST", path, headers, body);
  }

  // ExpectUp checks that the gateway and the core still serve.
  void ExpectUp(const std::string& after) {
    absl::StatusOr<HttpResponse> health =
        SendHttpRequest(stack_->http_port(), "GET", "/healthz", {}, "");
    ASSERT_TRUE(health.ok()) << "gateway down after " << after << ": " << health.status();
    EXPECT_EQ(health->status, 200) << after;
    EXPECT_EQ(stack_->ReadyStatus(), 200) << "core not ready after " << after;
  }

  std::string Order(const std::function<void(Json&)>& change) const {
    Json order = Json::parse(sample_);
    change(order);
    return order.dump();
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<FaultStack> stack_;
  std::string key_;
  std::string sample_;
};

TEST_F(HostileInputTest, EveryMalformedRequestGetsA4xxAndStoresNothing) {
  const std::string path = absl::StrCat("/api/", key_);
  std::string deep(100000, '[');
  std::string nested_object;
  for (int i = 0; i < 5000; ++i) nested_object += "{\"a\":";
  nested_object += "1" + std::string(5000, '}');
  Headers big_header = ShoperHeaders();
  big_header.emplace_back("X-Padding", std::string(20 * 1024, 'x'));
  Headers many_headers = ShoperHeaders();
  for (int i = 0; i < 400; ++i)
    many_headers.emplace_back(absl::StrCat("X-H", i), std::string(60, 'v'));
  Headers wrong_signature = ShoperHeaders();
  wrong_signature.emplace_back("X-Webhook-Sha1", std::string(40, '0'));
  Headers xml = ShoperHeaders();
  xml[0].second = "text/xml";
  Headers plain = ShoperHeaders();
  plain[0].second = "text/plain";

  const std::vector<HostileCase> cases = {
      {"malformed JSON", path, ShoperHeaders(), "{\"order_id\": ", 400},
      {"truncated JSON", path, ShoperHeaders(), sample_.substr(0, sample_.size() / 2), 400},
      {"an array", path, ShoperHeaders(), "[1,2,3]", 400},
      {"a string", path, ShoperHeaders(), "\"order\"", 400},
      {"empty body", path, ShoperHeaders(), "", 400},
      {"order_id an object", path, ShoperHeaders(), Order([](Json& o) {
         o["order_id"] = Json::object({{"$gt", ""}});
       }),
       400},
      {"email an array", path, ShoperHeaders(),
       Order([](Json& o) { o["email"] = Json::array({"a@example.com"}); }), 400},
      {"status_id a word", path, ShoperHeaders(), Order([](Json& o) { o["status_id"] = "seven"; }),
       400},
      {"status_id huge", path, ShoperHeaders(), Order([](Json& o) { o["status_id"] = 1e300; }),
       400},
      {"deep array nesting", path, ShoperHeaders(), deep, 400},
      {"deep object nesting", path, ShoperHeaders(), nested_object, 400},
      {"invalid UTF-8", path, ShoperHeaders(),
       absl::StrCat("{\"order_id\":\"1\",\"email\":\"a@example.com\",\"x\":\"\xff\xfe\xc3\"}"),
       400},
      {"raw NUL bytes", path, ShoperHeaders(), WithNul("{\"order_id\":\"1", "\",\"a\":1}"), 400},
      {"10 MB body", path, ShoperHeaders(), std::string(10 * 1024 * 1024, ' '), 413},
      {"plain text", path, plain, "order", 415},
      // To a shop's key, XML is logged for its owner (docs/appstore.md).
      {"XML to an unknown key", "/api/AAAAAAAAAAAAAAAAAAAA", xml, "<order/>", 404},
      {"unknown key", "/api/AAAAAAAAAAAAAAAAAAAA", ShoperHeaders(), sample_, 404},
      {"short key", "/api/short", ShoperHeaders(), sample_, 404},
      {"path traversal", "/api/../../etc/passwd", ShoperHeaders(), sample_, 404},
      {"encoded traversal", "/api/..%2F..%2Fetc%2Fpasswd", ShoperHeaders(), sample_, 404},
      {"key then traversal", absl::StrCat(path, "/../x"), ShoperHeaders(), sample_, 404},
      {"CRLF in the key", "/api/AAAA%0d%0aSet-Cookie:%20x=1", ShoperHeaders(), sample_, 404},
      {"SQL in the key", "/api/'%20OR%20'1'='1'--%20aaaaaa", ShoperHeaders(), sample_, 404},
      {"oversized header", path, big_header, sample_, 431},
      {"too many headers", path, many_headers, sample_, 431},
      {"overlong URL", absl::StrCat(path, "?", std::string(5000, 'q')), ShoperHeaders(), sample_,
       414},
  };
  for (const HostileCase& c : cases) {
    SCOPED_TRACE(c.what);
    absl::StatusOr<HttpResponse> response = Post(c.path, c.headers, c.body);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(response->status, c.expected_status) << response->body;
    EXPECT_EQ(response->headers.count("set-cookie"), 0u);
    // Our own answers are JSON that says what is wrong, never an internal text.
    if (c.expected_status != 413) {
      EXPECT_TRUE(Json::parse(response->body, nullptr, false).contains("error")) << response->body;
    }
    EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"), 0);
    ExpectUp(c.what);
  }

  // Signatures, once the shop has a secret.
  CommandResult secret =
      RunCommand({BinaryPath("opinus"), absl::StrCat("--server=127.0.0.1:", stack_->core_port()),
                  absl::StrCat("--token-file=", GetTestTokens().operator_token_file), "settings",
                  "set", "--shop", "1", "--webhook-secret", "test-klucz-123"});
  ASSERT_EQ(secret.exit_code, 0) << secret.err;
  for (const auto& [what, headers] :
       std::vector<std::pair<std::string, Headers>>{{"missing signature", ShoperHeaders()},
                                                    {"wrong signature", wrong_signature},
                                                    {"XML without a signature", xml}}) {
    SCOPED_TRACE(what);
    absl::StatusOr<HttpResponse> response = Post(path, headers, sample_);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(response->status, 401) << response->body;
    EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"), 0);
    ExpectUp(what);
  }
  stack_->ExpectNoSecretsInLogs({key_, "test-klucz-123"});
  std::cout << "[fault] hostile catalogue: " << cases.size() + 3
            << " malformed requests, each a 4xx, nothing stored, service up after each\n";
}

TEST_F(HostileInputTest, HostileDataInAnOrderIsStoredAsTextOrRejectedNeverRun) {
  const std::string path = absl::StrCat("/api/", key_);
  const std::string sql = "1'); DROP TABLE invitations; --";
  struct DataCase {
    std::string what;
    std::string body;
    std::string outcome;
  };
  const std::vector<DataCase> cases = {
      {"SQL in order_id", Order([&](Json& o) { o["order_id"] = sql; }), "scheduled"},
      {"SQL in the e-mail", Order([&](Json& o) {
         o["order_id"] = "2";
         o["email"] = "x@example.com' OR '1'='1";
       }),
       "rejected"},
      {"SQL in names", Order([&](Json& o) {
         o["order_id"] = "3";
         o["billingAddress"]["firstname"] = sql;
         o["billingAddress"]["lastname"] = "\" OR 1=1; --";
       }),
       "scheduled"},
      {"<script> in names", Order([](Json& o) {
         o["order_id"] = "4";
         o["billingAddress"]["firstname"] = "<script>alert(1)</script>";
       }),
       "scheduled"},
      {"CRLF in a name", Order([](Json& o) {
         o["order_id"] = "5";
         o["billingAddress"]["lastname"] = "Kowalski\r\nBcc: all@example.com";
       }),
       "rejected"},
      {"NUL escaped in a name", Order([](Json& o) {
         o["order_id"] = "6";
         o["billingAddress"]["firstname"] = WithNul("Jan", "");
       }),
       "rejected"},
      {"CRLF in the status name", Order([](Json& o) {
         o["order_id"] = "7";
         o["status"]["name"] = "wysłana\r\nX-Injected: 1";
       }),
       "scheduled"},
  };
  for (const DataCase& c : cases) {
    SCOPED_TRACE(c.what);
    absl::StatusOr<HttpResponse> response = Post(path, ShoperHeaders(), c.body);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(response->status, 200) << response->body;
    EXPECT_EQ(Json::parse(response->body, nullptr, false).value("outcome", ""), c.outcome)
        << response->body;
    EXPECT_EQ(response->headers.count("x-injected"), 0u);
    ExpectUp(c.what);
  }
  // The SQL was data: the tables are all there and hold it verbatim.
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), 4);
  EXPECT_EQ(database_->QueryInt(absl::StrCat("SELECT COUNT(*) FROM invitations WHERE order_id = ",
                                             "'1''); DROP TABLE invitations; --'")),
            1);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"),
            static_cast<long long>(cases.size()));
}

}  // namespace
}  // namespace opinus::testing
