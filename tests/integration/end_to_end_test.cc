// The whole path with real processes: opinus-server on a real MariaDB,
// opinus-gateway in front of it, Shoper's webhook over real HTTP, and the
// opinus CLI as an operator uses it.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/child_process.h"
#include "tests/integration/test_database.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

using Json = nlohmann::json;

std::string ReadTestData(const std::string& name) {
  std::ifstream file(absl::StrCat(OPINUS_TESTDATA_DIR, "/", name), std::ios::binary);
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

// ListeningPort reads "address=HOST:PORT" from the line that `event` starts.
int ListeningPort(const std::string& log, const std::string& event) {
  const size_t line = log.find(event);
  const size_t address = log.find("address=", line);
  const size_t colon = log.find(':', address);
  const size_t end = log.find_first_of(" \n", colon);
  int port = 0;
  EXPECT_TRUE(absl::SimpleAtoi(log.substr(colon + 1, end - colon - 1), &port)) << log;
  return port;
}

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("e2e");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    log_prefix_ = absl::StrCat(::testing::TempDir(), "/e2e-",
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    StartServer();
    StartGateway();
  }

  void StartServer() {
    absl::StatusOr<ChildProcess> server =
        // No dispatcher: these tests watch invitations stay as scheduled.
        ChildProcess::Start(
            {BinaryPath("opinus-server"), "--listen=127.0.0.1:0", "--dispatch=false",
             absl::StrCat("--db=", database_->connect_string())},
            absl::StrCat(log_prefix_, "-server-", server_starts_++, ".log"));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::make_unique<ChildProcess>(*std::move(server));
    absl::StatusOr<std::string> log = server_->WaitForLog("server_listening");
    ASSERT_TRUE(log.ok()) << log.status();
    grpc_port_ = ListeningPort(*log, "server_listening");
  }

  void StartGateway() {
    absl::StatusOr<ChildProcess> gateway =
        ChildProcess::Start({BinaryPath("opinus-gateway"), "--listen=127.0.0.1:0",
                             absl::StrCat("--server=127.0.0.1:", grpc_port_)},
                            absl::StrCat(log_prefix_, "-gateway-", gateway_starts_++, ".log"));
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = std::make_unique<ChildProcess>(*std::move(gateway));
    absl::StatusOr<std::string> log = gateway_->WaitForLog("gateway_listening");
    ASSERT_TRUE(log.ok()) << log.status();
    http_port_ = ListeningPort(*log, "gateway_listening");
  }

  // Cli runs `opinus --json ARGS...` and returns its parsed output.
  Json Cli(std::vector<std::string> args) {
    std::vector<std::string> argv = {BinaryPath("opinus"),
                                     absl::StrCat("--server=127.0.0.1:", grpc_port_), "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult result = RunCommand(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return Json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  }

  HttpResponse PostWebhook(const std::string& key, const std::string& body,
                           const std::string& content_type = "application/json; charset=utf-8") {
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(static_cast<uint16_t>(http_port_), "POST", absl::StrCat("/api/", key),
                        {{"Content-Type", content_type},
                         {"User-Agent", "Shop Webhook Sender 5.26.54"},
                         {"X-Shop-Domain", "sklep123456.shoparena.pl"},
                         {"X-Webhook-Id", "12"},
                         {"X-Webhook-Name", "order.status"}},
                        body);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpResponse{};
  }

  std::unique_ptr<TestDatabase> database_;
  std::string log_prefix_;
  int server_starts_ = 0;
  int gateway_starts_ = 0;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<ChildProcess> gateway_;
  int grpc_port_ = 0;
  int http_port_ = 0;
};

TEST_F(EndToEndTest, ShoperWebhookSchedulesOneInvitationThatTheCliShows) {
  Json shop = Cli({"shop", "create", "--name", "Ceramika Kowalski", "--domain",
                   "sklep123456.shoparena.pl", "--owner-email", "owner@example.com"});
  const std::string shop_id = shop["id"].get<std::string>();
  const std::string key = shop["webhookKey"].get<std::string>();
  ASSERT_EQ(key.size(), 20u);

  const std::string shipped = ReadTestData("shoper-order-status-shipped.json");
  HttpResponse first = PostWebhook(key, shipped);
  EXPECT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Json::parse(first.body)["outcome"], "scheduled") << first.body;
  HttpResponse again = PostWebhook(key, shipped);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Json::parse(again.body)["outcome"], "duplicate") << again.body;

  Json listed = Cli({"invitations", "list", "--shop", shop_id});
  ASSERT_EQ(listed["invitations"].size(), 1u) << listed.dump();
  const Json& invitation = listed["invitations"][0];
  EXPECT_EQ(invitation["orderId"], "1043");
  EXPECT_EQ(invitation["customerEmail"], "jan.kowalski@example.com");
  EXPECT_EQ(invitation["state"], "INVITATION_STATE_SCHEDULED");
  // status_date 2024-05-08 09:12:05 in Warsaw (UTC+2) + the default 7 days.
  EXPECT_EQ(invitation["sendTime"], "2024-05-15T07:12:05Z");

  // A new delay re-plans what is still scheduled.
  Cli({"settings", "set", "--shop", shop_id, "--delay-days", "3"});
  Json replanned = Cli({"invitations", "get", "--invitation", invitation["id"].get<std::string>()});
  EXPECT_EQ(replanned["sendTime"], "2024-05-11T07:12:05Z");
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"), 2);
}

