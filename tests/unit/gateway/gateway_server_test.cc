// Tests of GatewayServer through real HTTP on loopback: against a core that
// does not listen, and against a fake core served by gRPC in-process.
#include "gateway/server/gateway_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "tests/support/files.h"
#include "tests/support/http_test_client.h"
#include "tests/unit/gateway/fake_order_event_service.h"

namespace opinus::gateway {
namespace {

using ::opinus::testing::ReadFile;

namespace v1 = ::opinus::v1;
using ::opinus::gateway::testing::FakeCore;
using ::opinus::testing::HttpResponse;
using ::opinus::testing::SendHttpRequest;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kKey[] = "abcdefghij0123456789";
constexpr char kWebhookPath[] = "/api/abcdefghij0123456789";
// Nothing listens on port 1 of loopback: connections are refused at once.
constexpr char kUnreachableCore[] = "127.0.0.1:1";

std::string SampleBody() {
  return ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.json"));
}

// SampleHeaders returns the headers Shoper sent with the sample body.
Headers SampleHeaders() {
  const nlohmann::json sample = nlohmann::json::parse(
      ReadFile(absl::StrCat(OPINUS_TESTDATA_DIR, "/shoper-order-status-shipped.headers.json")));
  Headers headers;
  for (const auto& [name, value] : sample.at("headers").items()) {
    headers.emplace_back(name, value.get<std::string>());
  }
  return headers;
}

Headers JsonHeaders(const std::string& event_name = "order.status") {
  return {{"Content-Type", "application/json; charset=utf-8"}, {"X-Webhook-Name", event_name}};
}

class GatewayServerTest : public ::testing::Test {
 protected:
  void StartGateway(const std::string& core_target, absl::Duration rpc_timeout = absl::Seconds(3)) {
    GatewayOptions options;
    options.listen = "127.0.0.1:0";
    options.core_target = core_target;
    options.rpc_timeout = rpc_timeout;
    options.threads = 2;
    options.limits = limits_;
    gateway_ = std::make_unique<GatewayServer>(options);
    ASSERT_TRUE(gateway_->Start().ok());
    ASSERT_NE(gateway_->port(), 0);
  }

  HttpResponse Send(absl::string_view method, absl::string_view path, const Headers& headers,
                    absl::string_view body) {
    absl::StatusOr<HttpResponse> response =
        SendHttpRequest(gateway_->port(), method, path, headers, body);
    EXPECT_TRUE(response.ok()) << response.status();
    if (!response.ok()) return HttpResponse{};
    // Every answer is JSON and names its request.
    EXPECT_EQ(response->headers["content-type"], "application/json") << response->body;
    EXPECT_THAT(response->headers["x-request-id"], MatchesRegex("[0-9a-f]{16}"));
    EXPECT_TRUE(nlohmann::json::accept(response->body)) << response->body;
    return *std::move(response);
  }

  HttpResponse PostWebhook(absl::string_view body, const Headers& headers = JsonHeaders(),
                           absl::string_view path = kWebhookPath) {
    return Send("POST", path, headers, body);
  }

