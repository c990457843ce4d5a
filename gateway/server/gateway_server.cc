#include "gateway/server/gateway_server.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/net.h>
#include <pistache/router.h>

#include <exception>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/request_id.h"
#include "common/secrets.h"
#include "gateway/http/json_body.h"
#include "gateway/http/same_origin.h"
#include "gateway/owner/session_cookie.h"
#include "gateway/pages/page.h"
#include "gateway/server/request_header.h"
#include "gateway/server/serving_handler.h"
#include "gateway/webhook/webhook_checks.h"

namespace opinus::gateway {
namespace {

namespace Http = ::Pistache::Http;
namespace Rest = ::Pistache::Rest;

// Routes as logged (the webhook's: GatewayServer::kWebhookRoute).
constexpr absl::string_view kHealthRoute = "/healthz";
constexpr absl::string_view kReadyRoute = "/readyz";
constexpr absl::string_view kMetricsRoute = "/metrics";
constexpr absl::string_view kUnmatchedRoute = "unmatched";
// Requests refused while the gateway shuts down, whatever their path.
constexpr absl::string_view kDrainingRoute = "draining";

// Room for the request line and headers above the largest body, so that a
// body just over the limit reaches the handler and gets our JSON 413. Larger
// requests get Pistache's own 413.
constexpr size_t kMaxRequestBytes = kMaxWebhookBodyBytes + 64 * 1024;

// ResponseHeader<kName> is a response header with a value: Pistache writes
// only typed headers, and its CUSTOM_HEADER macro cannot spell a dash.
template <const char* kName>
class ResponseHeader : public Http::Header::Header {
 public:
  NAME(kName)

  ResponseHeader() = default;
  explicit ResponseHeader(std::string value) : value_(std::move(value)) {}

  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& stream) const override { stream << value_; }

 private:
  std::string value_;
};

constexpr char kRequestId[] = "X-Request-Id";
constexpr char kContentSecurityPolicy[] = "Content-Security-Policy";
constexpr char kReferrerPolicy[] = "Referrer-Policy";
constexpr char kFrameOptions[] = "X-Frame-Options";
constexpr char kContentTypeOptions[] = "X-Content-Type-Options";
constexpr char kCacheControl[] = "Cache-Control";
constexpr char kRetryAfter[] = "Retry-After";
constexpr char kSetCookie[] = "Set-Cookie";
constexpr char kLocation[] = "Location";

// AddPageHeaders adds what every HTML page and image needs: no scripts or
// foreign content, no framing (but by `frame_ancestor` when set), no Referer
// to another site that would leak the token in a page's URL, and no cache
// copy unless the reply allows one. The only script is the panel's own file
// (no inline script runs). "same-origin" rather than "no-referrer", under
// which browsers send `Origin: null` with our own forms and the owners'
// routes could not tell them from another site's.
void AddPageHeaders(Http::ResponseWriter& response, const std::string& cache_control,
                    const std::string& frame_ancestor) {
  response.headers()
      .add<ResponseHeader<kContentSecurityPolicy>>(absl::StrCat(
          "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; form-action 'self'; "
          "frame-ancestors ",
          frame_ancestor.empty() ? "'none'" : frame_ancestor, "; base-uri 'none'"))
      .add<ResponseHeader<kReferrerPolicy>>("same-origin")
      .add<ResponseHeader<kContentTypeOptions>>("nosniff")
      .add<ResponseHeader<kCacheControl>>(cache_control.empty() ? "no-store" : cache_control);
  if (frame_ancestor.empty()) response.headers().add<ResponseHeader<kFrameOptions>>("DENY");
}

// PublicUrl returns the base of the URLs the panel shows, without a final
// '/': the configured one, else the address the gateway listens on.
std::string PublicUrl(const GatewayOptions& options, uint16_t port) {
  if (options.public_url.empty()) {
    return absl::StrCat("http://", options.listen.substr(0, options.listen.rfind(':')), ":", port);
  }
  return std::string(absl::StripSuffix(options.public_url, "/"));
}

}  // namespace

GatewayServer::GatewayServer(GatewayOptions options)
    : options_(std::move(options)),
      gateway_metrics_(&metrics_),
      delayed_answers_(options_.limits.max_delayed_answers),
      core_(std::make_unique<opinus::client::Client>(
          opinus::client::ClientOptions{options_.core_target, options_.rpc_timeout,
                                        options_.core_token, options_.core_tls_ca_pem})),
      appstore_(core_.get()),
      admission_(options_.limits),
      unsubscribe_(core_.get()),
      opinion_(core_.get()),
      privacy_page_(core_.get()),
      shop_page_(core_.get()),
      feed_(core_.get()),
      account_pages_(core_.get(), SecureCookies(options_.public_url)),
      app_page_(core_.get()),
      claim_page_(core_.get(), SecureCookies(options_.public_url)),
      shop_pages_(core_.get(), SecureCookies(options_.public_url)),
      owner_api_(core_.get(), SecureCookies(options_.public_url)),
      router_(std::make_shared<Rest::Router>()) {
  RegisterRoutes();
}

