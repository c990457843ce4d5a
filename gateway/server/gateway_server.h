// GatewayServer: the gateway's HTTP server (Pistache), which takes Shoper
// webhooks on `POST /api/{key}`, serves the links of e-mails (`/o/{token}`
// the opinion form, `/u/{token}` unsubscribing), the public privacy page
// `/prywatnosc` with its mailed link `/prywatnosc/{token}`, the public shop page
// `/sklep/{shop}` with its badge, the JSON feed `/v1/shops/{shop}/opinions`,
// the owners' panel under `/panel` and their JSON API under `/v1/` (with its
// OpenAPI document `/v1/openapi.json`), and answers `GET /healthz` (process up), `GET /readyz`
// (core reachable and serving) and `GET /metrics` (Prometheus).
#ifndef OPINUS_GATEWAY_SERVER_GATEWAY_SERVER_H_
#define OPINUS_GATEWAY_SERVER_GATEWAY_SERVER_H_

#include <pistache/http_defs.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client/client.h"
#include "common/metrics.h"
#include "gateway/api/opinion_feed.h"
#include "gateway/api/owner_api.h"
#include "gateway/http/http_reply.h"
#include "gateway/limits/delay_queue.h"
#include "gateway/owner/owner_request.h"
#include "gateway/pages/opinion_page.h"
#include "gateway/pages/privacy_page.h"
#include "gateway/pages/shop_page.h"
#include "gateway/pages/unsubscribe_page.h"
#include "gateway/panel/account_pages.h"
#include "gateway/panel/appstore_app_page.h"
#include "gateway/panel/claim_page.h"
#include "gateway/panel/shop_pages.h"
#include "gateway/server/gateway_metrics.h"
#include "gateway/server/request_gate.h"
#include "gateway/webhook/appstore_callback.h"
#include "gateway/webhook/webhook_admission.h"
#include "gateway/webhook/webhook_handler.h"

namespace Pistache::Http {
class Endpoint;
class Request;
class ResponseWriter;
}  // namespace Pistache::Http

namespace Pistache::Rest {
class Request;
class Router;
}  // namespace Pistache::Rest

namespace opinus::gateway {

// GatewayOptions says where the gateway listens, where the core is, and how
// the gateway serves.
struct GatewayOptions {
  // "host:port" to listen on; port 0 picks a free port.
  std::string listen = "127.0.0.1:8080";
  // gRPC target of the core.
  std::string core_target = "127.0.0.1:50051";
  // Deadline of each call to the core.
  absl::Duration rpc_timeout = absl::Seconds(3);
  // Bearer token sent with every call to the core; empty: none.
  std::string core_token;
  // PEM of the CA that signed the core's certificate; empty: plaintext gRPC.
  std::string core_tls_ca_pem;
  // Pistache threads serving requests; each blocks during its core call.
  int threads = 4;
  // How long Shutdown waits for requests in flight to be answered.
  absl::Duration shutdown_grace = absl::Seconds(10);
  // Limits on webhook requests: sizes, rates, requests in flight, probing.
  WebhookLimits limits;
  // A connection that has not sent its request line and headers, or its
  // body, this long after it began them gets 408 and is closed: slow clients
  // cannot keep connections open for free. (Pistache's reactor threads do not
  // block on a slow client; these bound the connections and buffers held.)
  absl::Duration header_timeout = absl::Seconds(10);
  absl::Duration body_timeout = absl::Seconds(30);
  // An open connection with no request under way is closed after this.
  absl::Duration idle_timeout = absl::Seconds(30);
  // Where shops and owners reach the gateway, e.g. "https://opinus.pl": the
  // base of the webhook URL the panel shows. Empty: http://<listen address>.
  // When it is https, the panel's cookies are Secure.
  std::string public_url;
  // Take the client's address from X-Forwarded-For when the request comes
  // from a loopback peer (a TLS proxy on this host); see ClientAddress.
  bool trust_forwarded_for = false;
};

// GatewayServer owns the Pistache endpoint and router, and the client of the
// core. Every answer is JSON or an HTML page and carries an X-Request-Id
// header; each request gets one log line (method, route, status, outcome,
// latency, request id, and the key or token only redacted). Webhook requests
// pass WebhookAdmission (sizes, rates, requests in flight, unknown-key budget)
// before any other work. Start, port and Shutdown are meant to be called from
// one thread; requests are served on the server's own threads.
class GatewayServer {
 public:
  explicit GatewayServer(GatewayOptions options);
  // Stops serving, as Shutdown does.
  ~GatewayServer();

  GatewayServer(const GatewayServer&) = delete;
  GatewayServer& operator=(const GatewayServer&) = delete;