TEST_F(EndToEndTest, CancelledOrderCancelsItsInvitation) {
  Json shop = Cli({"shop", "create", "--name", "Sklep", "--domain", "sklep1.shoparena.pl",
                   "--owner-email", "owner@example.com"});
  const std::string key = shop["webhookKey"].get<std::string>();
  Json cancelled_body = Json::parse(ReadTestData("shoper-order-cancelled.json"));
  Json shipped_body = cancelled_body;
  shipped_body["status_id"] = "7";
  shipped_body["status"]["status_id"] = "7";
  shipped_body["status"]["type"] = "3";
  shipped_body["status_date"] = "2024-05-08 09:00:00";
  cancelled_body["status_date"] = "2024-05-09 09:00:00";

  EXPECT_EQ(Json::parse(PostWebhook(key, shipped_body.dump()).body)["outcome"], "scheduled");
  HttpResponse cancel = PostWebhook(key, cancelled_body.dump());
  EXPECT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(Json::parse(cancel.body)["outcome"], "cancelled") << cancel.body;

  Json cancelled =
      Cli({"invitations", "list", "--shop", shop["id"].get<std::string>(), "--state", "cancelled"});
  ASSERT_EQ(cancelled["invitations"].size(), 1u) << cancelled.dump();
  EXPECT_NE(cancelled["invitations"][0]["stateReason"].get<std::string>().find("not realised"),
            std::string::npos);
}

TEST_F(EndToEndTest, BadRequestsGetClearAnswersAndStoreNothing) {
  Json shop = Cli({"shop", "create", "--name", "Sklep", "--domain", "sklep2.shoparena.pl",
                   "--owner-email", "owner@example.com"});
  const std::string key = shop["webhookKey"].get<std::string>();
  const std::string shipped = ReadTestData("shoper-order-status-shipped.json");

  HttpResponse unknown = PostWebhook("AAAAAAAAAAAAAAAAAAAA", shipped);
  EXPECT_EQ(unknown.status, 404);
  HttpResponse malformed_key = PostWebhook("short", shipped);
  EXPECT_EQ(malformed_key.status, 404);
  EXPECT_EQ(unknown.body, malformed_key.body);

  HttpResponse malformed = PostWebhook(key, "{\"order_id\": ");
  EXPECT_EQ(malformed.status, 400);
  Json missing_email = Json::parse(ReadTestData("shoper-order-missing-email.json"));
  HttpResponse no_email = PostWebhook(key, missing_email.dump());
  EXPECT_EQ(no_email.status, 400);
  EXPECT_NE(no_email.body.find("email"), std::string::npos) << no_email.body;
  EXPECT_EQ(PostWebhook(key, "<order/>", "text/xml").status, 415);
  EXPECT_EQ(PostWebhook(key, std::string(1536 * 1024, ' ')).status, 413);

  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"), 0);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), 0);
}

TEST_F(EndToEndTest, RotatedKeyStopsTheOldOneAndKeysNeverReachTheLogs) {
  Json shop = Cli({"shop", "create", "--name", "Sklep", "--domain", "sklep3.shoparena.pl",
                   "--owner-email", "owner@example.com"});
  const std::string old_key = shop["webhookKey"].get<std::string>();
  const std::string shipped = ReadTestData("shoper-order-status-shipped.json");
  EXPECT_EQ(PostWebhook(old_key, shipped).status, 200);

  Json rotated = Cli({"shop", "rotate-key", "--shop", shop["id"].get<std::string>()});
  const std::string new_key = rotated["webhookKey"].get<std::string>();
  EXPECT_NE(new_key, old_key);
  EXPECT_EQ(PostWebhook(old_key, shipped).status, 404);
  EXPECT_EQ(PostWebhook(new_key, shipped).status, 200);

  for (const std::string& log : {gateway_->Log(), server_->Log()}) {
    EXPECT_EQ(log.find(old_key), std::string::npos) << log;
    EXPECT_EQ(log.find(new_key), std::string::npos) << log;
  }
}

TEST_F(EndToEndTest, CoreDownMeansRetryAndRestartKeepsData) {
  Json shop = Cli({"shop", "create", "--name", "Sklep", "--domain", "sklep4.shoparena.pl",
                   "--owner-email", "owner@example.com"});
  const std::string key = shop["webhookKey"].get<std::string>();
  const std::string shipped = ReadTestData("shoper-order-status-shipped.json");

  EXPECT_EQ(server_->Stop(), 0) << server_->Log();
  HttpResponse down = PostWebhook(key, shipped);
  EXPECT_EQ(down.status, 503) << down.body;

  // The same database again: migrations find nothing to do, the shop is there.
  StartServer();
  EXPECT_NE(server_->Log().find("migrations_applied=0"), std::string::npos) << server_->Log();
  gateway_->Stop();
  StartGateway();
  HttpResponse up = PostWebhook(key, shipped);
  EXPECT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(Json::parse(up.body)["outcome"], "scheduled") << up.body;
}

}  // namespace
}  // namespace opinus::testing