  WebhookLimits limits_;
  std::unique_ptr<GatewayServer> gateway_;
};

TEST_F(GatewayServerTest, UnreachableCoreAnswers503WithGenericBody) {
  StartGateway(kUnreachableCore);
  const HttpResponse response = PostWebhook(SampleBody(), SampleHeaders());
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.body, R"({"error":"temporarily unavailable, please retry"})");
}

TEST_F(GatewayServerTest, MetricsCountRequestsByRouteAndCodeAndWebhooksByOutcome) {
  StartGateway(kUnreachableCore);
  EXPECT_EQ(PostWebhook(SampleBody(), SampleHeaders()).status, 503);
  EXPECT_EQ(Send("GET", "/healthz", {}, "").status, 200);
  EXPECT_EQ(Send("GET", "/healthz", {}, "").status, 200);

  absl::StatusOr<HttpResponse> metrics =
      SendHttpRequest(gateway_->port(), "GET", "/metrics", {}, "");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(
      metrics->body,
      HasSubstr("opinus_gateway_http_requests_total{route=\"/api/{key}\",code=\"503\"} 1\n"));
  EXPECT_THAT(metrics->body,
              HasSubstr("opinus_gateway_http_requests_total{route=\"/healthz\",code=\"200\"} 2\n"));
  EXPECT_THAT(metrics->body,
              HasSubstr("opinus_gateway_webhooks_total{outcome=\"core_error\"} 1\n"));
  EXPECT_THAT(metrics->body, HasSubstr("opinus_gateway_http_request_duration_seconds_count{"
                                       "route=\"/api/{key}\"} 1\n"));
  // Never a raw path, which would hold the key.
  EXPECT_THAT(metrics->body, Not(HasSubstr(kKey)));
}

TEST_F(GatewayServerTest, LogLineHasRouteStatusRequestIdAndRedactedKeyOnly) {
  StartGateway(kUnreachableCore);
  ::testing::internal::CaptureStderr();
  const HttpResponse response = PostWebhook(SampleBody(), SampleHeaders());
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(response.status, 503);
  EXPECT_THAT(log, HasSubstr("http_request method=POST route=/api/{key} status=503 "
                             "outcome=core_error"));
  EXPECT_THAT(log, HasSubstr(absl::StrCat("request_id=", response.headers.at("x-request-id"))));
  EXPECT_THAT(log, HasSubstr("secret=ab\xE2\x80\xA6"
                             "89"));
  // The internal reason is logged, never sent.
  EXPECT_THAT(log, HasSubstr("detail=\"UNAVAILABLE:"));
  EXPECT_THAT(log, Not(HasSubstr(kKey)));
  EXPECT_THAT(log, Not(HasSubstr("/api/abc")));
}

TEST_F(GatewayServerTest, MalformedJsonIs400NamingTheBody) {
  StartGateway(kUnreachableCore);
  const HttpResponse response = PostWebhook(R"({"order_id":"1043",)");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"error":"body: not valid JSON"})");
}

TEST_F(GatewayServerTest, MissingOrderIdIs400) {
  StartGateway(kUnreachableCore);
  const HttpResponse response = PostWebhook(R"({"email":"jan@example.com","status_id":"7"})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"error":"order_id: missing"})");
}

TEST_F(GatewayServerTest, MalformedKeysAre404LikeUnknownKeys) {
  StartGateway(kUnreachableCore);
  for (const char* path : {"/api/short", "/api/abcdefghij012345678-", "/api/abcdefghij01234567890",
                           "/api/", "/api/abcdefghij0123456789/extra"}) {
    const HttpResponse response = PostWebhook(SampleBody(), JsonHeaders(), path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(response.body, R"({"error":"unknown key"})") << path;
  }
}

TEST_F(GatewayServerTest, OtherContentTypesAre415) {
  StartGateway(kUnreachableCore);
  const HttpResponse response =
      PostWebhook(R"({"order_id":"1043"})",
                  {{"Content-Type", "text/plain"}, {"X-Webhook-Name", "order.status"}});
  EXPECT_EQ(response.status, 415);
  EXPECT_EQ(
      response.body,
      R"json({"error":"content type: send JSON (set Format: JSON in the Shoper webhook)"})json");
}

TEST_F(GatewayServerTest, JustOverOneMebibyteIs413WithOurBody) {
  StartGateway(kUnreachableCore);
  const std::string body =
      absl::StrCat(R"({"order_id":"1","pad":")", std::string(1 << 20, 'x'), R"("})");
  const HttpResponse response = PostWebhook(body);
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.body, R"({"error":"body: larger than 1 MiB"})");
}

TEST_F(GatewayServerTest, OneAndAHalfMebibytesIs413) {
  StartGateway(kUnreachableCore);
  const std::string body =
      absl::StrCat(R"({"order_id":"1","pad":")", std::string(3 << 19, 'x'), R"("})");
  // Pistache itself refuses a request this far over its buffer, in plain text.
  absl::StatusOr<HttpResponse> response =
      SendHttpRequest(gateway_->port(), "POST", kWebhookPath, JsonHeaders(), body);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 413);
}

TEST_F(GatewayServerTest, HealthzIsOk) {
  StartGateway(kUnreachableCore);
  const HttpResponse response = Send("GET", "/healthz", {}, "");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"status":"ok"})");
}

