// libFuzzer target: whole HTTP requests through the real gateway, from bytes
// on a loopback socket through Pistache, the routes and handlers, and the
// client library, to a fake core in-process (FakePanelCore, a real gRPC
// server). The input chooses the method and the route, and fills every value
// an outsider controls: path segments, the query, each header the gateway
// reads, the cookies, and a form or JSON body.
//
// Besides crashes and sanitizer reports (gRPC aborts the process on a
// metadata value it cannot carry) it fails on a 500: an exception that
// escaped a handler (Pistache's own 500 for a head it cannot parse is the
// known limitation IsPistacheParseError names).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "gateway/server/gateway_server.h"
#include "tests/fuzz/contract.h"
#include "tests/support/http_test_client.h"
#include "tests/unit/gateway/fake_panel_core.h"

namespace opinus::fuzz {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;
using ::opinus::gateway::testing::FakePanelCore;

struct Gateway {
  FakePanelCore core;
  std::unique_ptr<gateway::GatewayServer> server;
};

Gateway& Running() {
  static Gateway* const running = [] {
    // A line per request would cost more than the request.
    SetLogLevel(LogLevel::kError);
    auto* gateway = new Gateway;
    gateway::GatewayOptions options;
    options.listen = "127.0.0.1:0";
    options.core_target = gateway->core.target();
    options.threads = 2;
    options.rpc_timeout = absl::Seconds(2);
    // Pistache waits for the rest of a head it cannot finish (a header line
    // without a colon) until the header timeout, then answers 408: short
    // enough here that the answer comes well inside libFuzzer's 10 s budget.
    options.header_timeout = absl::Seconds(1);
    options.body_timeout = absl::Seconds(1);
    // Every request reaches the handlers: no limit answers 429 first.
    options.limits.per_address = {0, 0};
    options.limits.per_key = {0, 0};
    options.limits.unknown_keys_per_address = {0, 0};
    options.limits.unknown_key_floor = absl::ZeroDuration();
    gateway->server = std::make_unique<gateway::GatewayServer>(options);
    if (!gateway->server->Start().ok()) Fail("the gateway did not start");
    return gateway;
  }();
  return *running;
}

// The routes the gateway serves, with "*" where a segment comes from the input.
constexpr const char* kRoutes[] = {
    "/api/*",
    "/u/*",
    "/o/*",
    "/sklep/*",
    "/sklep/*/badge.svg",
    "/sklep/*/badge-small.svg",
    "/v1/shops/*/opinions",
    "/panel",
    "/panel/shops",
    "/panel/signup",
    "/panel/login",
    "/panel/logout",
    "/panel/language/*",
    "/panel/tokens",
    "/panel/tokens/*/revoke",
    "/panel/shops/*",
    "/panel/shops/*/settings",
    "/panel/shops/*/rotate",
    "/panel/shops/*/end-key-grace",
    "/panel/shops/*/shoper",
    "/panel/shops/*/invitations",
    "/panel/shops/*/invitations/*/cancel",
    "/panel/shops/*/invitations/*/resend",
    "/panel/shops/*/opinions",
    "/panel/shops/*/opinions/*/reply",
    "/v1/accounts",
    "/v1/session",
    "/v1/access_tokens",
    "/v1/access_tokens/*",
    "/v1/shops",
    "/v1/shops/*",
    "/v1/shops/*/rotate_key",
    "/v1/shops/*/end_key_grace",
    "/v1/shops/*/settings",
    "/v1/shops/*/order_events",
    "/v1/shops/*/invitations",
    "/v1/invitations/*/cancel",
    "/v1/invitations/*/resend",
    "/v1/shops/*/opinions/*/reply",
    "/v1/openapi.json",
    "/healthz",
    "/readyz",
    "/metrics",
};

constexpr const char* kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};

// The headers the gateway reads.
constexpr const char* kHeaders[] = {
    "Authorization", "X-CSRF-Token",   "Origin",         "X-Forwarded-For", "Content-Type",
    "X-Webhook-Id",  "X-Webhook-Name", "X-Webhook-Sha1", "Accept-Language", "User-Agent",
};

std::string Value(FuzzedDataProvider& input) { return input.ConsumeRandomLengthString(64); }

}  // namespace
}  // namespace opinus::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace opinus::fuzz;  // NOLINT: the target's own names.
  Gateway& gateway = Running();
  FuzzedDataProvider input(data, size);

  const std::string method = input.PickValueInArray(kMethods);
  std::string path;
  for (const char* c = input.PickValueInArray(kRoutes); *c != '\0'; ++c) {
    if (*c == '*') {
      path += Value(input);
    } else {
      path.push_back(*c);
    }
  }
  if (input.ConsumeBool()) absl::StrAppend(&path, "?", Value(input));

  Headers headers;
  if (input.ConsumeBool()) {
    headers.emplace_back(
        "Cookie", absl::StrCat("opinus_session=", Value(input), "; opinus_lang=", Value(input)));
  }
  const int count = input.ConsumeIntegralInRange(0, 4);
  for (int i = 0; i < count; ++i) {
    headers.emplace_back(input.PickValueInArray(kHeaders), Value(input));
  }
  if (input.ConsumeBool()) {
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  } else if (input.ConsumeBool()) {
    headers.emplace_back("Content-Type", "application/json");
  }
  const std::string body = input.ConsumeRemainingBytesAsString();

  absl::StatusOr<opinus::testing::HttpResponse> response = opinus::testing::SendHttpRequest(
      static_cast<uint16_t>(gateway.server->port()), method, path, headers, body);
  // No answer is allowed (a request that is not HTTP may be closed); a 500
  // is an exception that escaped our code.
  if (response.ok() && response->status == 500 &&
      !opinus::testing::IsPistacheParseError(*response)) {
    Fail("the gateway answered 500");
  }
  return 0;
}