GatewayServer::~GatewayServer() { Shutdown(); }

opinus::client::CallContext GatewayServer::ServedRequest() {
  return {std::string(CurrentRequestId()), std::nullopt};
}

bool GatewayServer::FromOurPage(const Http::Request& request) const {
  return IsSameOrigin(RequestHeader(request, "Origin").value_or(""), HostAuthority(request),
                      options_.public_url);
}

HttpReply GatewayServer::CrossSitePage(const Http::Request& request) {
  HttpReply reply = RenderPage(403, "pl", "Inna strona", "cross_site.html", {}, "cross_site");
  reply.detail = absl::StrCat("Origin ", RequestHeader(request, "Origin").value_or(""));
  return reply;
}

absl::Status GatewayServer::Start() {
  if (endpoint_ != nullptr) return absl::FailedPreconditionError("gateway: already started");
  if (options_.threads < 1) return absl::InvalidArgumentError("threads: must be at least 1");
  std::optional<Pistache::Address> address;
  try {
    address.emplace(options_.listen);
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("listen: ", e.what()));
  }
  auto endpoint = std::make_unique<Http::Endpoint>(*address);
  endpoint->init(Http::Endpoint::options()
                     .threads(options_.threads)
                     .threadsName("gateway")
                     .flags(Pistache::Tcp::Options::ReuseAddr)
                     .maxRequestSize(kMaxRequestBytes)
                     .headerTimeout(absl::ToChronoMilliseconds(options_.header_timeout))
                     .bodyTimeout(absl::ToChronoMilliseconds(options_.body_timeout))
                     .keepaliveTimeout(absl::ToChronoMilliseconds(options_.idle_timeout)));
  endpoint->setHandler(std::make_shared<ServingHandler>(
      Rest::Router::handler(router_),
      [this](const Http::Request& request, Http::ResponseWriter response) {
        Answer(request.method(), response, kDrainingRoute, "",
               ErrorJsonReply(503, "shutting down, please retry", "draining"), absl::Now());
      },
      &gate_));
  try {
    endpoint->serveThreaded();
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("listen ", options_.listen, ": ", e.what()));
  }
  port_ = static_cast<uint16_t>(endpoint->getPort());
  shop_pages_.set_public_url(PublicUrl(options_, port_));
  shop_page_.set_public_url(PublicUrl(options_, port_));
  endpoint_ = std::move(endpoint);
  return absl::OkStatus();
}

void GatewayServer::Shutdown() {
  if (endpoint_ == nullptr) return;
  // Pistache's shutdown stops its threads at once, dropping answers not yet
  // written: first let every request in flight be answered and written.
  const int unanswered = gate_.Drain(absl::Now() + options_.shutdown_grace);
  if (unanswered > 0) {
    Log(LogLevel::kWarning, "gateway_drain_timeout", {{"in_flight", absl::StrCat(unanswered)}});
  }
  endpoint_->shutdown();
  endpoint_.reset();
  // The completions of core calls still running use this server; the calls'
  // deadline bounds the wait.
  const int calls = core_calls_.Drain(absl::Now() + options_.rpc_timeout + absl::Seconds(1));
  if (calls > 0) {
    Log(LogLevel::kError, "gateway_core_calls_left", {{"in_flight", absl::StrCat(calls)}});
  }
  port_ = 0;
}

void GatewayServer::RegisterRoutes() {
  RegisterWebhookRoute();
  RegisterPageRoutes();
  RegisterOwnerRoutes();

  PublicRoute(Http::Method::Get, std::string(kHealthRoute), kHealthRoute,
              [](const Rest::Request&) { return JsonReply(200, R"({"status":"ok"})", "ok"); });
  // Ready when the core answers its health check SERVING (it is not while its
  // database is unreachable), so a load balancer sends webhooks elsewhere.
  PublicRoute(
      Http::Method::Get, std::string(kReadyRoute), kReadyRoute, [this](const Rest::Request&) {
        const absl::Status core = core_->CheckHealth(ServedRequest());
        HttpReply reply = core.ok()
                              ? JsonReply(200, R"({"status":"ready"})", "ready")
                              : JsonReply(503, R"({"status":"core unavailable"})", "not_ready");
        if (!core.ok()) reply.detail = std::string(core.message());
        return reply;
      });
  PublicRoute(Http::Method::Get, std::string(kMetricsRoute), kMetricsRoute,
              [this](const Rest::Request&) {
                HttpReply reply = JsonReply(200, metrics_.Render(), "ok");
                reply.content_type = metrics::kTextContentType;
                return reply;
              });

  // Reached when no route matches: answers every such request in JSON, where
  // Pistache would answer in plain text.
  router_->addCustomHandler([this](const Rest::Request& request, Http::ResponseWriter response) {
    const absl::Time start = absl::Now();
    const std::string path = request.resource();
    if (absl::StartsWith(path, kWebhookPrefix)) {
      const absl::string_view key = absl::string_view(path).substr(kWebhookPrefix.size());
      if (request.method() == Http::Method::Post) {
        // "/api/" or "/api/a/b": not a key, and answered like an unknown one,
        // limits and time floor included.
        ServeWebhook(request, response, key);
      } else {
        response.headers().add<Http::Header::Allow>(Http::Method::Post);
        Answer(request.method(), response, kWebhookRoute, key,
               ErrorJsonReply(405, "method: use POST", "bad_method"), start);
      }
    } else if (path == kHealthRoute || path == kReadyRoute) {
      response.headers().add<Http::Header::Allow>(Http::Method::Get);
      Answer(request.method(), response, path == kHealthRoute ? kHealthRoute : kReadyRoute, "",
             ErrorJsonReply(405, "method: use GET", "bad_method"), start);
    } else {
      Answer(request.method(), response, kUnmatchedRoute, "",
             ErrorJsonReply(404, "not found", "no_route"), start);
    }
    return Rest::Route::Result::Ok;
  });
}