TEST_F(GatewayServerTest, UnknownRoutesAre404Json) {
  StartGateway(kUnreachableCore);
  for (const char* path : {"/", "/api", "/webhook/abcdefghij0123456789", "/healthz/x"}) {
    const HttpResponse response = Send("GET", path, {}, "");
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(response.body, R"({"error":"not found"})") << path;
  }
}

TEST_F(GatewayServerTest, WrongMethodsAre405Json) {
  StartGateway(kUnreachableCore);
  HttpResponse response = Send("GET", kWebhookPath, {}, "");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers["allow"], "POST");
  response = Send("POST", "/healthz", {}, "");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers["allow"], "GET");
}

TEST_F(GatewayServerTest, StartFailsOnABusyPort) {
  StartGateway(kUnreachableCore);
  GatewayOptions options;
  options.listen = absl::StrCat("127.0.0.1:", gateway_->port());
  options.core_target = kUnreachableCore;
  GatewayServer second(options);
  const absl::Status status = second.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(second.port(), 0);
  // The first one still serves.
  EXPECT_EQ(Send("GET", "/healthz", {}, "").status, 200);
}

// ReadOneAnswer reads one answer with a Content-Length from `fd`, waiting at
// most 2 s; returns its head and body as sent, or what came before the wait
// ended.
std::string ReadOneAnswer(int fd) {
  timeval timeout{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  std::string received;
  char buffer[4096];
  while (true) {
    const size_t head_end = received.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      const std::string head = absl::AsciiStrToLower(received.substr(0, head_end));
      const size_t length_at = head.find("content-length: ");
      size_t length = 0;
      if (length_at != std::string::npos) {
        length = std::stoul(head.substr(length_at + std::strlen("content-length: ")));
      }
      if (received.size() >= head_end + 4 + length) return received;
    }
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return received;
    received.append(buffer, static_cast<size_t>(n));
  }
}

TEST_F(GatewayServerTest, AnHttp11ConnectionStaysOpenForTheNextRequestUnlessTheClientSaysClose) {
  StartGateway(kUnreachableCore);
  const int fd = ::opinus::testing::ConnectToLoopback(gateway_->port());
  ASSERT_GE(fd, 0);
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  const std::string first = absl::AsciiStrToLower(ReadOneAnswer(fd));
  EXPECT_THAT(first, ::testing::StartsWith("http/1.1 200"));
  EXPECT_THAT(first, HasSubstr("connection: keep-alive"));

  // The same connection serves the next request.
  const std::string closing =
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, closing.data(), closing.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(closing.size()));
  const std::string second = absl::AsciiStrToLower(ReadOneAnswer(fd));
  EXPECT_THAT(second, ::testing::StartsWith("http/1.1 200"));
  EXPECT_THAT(second, HasSubstr("connection: close"));
  ::close(fd);
}

class GatewayWithFakeCoreTest : public GatewayServerTest {
 protected:
  FakeCore core_;
};

TEST_F(GatewayWithFakeCoreTest, RecordsTheTranslatedEventAndReportsTheOutcome) {
  v1::RecordOrderEventResponse answer;
  answer.set_outcome(v1::ORDER_EVENT_OUTCOME_SCHEDULED);
  answer.set_reason("status 7 is a trigger status");
  answer.set_invitation_id(31);
  answer.set_event_id(502);
  core_.service().Answer(grpc::Status::OK, answer);
  StartGateway(core_.target());

  const HttpResponse response = PostWebhook(SampleBody(), SampleHeaders());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"outcome":"scheduled","reason":"status 7 is a trigger status",)"
                           R"("invitation_id":"31","event_id":"502"})");

  const std::vector<v1::RecordOrderEventRequest> requests = core_.service().Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].webhook_key(), kKey);
  const v1::OrderEvent& event = requests[0].event();
  EXPECT_EQ(event.event_name(), "order.status");
  EXPECT_EQ(event.kind(), v1::ORDER_EVENT_KIND_STATUS_CHANGED);
  EXPECT_EQ(event.order_id(), "1043");
  EXPECT_EQ(event.customer_email(), "jan.kowalski@example.com");
  EXPECT_EQ(event.status().status_id(), 7);
  EXPECT_EQ(event.status().type(), v1::ORDER_STATUS_TYPE_CLOSED);
}

