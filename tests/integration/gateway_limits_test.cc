// The gateway's limits as a client meets them, over real HTTP on loopback:
// slow clients timed out, 429 with Retry-After per key and for unknown-key
// probing. The core is not running: none of this needs it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/integration/opinus_processes.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

constexpr char kKey[] = "abcdefghij0123456789";
// Nothing listens on port 1 of loopback: every call to the core fails fast.
constexpr int kNoCore = 1;

// SlowClient is a raw connection that sends part of a request and stops.
class SlowClient {
 public:
  explicit SlowClient(uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~SlowClient() { close(fd_); }

  bool Send(const std::string& data) {
    return connected_ &&
           send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }

  // WaitForClose reads until the server closes the connection or `timeout`
  // passes; returns whether it closed, with what it sent in `*answer`.
  bool WaitForClose(absl::Duration timeout, std::string* answer) {
    const absl::Time deadline = absl::Now() + timeout;
    char buffer[4096];
    while (absl::Now() < deadline) {
      pollfd poll_fd{fd_, POLLIN, 0};
      const int ready =
          poll(&poll_fd, 1, static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now())));
      if (ready <= 0) continue;
      const ssize_t got = recv(fd_, buffer, sizeof(buffer), 0);
      if (got <= 0) return true;
      answer->append(buffer, static_cast<size_t>(got));
    }
    return false;
  }

 private:
  int fd_;
  bool connected_ = false;
};

class GatewayLimitsTest : public ::testing::Test {
 protected:
  void StartGateway(const std::vector<std::string>& flags) {
    absl::StatusOr<RunningService> gateway = opinus::testing::StartGateway(
        kNoCore,
        absl::StrCat(::testing::TempDir(), "/limits-",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name(), ".log"),
        flags);
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = std::move(gateway->process);
    port_ = static_cast<uint16_t>(gateway->port);
  }

  HttpResponse Post(const std::string& key) {
    absl::StatusOr<HttpResponse> response = SendHttpRequest(
        port_, "POST", absl::StrCat("/api/", key), {{"Content-Type", "application/json"}},
        R"({"order_id":"1","email":"a@example.com","status_id":"7"})");
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : HttpResponse{};
  }

  std::unique_ptr<ChildProcess> gateway_;
  uint16_t port_ = 0;
};

TEST_F(GatewayLimitsTest, SlowAndIdleClientsAreCutOffAndOthersServedMeanwhile) {
  StartGateway({"--header_timeout_ms=1000", "--body_timeout_ms=1000", "--idle_timeout_ms=1000"});
  const std::string start = absl::StrCat("POST /api/", kKey, " HTTP/1.1\r\nHost: x\r\n");
  // Four kinds of slow client, five of each: silent after connecting, never
  // finishing the headers, never finishing the body, idle after a request.
  const std::vector<std::string> openings = {
      "", start, absl::StrCat(start, "Content-Length: 1000\r\n\r\n{\"order_id\":"),
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"};
  std::vector<std::unique_ptr<SlowClient>> slow;
  for (int i = 0; i < 20; ++i) {
    slow.push_back(std::make_unique<SlowClient>(port_));
    const std::string& opening = openings[i % openings.size()];
    if (!opening.empty()) {
      ASSERT_TRUE(slow.back()->Send(opening));
    }
  }
  // The others are served while the slow ones wait.
  const absl::Time before = absl::Now();
  absl::StatusOr<HttpResponse> health = SendHttpRequest(port_, "GET", "/healthz", {}, "");
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(health->status, 200);
  EXPECT_LT(absl::Now() - before, absl::Seconds(5));

  int closed = 0;
  int answered_408 = 0;
  const absl::Time waiting = absl::Now();
  for (auto& client : slow) {
    std::string answer;
    // Timeouts of 1 s, enforced by Pistache's periodic sweep of idle
    // connections: generous room for its period and a loaded machine.
    if (client->WaitForClose(absl::Seconds(30), &answer)) ++closed;
    if (answer.find(" 408 ") != std::string::npos) ++answered_408;
  }
  std::cout << "[limits] " << closed << " of 20 slow or idle connections closed within "
            << absl::FormatDuration(absl::Now() - waiting) << " (" << answered_408
            << " with 408)\n";
  EXPECT_EQ(closed, 20);
  // The ones that had not finished a request were told why.
  EXPECT_GE(answered_408, 10);
}

TEST_F(GatewayLimitsTest, AKeyOverItsRateGets429WithRetryAfter) {
  StartGateway({"--key_rate=0.1", "--key_burst=2"});
  EXPECT_EQ(Post(kKey).status, 503);
  EXPECT_EQ(Post(kKey).status, 503);
  HttpResponse limited = Post(kKey);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.headers["retry-after"], "10");
  EXPECT_NE(limited.body.find("too many requests"), std::string::npos) << limited.body;
  // Another key is not limited.
  EXPECT_EQ(Post("ABCDEFGHIJ0123456789").status, 503);
}

TEST_F(GatewayLimitsTest, AnAddressOverItsRateGets429) {
  StartGateway({"--address_rate=0.5", "--address_burst=3"});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Post(kKey).status, 503);
  HttpResponse limited = Post("ABCDEFGHIJ0123456789");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers["retry-after"], "2");
}

TEST_F(GatewayLimitsTest, UnknownKeyProbingFromOneAddressIsThrottled) {
  StartGateway({"--unknown_key_rate=0.01", "--unknown_key_burst=5", "--unknown_key_floor_ms=20"});
  for (int i = 0; i < 5; ++i) {
    const absl::Time start = absl::Now();
    EXPECT_EQ(Post(absl::StrCat("guess", i)).status, 404);
    EXPECT_GE(absl::Now() - start, absl::Milliseconds(20));
  }
  HttpResponse probing = Post("guess-again");
  EXPECT_EQ(probing.status, 429) << probing.body;
  EXPECT_EQ(probing.headers["retry-after"], "100");
  // Known key or not, the prober learns nothing more for now.
  EXPECT_EQ(Post(kKey).status, 429);
  EXPECT_NE(gateway_->Log().find("outcome=probing"), std::string::npos) << gateway_->Log();
}

}  // namespace
}  // namespace opinus::testing