void GatewayServer::PublicRoute(Http::Method method, const std::string& path,
                                absl::string_view route, PublicHandler handler) {
  router_->addRoute(method, path,
                    [this, route, handler = std::move(handler)](const Rest::Request& request,
                                                                Http::ResponseWriter response) {
                      const absl::Time start = absl::Now();
                      const std::string token = request.hasParam(":token")
                                                    ? request.param(":token").as<std::string>()
                                                    : "";
                      Answer(request.method(), response, route, token, handler(request), start);
                      return Rest::Route::Result::Ok;
                    });
}

void GatewayServer::Answer(Http::Method method, Http::ResponseWriter& response,
                           absl::string_view route, absl::string_view secret,
                           const HttpReply& reply, absl::Time start) {
  // Set by ServingHandler for the whole request, core calls included.
  const std::string request_id(CurrentRequestId());

  // Health checks and scrapes come every few seconds from load balancers and
  // Prometheus: only failures are worth a line at the default level.
  LogLevel level = LogLevel::kInfo;
  if (reply.status >= 500) {
    level = LogLevel::kWarning;
  } else if ((route == kHealthRoute || route == kReadyRoute || route == kMetricsRoute) &&
             reply.status == 200) {
    level = LogLevel::kDebug;
  }
  const absl::Duration latency = absl::Now() - start;
  gateway_metrics_.Observe(route, reply.status, latency);
  if (route == kWebhookRoute) gateway_metrics_.CountWebhook(reply.outcome);
  const std::string latency_ms = absl::StrCat(absl::ToInt64Microseconds(latency) / 1000.0);
  Log(level, "http_request",
      {{"method", Http::methodString(method)},
       {"route", std::string(route)},
       {"status", absl::StrCat(reply.status)},
       {"outcome", reply.outcome},
       {"latency_ms", latency_ms},
       {"request_id", request_id},
       {"secret", secret.empty() ? std::string("-") : RedactSecret(secret)},
       {"detail", reply.detail.empty() ? std::string("-") : reply.detail}});

  // Sent after the log line, so that whoever reads the answer finds the line
  // already written (tests do).
  response.headers().add<ResponseHeader<kRequestId>>(request_id);
  if (!reply.set_cookie.empty()) {
    response.headers().add<ResponseHeader<kSetCookie>>(reply.set_cookie);
  }
  if (!reply.location.empty()) response.headers().add<ResponseHeader<kLocation>>(reply.location);
  if (reply.retry_after_seconds > 0) {
    response.headers().add<ResponseHeader<kRetryAfter>>(absl::StrCat(reply.retry_after_seconds));
  }
  if (reply.content_type == kHtmlContentType || reply.content_type == kSvgContentType) {
    AddPageHeaders(response, reply.cache_control, reply.frame_ancestor);
  } else if (!reply.cache_control.empty()) {
    response.headers().add<ResponseHeader<kCacheControl>>(reply.cache_control);
  }
  // Counted in flight until written: Pistache writes answers from a queue,
  // and Shutdown must not stop it before this one is out.
  // The pass is shared by the write's two continuations and leaves with the
  // first of them, or with the last copy when neither is ever called.
  auto pass = std::make_shared<RequestGate::Pass>(gate_.Enter());
  if (!pass->entered()) return;
  response
      .send(static_cast<Http::Code>(reply.status), reply.body,
            Http::Mime::MediaType::fromString(reply.content_type))
      .then([pass](ssize_t) { pass->Leave(); }, [pass](std::exception_ptr&) { pass->Leave(); });
}

}  // namespace opinus::gateway
