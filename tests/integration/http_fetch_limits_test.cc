// HttpFetch against a real socket on loopback: an answer over the size cap
// and a server that never answers both end in an error, in time.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/dispatch/http_fetch.h"
#include "tests/unit/server/status_matchers.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::HasSubstr;

// OneShotServer answers one connection on 127.0.0.1 with `answer` after
// reading the request's head, or says nothing when `answer` is empty, and
// closes when destroyed.
class OneShotServer {
 public:
  explicit OneShotServer(std::string answer) : answer_(std::move(answer)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    listen(listener_, 1);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      connection_ = accept(listener_, nullptr, nullptr);
      std::string head;
      char buffer[4096];
      while (head.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = read(connection_, buffer, sizeof(buffer));
        if (n <= 0) return;
        head.append(buffer, static_cast<size_t>(n));
      }
      if (!answer_.empty()) (void)!write(connection_, answer_.data(), answer_.size());
    });
  }
  ~OneShotServer() {
    shutdown(listener_, SHUT_RDWR);
    thread_.join();
    if (connection_ >= 0) close(connection_);
    close(listener_);
  }

  std::string url() const { return absl::StrCat("http://127.0.0.1:", port_, "/x"); }

 private:
  const std::string answer_;
  int listener_ = -1;
  int connection_ = -1;
  int port_ = 0;
  std::thread thread_;
};

// Loopback returns the default limits, with http:// to the local server
// allowed.
FetchLimits Loopback() {
  FetchLimits limits;
  limits.insecure_loopback_http = true;
  return limits;
}

FetchRequest Get(const std::string& url) {
  FetchRequest request;
  request.url = url;
  return request;
}

TEST(HttpFetchLimitsTest, AnAnswerWithinTheCapIsRead) {
  OneShotServer server("HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\n17");
  absl::StatusOr<FetchResponse> response = HttpFetch(Get(server.url()), Loopback());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "17");
}

TEST(HttpFetchLimitsTest, AnAnswerOverTheCapIsRefused) {
  const std::string body(2000, 'x');
  OneShotServer server(absl::StrCat("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", body));
  FetchLimits limits = Loopback();
  limits.max_response_bytes = 1000;
  EXPECT_THAT(HttpFetch(Get(server.url()), limits),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("larger than 1000 bytes")));
}

TEST(HttpFetchLimitsTest, ASilentServerTimesOut) {
  OneShotServer server("");
  FetchLimits limits = Loopback();
  limits.timeout = absl::Milliseconds(300);
  const absl::Time start = absl::Now();
  EXPECT_THAT(HttpFetch(Get(server.url()), limits), StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
}

}  // namespace
}  // namespace opinus::server