TEST_F(GatewayWithFakeCoreTest, AbsentHeadersMeanJsonOrderStatus) {
  v1::RecordOrderEventResponse answer;
  answer.set_outcome(v1::ORDER_EVENT_OUTCOME_DUPLICATE);
  core_.service().Answer(grpc::Status::OK, answer);
  StartGateway(core_.target());
  const HttpResponse response = PostWebhook(SampleBody(), /*headers=*/{});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"outcome":"duplicate"})");
  const std::vector<v1::RecordOrderEventRequest> requests = core_.service().Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].event().event_name(), "order.status");
}

TEST_F(GatewayWithFakeCoreTest, OtherEventsAreForwardedWhateverTheBody) {
  v1::RecordOrderEventResponse answer;
  answer.set_outcome(v1::ORDER_EVENT_OUTCOME_IGNORED);
  answer.set_reason("not an order event");
  core_.service().Answer(grpc::Status::OK, answer);
  StartGateway(core_.target());
  const HttpResponse response = PostWebhook(R"([{"parcel_id":"5"}])", JsonHeaders("parcel.create"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"outcome":"ignored","reason":"not an order event"})");
  const std::vector<v1::RecordOrderEventRequest> requests = core_.service().Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].event().kind(), v1::ORDER_EVENT_KIND_OTHER);
  EXPECT_EQ(requests[0].event().event_name(), "parcel.create");
}

// Whether a shop uses parcels only the core knows: a parcel goes on even when
// its body does not read, with the problem, for the core to judge.
TEST_F(GatewayWithFakeCoreTest, ParcelsAreForwardedWithWhatWasRead) {
  v1::RecordOrderEventResponse answer;
  answer.set_outcome(v1::ORDER_EVENT_OUTCOME_IGNORED);
  core_.service().Answer(grpc::Status::OK, answer);
  StartGateway(core_.target());
  EXPECT_EQ(
      PostWebhook(R"([{"parcel_id":"5","order_id":"1043","send_date":"2024-05-09 10:30:00"}])",
                  JsonHeaders("parcel.dispatch"))
          .status,
      200);
  EXPECT_EQ(PostWebhook(R"({"parcel_id":"5"})", JsonHeaders("parcel.dispatch")).status, 200);
  const std::vector<v1::RecordOrderEventRequest> requests = core_.service().Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].event().kind(), v1::ORDER_EVENT_KIND_PARCEL_DISPATCHED);
  EXPECT_EQ(requests[0].event().order_id(), "1043");
  EXPECT_EQ(requests[0].event().parcel().send_local_time(), "2024-05-09 10:30:00");
  EXPECT_TRUE(requests[0].event().parcel().sent());
  EXPECT_EQ(requests[1].event().parcel().unreadable_field(), "order_id");
  EXPECT_EQ(requests[1].event().parcel().unreadable_problem(), "missing");
}

TEST_F(GatewayWithFakeCoreTest, RejectedRequestsNeverReachTheCore) {
  StartGateway(core_.target());
  EXPECT_EQ(PostWebhook(SampleBody(), JsonHeaders(), "/api/not-a-key").status, 404);
  EXPECT_EQ(PostWebhook(R"({"email":"a@b.pl"})").status, 400);
  EXPECT_EQ(PostWebhook("<order/>", {{"Content-Type", "text/xml"}}, "/api/not-a-key").status, 404);
  EXPECT_EQ(PostWebhook("{}", {{"Content-Type", "text/plain"}}).status, 415);
  EXPECT_TRUE(core_.service().Requests().empty());
}