  // Start binds the listen address and serves in the background. Returns
  // INVALID_ARGUMENT for an address or thread count that is not usable,
  // UNAVAILABLE when the address cannot be bound, FAILED_PRECONDITION when
  // already started.
  [[nodiscard]] absl::Status Start();

  // port returns the bound port once Start has succeeded, else 0.
  uint16_t port() const { return port_; }

  // Shutdown drains, then stops: requests in flight are answered (within
  // options.shutdown_grace) while new ones get a complete 503 that Shoper
  // retries (Pistache cannot close its listening socket alone); then the
  // server stops and joins its threads, and connections left close unanswered.
  // Does nothing when not serving.
  void Shutdown();

 private:
  // The webhook's route as logged (never the raw path, which holds the key),
  // and the prefix of its paths.
  static constexpr absl::string_view kWebhookRoute = "/api/{key}";
  static constexpr absl::string_view kWebhookPrefix = "/api/";

  // ServedRequest returns the context of the core calls made for the request
  // this thread serves: its id (set by ServingHandler), acting for nobody.
  static opinus::client::CallContext ServedRequest();

  void RegisterRoutes();
  // RegisterWebhookRoute adds POST /api/:key (webhook_route.cc).
  void RegisterWebhookRoute();
  // RegisterPageRoutes adds the public pages' routes, the App Store's
  // callback and the opinion feed (page_routes.cc).
  void RegisterPageRoutes();
  // PublicRoute adds the route `method` `path` (Pistache's syntax), logged as
  // `route` with its :token (if any) redacted, whose requests `handler`
  // answers on the serving thread.
  using PublicHandler = std::function<HttpReply(const Pistache::Rest::Request&)>;
  void PublicRoute(Pistache::Http::Method method, const std::string& path, absl::string_view route,
                   PublicHandler handler);
  // FromOurPage returns whether a browser sent `request` from one of our own
  // pages (IsSameOrigin), as every public form's POST must be.
  bool FromOurPage(const Pistache::Http::Request& request) const;
  // CrossSitePage answers a POST from another site's page: 403.
  static HttpReply CrossSitePage(const Pistache::Http::Request& request);
  // RegisterOwnerRoutes adds the panel's and the /v1 API's routes.
  void RegisterOwnerRoutes();
  // OwnerRoute adds the route `method` `path` (Pistache's syntax), logged as
  // `path`, whose requests `handler` answers from their OwnerRequest.
  using OwnerHandler =
      std::function<HttpReply(const OwnerRequest&, const Pistache::Rest::Request&)>;
  void OwnerRoute(const char* method, const std::string& path, OwnerHandler handler);
  // ServeWebhook answers `POST /api/{key}`: admission first, then the
  // core's call, whose completion answers (FinishWebhook), so that no thread
  // waits for the core.
  void ServeWebhook(const Pistache::Http::Request& request,
                    Pistache::Http::ResponseWriter& response, absl::string_view key);
  // PendingWebhook is what answering an admitted webhook request needs once
  // the core has answered, and what it holds meanwhile (webhook_route.cc).
  struct PendingWebhook;
  // FinishWebhook gives the slots back, then answers `reply`, after the
  // unknown-key floor when it is one.
  void FinishWebhook(PendingWebhook pending, const HttpReply& reply);
  // Answer sends `reply` on `response` and logs the request, with the key
  // or token of its path (`secret`) only redacted.
  void Answer(Pistache::Http::Method method, Pistache::Http::ResponseWriter& response,
              absl::string_view route, absl::string_view secret, const HttpReply& reply,
              absl::Time start);

  GatewayOptions options_;
  metrics::Registry metrics_;
  GatewayMetrics gateway_metrics_;
  RequestGate gate_;
  // Unknown-key answers waiting out their floor; its leftovers run (and find
  // the gate closed) before the gate goes.
  DelayQueue delayed_answers_;
  std::unique_ptr<opinus::client::Client> core_;
  // Counts the asynchronous core calls not yet ended: their completions use
  // this server, so it waits for them before it goes.
  RequestGate core_calls_;
  AppStoreCallbackHandler appstore_;
  WebhookAdmission admission_;
  UnsubscribePage unsubscribe_;
  OpinionPage opinion_;
  PrivacyPage privacy_page_;
  ShopPage shop_page_;
  OpinionFeed feed_;
  AccountPages account_pages_;
  AppStoreAppPage app_page_;
  ClaimPage claim_page_;
  ShopPages shop_pages_;
  OwnerApi owner_api_;
  std::shared_ptr<Pistache::Rest::Router> router_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
  uint16_t port_ = 0;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_SERVER_GATEWAY_SERVER_H_
