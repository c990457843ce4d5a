// The whole path with real processes: opinus-server on a real MariaDB,
// opinus-gateway in front of it, Shoper's webhook over real HTTP, and the
// opinus CLI as an operator uses it.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/child_process.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/test_database.h"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/test_address_hasher.h"

namespace opinus::testing {
namespace {

using Json = nlohmann::json;

std::string ReadTestData(const std::string& name) {
  return ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/", name));
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

  // StartServer starts opinus-server on `db` (the test database when empty),
  // without a dispatcher: these tests watch invitations stay scheduled.
  void StartServer(const std::string& db = "") {
    absl::StatusOr<RunningService> server = StartCoreServer(
        db.empty() ? database_->connect_string() : db,
        absl::StrCat(log_prefix_, "-server-", server_starts_++, ".log"), {"--dispatch=false"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server->process);
    grpc_port_ = server->port;
  }

  void StartGateway() {
    absl::StatusOr<RunningService> gateway = opinus::testing::StartGateway(
        grpc_port_, absl::StrCat(log_prefix_, "-gateway-", gateway_starts_++, ".log"));
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = std::move(gateway->process);
    http_port_ = gateway->port;
  }

  // OperatorCommand returns `opinus` aimed at the core with the operator's token.
  std::vector<std::string> OperatorCommand() const {
    return {BinaryPath("opinus"), absl::StrCat("--server=127.0.0.1:", grpc_port_),
            absl::StrCat("--token-file=", GetTestTokens().operator_token_file)};
  }

  // Cli runs `opinus --json ARGS...` as the operator and returns its parsed output.
  Json Cli(std::vector<std::string> args) {
    std::vector<std::string> argv = OperatorCommand();
    argv.push_back("--json");
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

  // ReadyStatus returns the gateway's GET /readyz status code, which follows
  // the core's health service.
  int ReadyStatus() {
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(static_cast<uint16_t>(http_port_), "GET", "/readyz", {}, "");
    return response.ok() ? response->status : 0;
  }

  // WaitForReadyStatus polls /readyz for up to 10 s until it answers `status`.
  bool WaitForReadyStatus(int status) {
    for (int i = 0; i < 100; ++i) {
      if (ReadyStatus() == status) return true;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return false;
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

  // An operator may still send it, on purpose: due at once, and logged.
  const std::string id = cancelled["invitations"][0]["id"].get<std::string>();
  Json resent = Cli({"invitations", "resend", "--invitation", id, "--reason", "buyer asked"});
  EXPECT_EQ(resent["state"], "INVITATION_STATE_SCHEDULED") << resent.dump();
  EXPECT_EQ(resent["stateReason"], "buyer asked");
  EXPECT_EQ(database_->QueryInt(absl::StrCat(
                "SELECT COUNT(*) FROM invitation_transitions WHERE invitation_id = ", id,
                " AND from_state = 'cancelled' AND to_state = 'scheduled'")),
            1);
  std::vector<std::string> resend_again = OperatorCommand();
  resend_again.insert(resend_again.end(), {"invitations", "resend", "--invitation", id});
  CommandResult again = RunCommand(resend_again);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("FAILED_PRECONDITION"), std::string::npos) << again.err;
}

TEST_F(EndToEndTest, OperatorsKeepTheSuppressionListsWithTheCli) {
  Json shop = Cli({"shop", "create", "--name", "Sklep", "--domain", "sklep1.shoparena.pl",
                   "--owner-email", "owner@example.com"});
  const std::string shop_id = shop["id"].get<std::string>();
  Json added = Cli({"suppressions", "add", "--shop", shop_id, "--email", " Jan@Example.COM ",
                    "--reason", "asked by phone"});
  // Kept only as the keyed hash of the normalised address.
  EXPECT_EQ(added["emailHash"], TestEmailHashHex("jan@example.com")) << added.dump();
  EXPECT_FALSE(added.contains("email")) << added.dump();
  EXPECT_EQ(added["source"], "operator");
  Cli({"suppressions", "add", "--shop", "all", "--email", "ewa@example.com"});

  Json own = Cli({"suppressions", "list", "--shop", shop_id});
  ASSERT_EQ(own["suppressions"].size(), 1u) << own.dump();
  EXPECT_EQ(own["suppressions"][0]["reason"], "asked by phone");
  Json all = Cli({"suppressions", "list", "--shop", "all"});
  ASSERT_EQ(all["suppressions"].size(), 1u) << all.dump();
  EXPECT_EQ(all["suppressions"][0]["emailHash"], TestEmailHashHex("ewa@example.com"));

  Cli({"suppressions", "remove", "--shop", shop_id, "--email", "JAN@example.com"});
  EXPECT_EQ(Cli({"suppressions", "list", "--shop", shop_id})["suppressions"].size(), 0u);

  std::vector<std::string> bad = OperatorCommand();
  bad.insert(bad.end(), {"suppressions", "add", "--shop", shop_id, "--email", "not-an-address"});
  CommandResult refused = RunCommand(bad);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("email: not an e-mail address"), std::string::npos) << refused.err;

  Json settings = Cli({"settings", "set", "--shop", shop_id, "--reminder-days", "5"});
  EXPECT_EQ(settings["reminderDays"], 5) << settings.dump();
  std::vector<std::string> too_soon = OperatorCommand();
  too_soon.insert(too_soon.end(), {"settings", "set", "--shop", shop_id, "--reminder-days", "1"});
  CommandResult rejected = RunCommand(too_soon);
  EXPECT_EQ(rejected.exit_code, 1);
  EXPECT_NE(rejected.err.find("reminder_days"), std::string::npos) << rejected.err;
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
  EXPECT_EQ(PostWebhook(key, "order", "text/plain").status, 415);
  // XML to a shop's key is logged for its owner (OwnerPanelTest); to no
  // shop's, nowhere.
  EXPECT_EQ(PostWebhook("AAAAAAAAAAAAAAAAAAAA", "<order/>", "text/xml").status, 404);
  EXPECT_EQ(PostWebhook(key, std::string(1536 * 1024, ' ')).status, 413);

  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"), 0);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), 0);
}

TEST_F(EndToEndTest, RotatedKeyWorksUntilItsGraceEndsAndKeysAndTokensNeverReachTheLogs) {
  Json shop = Cli({"shop", "create", "--name", "Sklep", "--domain", "sklep3.shoparena.pl",
                   "--owner-email", "owner@example.com"});
  const std::string id = shop["id"].get<std::string>();
  const std::string old_key = shop["webhookKey"].get<std::string>();
  const std::string shipped = ReadTestData("shoper-order-status-shipped.json");
  EXPECT_EQ(PostWebhook(old_key, shipped).status, 200);

  Json rotated = Cli({"shop", "rotate-key", "--shop", id});
  const std::string new_key = rotated["webhookKey"].get<std::string>();
  EXPECT_NE(new_key, old_key);
  EXPECT_EQ(rotated["previousWebhookKey"], old_key) << rotated;
  EXPECT_TRUE(rotated.contains("previousWebhookKeyExpireTime")) << rotated;
  // Shoper still delivers to the old URL until the owner pastes the new one.
  EXPECT_EQ(PostWebhook(old_key, shipped).status, 200);
  EXPECT_EQ(PostWebhook(new_key, shipped).status, 200);
  Json events = Cli({"events", "list", "--shop", id});
  ASSERT_EQ(events["events"].size(), 3u) << events;
  EXPECT_EQ(events["events"][0]["keyUsed"], "WEBHOOK_KEY_USED_CURRENT") << events;
  EXPECT_EQ(events["events"][1]["keyUsed"], "WEBHOOK_KEY_USED_PREVIOUS") << events;

  Json ended = Cli({"shop", "end-key-grace", "--shop", id});
  EXPECT_EQ(ended.value("previousWebhookKey", ""), "") << ended;
  EXPECT_EQ(PostWebhook(old_key, shipped).status, 404);
  EXPECT_EQ(PostWebhook(new_key, shipped).status, 200);

  // A refused call is logged with its token redacted.
  CommandResult refused = RunCommand(
      {BinaryPath("opinus"), absl::StrCat("--server=127.0.0.1:", grpc_port_),
       absl::StrCat("--token-file=", GetTestTokens().gateway_token_file), "shop", "list"});
  EXPECT_NE(refused.err.find("PERMISSION_DENIED"), std::string::npos) << refused.err;
  EXPECT_TRUE(server_->WaitForLog("rpc_refused").ok()) << server_->Log();

  const TestTokens& tokens = GetTestTokens();
  for (const std::string& log : {gateway_->Log(), server_->Log()}) {
    EXPECT_EQ(log.find(old_key), std::string::npos) << log;
    EXPECT_EQ(log.find(new_key), std::string::npos) << log;
    for (const std::string& token :
         {tokens.operator_token, tokens.gateway_token, tokens.readonly_token}) {
      EXPECT_EQ(log.find(token), std::string::npos) << log;
    }
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

TEST_F(EndToEndTest, WithAWebhookSecretOnlySignedDeliveriesGetIn) {
  Json shop = Cli({"shop", "create", "--name", "Sklep", "--domain", "sklep6.shoparena.pl",
                   "--owner-email", "owner@example.com"});
  const std::string shop_id = shop["id"].get<std::string>();
  const std::string key = shop["webhookKey"].get<std::string>();
  Json settings = Cli({"settings", "set", "--shop", shop_id, "--webhook-secret", "test-klucz-123"});
  EXPECT_EQ(settings["webhookSecretSet"], true) << settings.dump();
  EXPECT_EQ(settings["webhookSecret"], "") << "the secret must never leave the core";

  // The reference delivery: the sample's exact bytes with Shoper's headers.
  const std::string body = ReadTestData("shoper-order-status-shipped.json");
  const Json sample = Json::parse(ReadTestData("shoper-order-status-shipped.headers.json"));
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : sample["headers"].items()) {
    headers.emplace_back(name, value.get<std::string>());
  }
  auto post = [&](const std::string& bytes, bool signed_delivery) {
    std::vector<std::pair<std::string, std::string>> sent;
    for (const auto& header : headers) {
      if (signed_delivery || header.first != "X-Webhook-Sha1") sent.push_back(header);
    }
    absl::StatusOr<HttpResponse> response = SendHttpRequest(
        static_cast<uint16_t>(http_port_), "POST", absl::StrCat("/api/", key), sent, bytes);
    return response.ok() ? response->status : 0;
  };

  EXPECT_EQ(post(body, /*signed_delivery=*/false), 401);
  std::string tampered = body;
  tampered.replace(tampered.find("jan.kowalski"), 3, "eve");
  EXPECT_EQ(post(tampered, true), 401);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM order_events"), 0);

  EXPECT_EQ(post(body, true), 200);
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), 1);

  // An empty secret goes back to the key alone.
  Cli({"settings", "set", "--shop", shop_id, "--webhook-secret", ""});
  EXPECT_EQ(post(tampered, false), 200);
}

TEST_F(EndToEndTest, DatabaseOutageAnswers503AndRecoversWithoutRestart) {
  absl::StatusOr<std::unique_ptr<TcpProxy>> proxy =
      TcpProxy::Start(static_cast<uint16_t>(database_->port()));
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  server_->Stop();
  StartServer(database_->ConnectStringVia((*proxy)->port()));
  gateway_->Stop();
  StartGateway();

  Json shop = Cli({"shop", "create", "--name", "Sklep", "--domain", "sklep5.shoparena.pl",
                   "--owner-email", "owner@example.com"});
  const std::string key = shop["webhookKey"].get<std::string>();
  Json order = Json::parse(ReadTestData("shoper-order-status-shipped.json"));
  EXPECT_EQ(PostWebhook(key, order.dump()).status, 200);

  EXPECT_EQ(ReadyStatus(), 200);

  (*proxy)->Cut();
  EXPECT_TRUE(WaitForReadyStatus(503)) << "health never turned NOT_SERVING\n" << server_->Log();
  order["order_id"] = "2001";
  HttpResponse during = PostWebhook(key, order.dump());
  EXPECT_EQ(during.status, 503) << during.body;
  std::vector<std::string> get = OperatorCommand();
  get.insert(get.end(), {"shop", "get", "--shop", shop["id"].get<std::string>()});
  CommandResult cli = RunCommand(get);
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_NE(cli.err.find("UNAVAILABLE"), std::string::npos) << cli.err;

  (*proxy)->Restore();
  EXPECT_TRUE(WaitForReadyStatus(200)) << "health never came back\n" << server_->Log();
  HttpResponse after = PostWebhook(key, order.dump());
  EXPECT_EQ(after.status, 200) << after.body << server_->Log();
  EXPECT_EQ(Json::parse(after.body)["outcome"], "scheduled") << after.body;
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), 2);
  // The server lived through it.
  EXPECT_EQ(server_->Stop(), 0) << server_->Log();
}

}  // namespace
}  // namespace opinus::testing