// However it is marked, an XML delivery reaches the core as its event name
// only (for the owner's log), and is answered 415 once logged.
TEST_F(GatewayWithFakeCoreTest, XmlIsLoggedByTheCoreAndAnswered415) {
  v1::RecordOrderEventResponse answer;
  answer.set_outcome(v1::ORDER_EVENT_OUTCOME_REJECTED);
  answer.mutable_structured_reason()->set_code(v1::ORDER_EVENT_REASON_XML_FORMAT);
  core_.service().Answer(grpc::Status::OK, answer);
  StartGateway(core_.target());
  const std::string xml = "<?xml version=\"1.0\"?><order><order_id>1043</order_id></order>";
  const Headers marked[] = {
      {{"Content-Type", "text/xml; charset=utf-8"}, {"X-Webhook-Name", "order.status"}},
      {{"Content-Type", "Application/XML"}, {"X-Webhook-Name", "order.status"}},
      {{"X-Webhook-Name", "order.status"}},
      JsonHeaders(),
  };
  for (const Headers& headers : marked) {
    const HttpResponse response = PostWebhook(xml, headers);
    EXPECT_EQ(response.status, 415);
    EXPECT_EQ(
        response.body,
        R"json({"error":"content type: send JSON (set Format: JSON in the Shoper webhook)"})json");
  }
  Headers signed_headers = {{"Content-Type", "text/xml"},
                            {"X-Webhook-Name", " order.paid "},
                            {"X-Webhook-Id", "12"},
                            {"X-Webhook-Sha1", "abc"}};
  EXPECT_EQ(PostWebhook("\xEF\xBB\xBF\n <order/>", signed_headers).status, 415);

  const std::vector<v1::RecordOrderEventRequest> requests = core_.service().Requests();
  ASSERT_EQ(requests.size(), 5u);
  for (const v1::RecordOrderEventRequest& request : requests) {
    EXPECT_EQ(request.webhook_key(), kKey);
    EXPECT_EQ(request.event().kind(), v1::ORDER_EVENT_KIND_XML_BODY);
    EXPECT_EQ(request.event().order_id(), "");
  }
  EXPECT_EQ(requests[0].event().event_name(), "order.status");
  // The signature covers the body, which the core checks and does not keep.
  EXPECT_EQ(requests[4].event().event_name(), "order.paid");
  EXPECT_EQ(requests[4].signature().webhook_id(), "12");
  EXPECT_EQ(requests[4].signature().body(), "\xEF\xBB\xBF\n <order/>");
}

TEST_F(GatewayWithFakeCoreTest, XmlToAnUnknownKeyIs404) {
  core_.service().Answer(grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown webhook key"), {});
  StartGateway(core_.target());
  const HttpResponse response = PostWebhook("<order/>", {{"Content-Type", "text/xml"}});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"error":"unknown key"})");
}

// Header values need not be UTF-8; the core used to get them as proto3
// strings, which must be, and failed to parse the whole call (500).
TEST_F(GatewayWithFakeCoreTest, HeadersThatAreNotUtf8AreRefusedOrPassedOnAsBytes) {
  core_.service().Answer(grpc::Status::OK, v1::RecordOrderEventResponse());
  StartGateway(core_.target());
  const HttpResponse bad_name = PostWebhook(SampleBody(), JsonHeaders("order.\xFF"));
  EXPECT_EQ(bad_name.status, 400);
  EXPECT_EQ(bad_name.body, R"({"error":"X-Webhook-Name: not UTF-8"})");
  EXPECT_TRUE(core_.service().Requests().empty());

  Headers headers = JsonHeaders();
  headers.emplace_back("X-Webhook-Id", "12\xFF");
  headers.emplace_back("X-Webhook-Sha1", "\xE9\xE9");
  EXPECT_EQ(PostWebhook(SampleBody(), headers).status, 200);
  const std::vector<v1::RecordOrderEventRequest> requests = core_.service().Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].signature().webhook_id(), "12\xFF");
  EXPECT_EQ(requests[0].signature().sha1_hex(), "\xE9\xE9");
}

TEST_F(GatewayWithFakeCoreTest, CoreNotFoundIsUnknownKeyAndTheKeyStaysOutOfTheLog) {
  core_.service().Answer(
      grpc::Status(grpc::StatusCode::NOT_FOUND, absl::StrCat("no shop has key ", kKey)), {});
  StartGateway(core_.target());
  ::testing::internal::CaptureStderr();
  const HttpResponse response = PostWebhook(SampleBody());
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"error":"unknown key"})");
  EXPECT_THAT(log, HasSubstr("status=404 outcome=unknown_key"));
  EXPECT_THAT(log, HasSubstr("no shop has key ab\xE2\x80\xA6"
                             "89"));
  EXPECT_THAT(log, Not(HasSubstr(kKey)));
}

TEST_F(GatewayWithFakeCoreTest, CoreInvalidArgumentIs400WithItsMessage) {
  core_.service().Answer(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                      "status_local_time: "
                                      "not a date"),
                         {});
  StartGateway(core_.target());
  const HttpResponse response = PostWebhook(SampleBody());
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"error":"status_local_time: not a date"})");
}

