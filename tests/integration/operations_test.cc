// Operating both services: Prometheus metrics of the gateway and the core
// after a real webhook, one request id in both processes' logs, buyers'
// addresses masked in logs, and a gateway stopped by SIGTERM under load.
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/child_process.h"
#include "tests/integration/opinus_processes.h"
#include "tests/integration/test_database.h"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

using Json = nlohmann::json;

constexpr char kBuyerLocalPart[] = "jan.kowalski";

std::string Sample() {
  return ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json"));
}

// SampleValue returns the value of the series `series` (name and labels,
// exactly as exposed) in the exposition `text`; -1 when it is not there.
double SampleValue(const std::string& text, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!absl::ConsumePrefix(&line, series) || !absl::ConsumePrefix(&line, " ")) continue;
    double value = 0;
    if (absl::SimpleAtod(line, &value)) return value;
  }
  return -1;
}

// MetricsPort reads the core's metrics port from "metrics=HOST:PORT".
int MetricsPort(const std::string& log) {
  const size_t field = log.find(" metrics=");
  const size_t colon = log.find(':', field);
  const size_t end = log.find_first_of(" \n", colon);
  int port = 0;
  if (field == std::string::npos ||
      !absl::SimpleAtoi(log.substr(colon + 1, end - colon - 1), &port)) {
    return 0;
  }
  return port;
}

// SendAndHangUp connects to 127.0.0.1:`port`, sends `request` whole and
// closes the connection without reading an answer.
void SendAndHangUp(int port, const std::string& request) {
  const int fd = ConnectToLoopback(static_cast<uint16_t>(port));
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  close(fd);
}

class OperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("operations");
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    log_prefix_ = absl::StrCat(::testing::TempDir(), "/operations-",
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  void Start(std::vector<std::string> server_flags, std::vector<std::string> gateway_flags = {}) {
    absl::StatusOr<RunningService> server = StartCoreServer(
        database_->connect_string(), log_prefix_ + "-server.log", std::move(server_flags));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server->process);
    grpc_port_ = server->port;
    absl::StatusOr<RunningService> gateway =
        StartGateway(grpc_port_, log_prefix_ + "-gateway.log", std::move(gateway_flags));
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = std::move(gateway->process);
    http_port_ = gateway->port;
  }

  // Cli runs `opinus --json ARGS...` as the operator and returns its output.
  Json Cli(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {
        BinaryPath("opinus"), absl::StrCat("--server=127.0.0.1:", grpc_port_),
        absl::StrCat("--token-file=", GetTestTokens().operator_token_file), "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult result = RunCommand(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return Json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  }

  // CreateShop returns the webhook key of a new shop that may be mailed at any hour.
  std::string CreateShop() {
    Json shop = Cli({"shop", "create", "--name", "Sklep", "--domain", "sklep.shoparena.pl",
                     "--owner-email", "owner@example.com"});
    Cli({"settings", "set", "--shop", shop["id"].get<std::string>(), "--sending-hours", "0-24"});
    return shop["webhookKey"].get<std::string>();
  }

  absl::StatusOr<HttpResponse> PostWebhook(const std::string& key, const std::string& body) {
    return SendHttpRequest(
        static_cast<uint16_t>(http_port_), "POST", absl::StrCat("/api/", key),
        {{"Content-Type", "application/json"}, {"X-Webhook-Name", "order.status"}}, body);
  }

  std::string Scrape(int port) {
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(static_cast<uint16_t>(port), "GET", "/metrics", {}, "");
    EXPECT_TRUE(response.ok()) << response.status();
    if (!response.ok()) return "";
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    return response->body;
  }

  std::unique_ptr<TestDatabase> database_;
  std::string log_prefix_;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<ChildProcess> gateway_;
  int grpc_port_ = 0;
  int http_port_ = 0;
};

TEST_F(OperationsTest, AWebhookMovesBothProcessesMetricsAndIsLoggedUnderOneRequestId) {
  // Port 1 refuses connections: the dispatcher's attempt fails for now, and
  // is counted as such.
  ASSERT_NO_FATAL_FAILURE(Start({"--metrics-listen=127.0.0.1:0", "--smtp_url=smtp://127.0.0.1:1",
                                 "--dispatch_interval=100ms"}));
  const int core_metrics_port = MetricsPort(server_->Log());
  ASSERT_NE(core_metrics_port, 0) << server_->Log();
  const std::string key = CreateShop();

  absl::StatusOr<HttpResponse> scheduled = PostWebhook(key, Sample());
  ASSERT_TRUE(scheduled.ok()) << scheduled.status();
  ASSERT_EQ(scheduled->status, 200) << scheduled->body;
  const std::string request_id = scheduled->headers["x-request-id"];
  ASSERT_EQ(request_id.size(), 16u);
  // A second order whose address the core rejects: the reason it gives
  // (logged by the gateway) quotes the address.
  Json bad = Json::parse(Sample());
  bad["order_id"] = "1044";
  bad["email"] = absl::StrCat(kBuyerLocalPart, "@@example.com");
  absl::StatusOr<HttpResponse> rejected = PostWebhook(key, bad.dump());
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(Json::parse(rejected->body)["outcome"], "rejected") << rejected->body;

  const std::string gateway = Scrape(http_port_);
  EXPECT_EQ(
      SampleValue(gateway, R"(opinus_gateway_http_requests_total{route="/api/{key}",code="200"})"),
      2)
      << gateway;
  EXPECT_EQ(SampleValue(gateway, R"(opinus_gateway_webhooks_total{outcome="scheduled"})"), 1);
  EXPECT_EQ(SampleValue(gateway, R"(opinus_gateway_webhooks_total{outcome="rejected"})"), 1);
  EXPECT_EQ(
      SampleValue(gateway,
                  R"(opinus_gateway_http_request_duration_seconds_count{route="/api/{key}"})"),
      2);
  EXPECT_TRUE(absl::StrContains(gateway,
                                "# TYPE opinus_gateway_http_request_duration_seconds "
                                "histogram\n"));

  // The dispatcher claims the due invitation within a round or two.
  std::string core;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  do {
    absl::SleepFor(absl::Milliseconds(200));
    core = Scrape(core_metrics_port);
  } while (SampleValue(core, R"(opinus_dispatch_mails_total{result="temporary_failure"})") < 1 &&
           absl::Now() < deadline);
  EXPECT_GE(SampleValue(core, R"(opinus_dispatch_mails_total{result="temporary_failure"})"), 1)
      << core << server_->Log();
  EXPECT_GE(SampleValue(core, "opinus_smtp_duration_seconds_count"), 1);
  const std::string record = R"(method="opinus.v1.OrderEventService/RecordOrderEvent")";
  EXPECT_EQ(SampleValue(core, absl::StrCat("opinus_rpc_requests_total{", record, R"(,code="OK"})")),
            2)
      << core;
  EXPECT_EQ(SampleValue(core, absl::StrCat("opinus_rpc_duration_seconds_count{", record, "}")), 2);
  EXPECT_GT(SampleValue(core, "opinus_db_pool_wait_seconds_count"), 0);
  EXPECT_EQ(SampleValue(core, "opinus_db_pool_timeouts_total"), 0);
  // One invitation, scheduled or being sent; the gauge lists every state.
  EXPECT_EQ(SampleValue(core, R"(opinus_invitations{state="scheduled"})") +
                SampleValue(core, R"(opinus_invitations{state="sending"})"),
            1)
      << core;
  EXPECT_EQ(SampleValue(core, R"(opinus_invitations{state="sent"})"), 0);

  // The gateway's id reached the core with the call and is on its line.
  const std::string gateway_log = gateway_->Log();
  const std::string server_log = server_->Log();
  EXPECT_TRUE(absl::StrContains(gateway_log, absl::StrCat("request_id=", request_id)))
      << gateway_log;
  EXPECT_TRUE(absl::StrContains(
      server_log, absl::StrCat("rpc method=opinus.v1.OrderEventService/RecordOrderEvent code=OK")))
      << server_log;
  EXPECT_TRUE(absl::StrContains(server_log, absl::StrCat("request_id=", request_id))) << server_log;

  // Nobody's address in either log, in full.
  EXPECT_TRUE(absl::StrContains(gateway_log, "***@@example.com")) << gateway_log;
  for (const std::string& log : {gateway_log, server_log}) {
    EXPECT_FALSE(absl::StrContains(log, kBuyerLocalPart)) << log;
  }
}

TEST_F(OperationsTest, CoreMetricsListenerAnswersOnlyGetMetrics) {
  ASSERT_NO_FATAL_FAILURE(Start({"--metrics-listen=127.0.0.1:0", "--dispatch=false"}));
  const int port = MetricsPort(server_->Log());
  ASSERT_NE(port, 0) << server_->Log();
  absl::StatusOr<HttpResponse> other =
      SendHttpRequest(static_cast<uint16_t>(port), "GET", "/", {}, "");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->status, 404);
  absl::StatusOr<HttpResponse> post =
      SendHttpRequest(static_cast<uint16_t>(port), "POST", "/metrics", {}, "");
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->status, 405);
  EXPECT_TRUE(absl::StrContains(Scrape(port), "# TYPE opinus_rpc_requests_total counter\n"));
}

// A client that sends its request a byte at a time, each within the old
// per-read timeout, must not hold the listener's only thread for longer than
// the whole exchange may take (2 s): it is cut off, and the next scrape works.
TEST_F(OperationsTest, CoreMetricsListenerCutsOffAClientThatTricklesItsRequest) {
  ASSERT_NO_FATAL_FAILURE(Start({"--metrics-listen=127.0.0.1:0", "--dispatch=false"}));
  const int port = MetricsPort(server_->Log());
  ASSERT_NE(port, 0) << server_->Log();
  const int fd = ConnectToLoopback(static_cast<uint16_t>(port));
  ASSERT_GE(fd, 0);
  // 10 bytes, 500 ms apart: 5 s in all, each gap well inside 2 s.
  int sent = 0;
  for (; sent < 10; ++sent) {
    if (send(fd, "G", 1, MSG_NOSIGNAL) != 1) break;
    absl::SleepFor(absl::Milliseconds(500));
    char byte = 0;
    // The listener closing the connection shows as end of file.
    if (recv(fd, &byte, 1, MSG_DONTWAIT) == 0) break;
  }
  close(fd);
  EXPECT_LT(sent, 10) << "the trickling client kept the listener for 5 s";
  EXPECT_TRUE(absl::StrContains(Scrape(port), "opinus_rpc_requests_total"));
}