TEST_F(GatewayWithFakeCoreTest, CoreInternalErrorIs500WithoutItsText) {
  core_.service().Answer(
      grpc::Status(grpc::StatusCode::INTERNAL, "soci: Access denied for user 'opinus'"), {});
  StartGateway(core_.target());
  ::testing::internal::CaptureStderr();
  const HttpResponse response = PostWebhook(SampleBody());
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, R"({"error":"internal error"})");
  EXPECT_THAT(log, HasSubstr("Access denied for user"));
  EXPECT_THAT(log, HasSubstr(absl::StrCat("request_id=", response.headers.at("x-request-id"))));
}

TEST_F(GatewayWithFakeCoreTest, SlowCoreIs504) {
  core_.service().Hang();
  StartGateway(core_.target(), absl::Milliseconds(200));
  const HttpResponse response = PostWebhook(SampleBody());
  EXPECT_EQ(response.status, 504);
  EXPECT_EQ(response.body, R"({"error":"temporarily unavailable, please retry"})");
}

// BackgroundPosts posts the sample webhook for each of `keys` at once, each
// from its own thread; Join returns the answers' statuses in `keys`' order
// (0: no answer) once all have come.
class BackgroundPosts {
 public:
  BackgroundPosts(uint16_t port, const std::vector<std::string>& keys) : statuses_(keys.size()) {
    for (size_t i = 0; i < keys.size(); ++i) {
      threads_.emplace_back([this, port, i, path = absl::StrCat("/api/", keys[i])] {
        absl::StatusOr<HttpResponse> response =
            SendHttpRequest(port, "POST", path, JsonHeaders(), SampleBody());
        statuses_[i] = response.ok() ? response->status : 0;
      });
    }
  }
  std::vector<int> Join() {
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
    return statuses_;
  }
  ~BackgroundPosts() { Join(); }

 private:
  std::vector<int> statuses_;
  std::vector<std::thread> threads_;
};

// Keys returns `count` distinct well-formed keys.
std::vector<std::string> Keys(int count) {
  std::vector<std::string> keys;
  for (int i = 0; i < count; ++i) keys.push_back(absl::StrFormat("abcdefghij01234567%02d", i));
  return keys;
}

// WaitForRequests waits until `core` has received `count` calls, at most 5 s;
// returns how many it has.
size_t WaitForRequests(FakeCore& core, size_t count) {
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (core.service().Requests().size() < count && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  return core.service().Requests().size();
}

TEST_F(GatewayWithFakeCoreTest, MoreWebhooksAreWithTheCoreAtOnceThanTheGatewayHasThreads) {
  // The core holds every call until its deadline: with a thread parked per
  // call, the gateway's two threads would let only two through.
  core_.service().Hang();
  StartGateway(core_.target(), absl::Seconds(2));
  BackgroundPosts posts(gateway_->port(), Keys(8));
  EXPECT_EQ(WaitForRequests(core_, 8), 8u);
  // While they wait, the gateway still answers at once.
  EXPECT_EQ(Send("GET", "/healthz", {}, "").status, 200);
  EXPECT_THAT(posts.Join(), ::testing::Each(504));
}

TEST_F(GatewayWithFakeCoreTest, AtItsLimitOfWebhooksInFlightTheGatewayAnswers503AndRetryAfter) {
  core_.service().Hang();
  limits_.max_in_flight = 2;
  StartGateway(core_.target(), absl::Seconds(2));
  BackgroundPosts posts(gateway_->port(), Keys(2));
  ASSERT_EQ(WaitForRequests(core_, 2), 2u);
  const HttpResponse refused =
      Send("POST", "/api/zzzzzzzzzz0123456789", JsonHeaders(), SampleBody());
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.headers.at("retry-after"), "1");
  EXPECT_EQ(refused.body, R"({"error":"temporarily unavailable, please retry"})");
  EXPECT_EQ(core_.service().Requests().size(), 2u);
  EXPECT_THAT(posts.Join(), ::testing::Each(504));
  // Their places are given back with their answers.
  core_.service().Answer(grpc::Status::OK, v1::RecordOrderEventResponse());
  EXPECT_EQ(PostWebhook(SampleBody()).status, 200);
}

}  // namespace
}  // namespace opinus::gateway