// Outcome of one webhook sent while the gateway stops.
enum class Delivery { kAnswered, kRefused, kUnanswered, kBroken };

TEST_F(OperationsTest, SigtermDuringWebhooksLeavesNoAnswerCutShort) {
  ASSERT_NO_FATAL_FAILURE(Start({"--dispatch=false"}, {"--threads=4", "--shutdown_grace=20s"}));
  const std::string key = CreateShop();
  const Json sample = Json::parse(Sample());

  // Four senders, at most 150 webhooks each, each a new order.
  constexpr int kSenders = 4;
  constexpr int kPerSender = 150;
  absl::Mutex mutex;
  std::vector<std::string> broken;
  int answered_200 = 0;
  std::atomic<int> answered{0};
  std::atomic<bool> gone{false};
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      for (int i = 0; i < kPerSender && !gone.load(); ++i) {
        Json order = sample;
        order["order_id"] = absl::StrCat("load-", s, "-", i);
        absl::StatusOr<HttpResponse> response = PostWebhook(key, order.dump());
        absl::MutexLock lock(&mutex);
        if (response.ok()) {
          const Json body = Json::parse(response->body, nullptr, /*allow_exceptions=*/false);
          if (body.is_discarded() || (response->status != 200 && response->status != 503)) {
            broken.push_back(absl::StrCat(response->status, " ", response->body));
          } else if (response->status == 200) {
            ++answered_200;
          }
          ++answered;
        } else if (absl::IsUnavailable(response.status())) {
          gone = true;  // Connection refused: the gateway has exited.
        } else if (!absl::StrContains(response.status().message(), "after 0 bytes")) {
          // Anything but a connection closed before a single byte is a
          // broken answer: a cut body, a garbled head, a hang.
          broken.push_back(response.status().ToString());
        }
      }
    });
  }
  // Stop the gateway once the load is well under way.
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (answered.load() < 40 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(20));
  EXPECT_EQ(gateway_->Stop(absl::Seconds(30)), 0) << gateway_->Log();
  gone = true;
  for (std::thread& sender : senders) sender.join();

  EXPECT_TRUE(broken.empty()) << broken.size() << " broken, first: " << broken.front();
  EXPECT_GE(answered.load(), 40);
  // Every webhook the core recorded was answered: none lost its answer in
  // the shutdown.
  EXPECT_EQ(database_->QueryInt("SELECT COUNT(*) FROM invitations"), answered_200);
  EXPECT_TRUE(absl::StrContains(gateway_->Log(), "gateway_stopped")) << gateway_->Log();
}

// Clients that hang up while the gateway waits on the core: their answers
// find no one to write to. Nothing of theirs may stay counted in flight, or
// every later SIGTERM waits out the whole grace for work that has ended.
TEST_F(OperationsTest, SigtermAfterClientsHungUpMidRequestDoesNotWaitOutTheGrace) {
  ASSERT_NO_FATAL_FAILURE(Start({"--dispatch=false"},
                                {"--threads=4", "--shutdown_grace=20s", "--rpc_timeout_ms=20000"}));
  const std::string key = CreateShop();
  const std::string body = Sample();
  const std::string request =
      absl::StrCat("POST /api/", key, " HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                   "Content-Type: application/json\r\nX-Webhook-Name: order.status\r\n",
                   "Content-Length: ", body.size(), "\r\n\r\n", body);

  // The core paused: the gateway's handlers wait on it while their clients go.
  constexpr int kClients = 4;
  server_->Signal(SIGSTOP);
  for (int i = 0; i < kClients; ++i) ASSERT_NO_FATAL_FAILURE(SendAndHangUp(http_port_, request));
  absl::SleepFor(absl::Milliseconds(500));
  server_->Signal(SIGCONT);
  // Each answer is logged just before it is written to its gone client.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    const std::string log = gateway_->Log();
    int answered = 0;
    for (absl::string_view line : absl::StrSplit(log, '\n')) {
      answered += absl::StrContains(line, "http_request") && absl::StrContains(line, "/api/");
    }
    if (answered >= kClients) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  absl::SleepFor(absl::Milliseconds(200));

  const absl::Time stop_start = absl::Now();
  EXPECT_EQ(gateway_->Stop(absl::Seconds(30)), 0);
  const absl::Duration stopping = absl::Now() - stop_start;
  EXPECT_FALSE(absl::StrContains(gateway_->Log(), "gateway_drain_timeout")) << gateway_->Log();
  // Far below the 20 s grace it would have waited out.
  EXPECT_LT(stopping, absl::Seconds(5)) << gateway_->Log();
}

}  // namespace
}  // namespace opinus::testing
