// ServingHandler: what Pistache calls for every request before our routes:
// the request id and the count of requests in flight, for graceful shutdown.
#ifndef OPINUS_GATEWAY_SERVER_SERVING_HANDLER_H_
#define OPINUS_GATEWAY_SERVER_SERVING_HANDLER_H_

#include <pistache/http.h>

#include <functional>
#include <memory>

#include "gateway/server/request_gate.h"

namespace opinus::gateway {

// ServingHandler gives each request a new request id for the time it is
// handled (opinus::ScopedRequestId: the log line, the X-Request-Id header and
// every call to the core carry it) and counts it in `gate` meanwhile. While
// the gate drains, requests go to `refuse` (a complete 503 answer) instead of
// `routes`; once it is closed they get no answer at all and their connections
// close with the server. Pistache copies the handler for each of its threads;
// the copies share `routes`, `refuse` and `gate`, which must outlive them.
class ServingHandler : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(ServingHandler)

  using Refuse =
      std::function<void(const Pistache::Http::Request&, Pistache::Http::ResponseWriter)>;

  ServingHandler(std::shared_ptr<Pistache::Http::Handler> routes, Refuse refuse, RequestGate* gate)
      : routes_(std::move(routes)), refuse_(std::move(refuse)), gate_(gate) {}

  void onRequest(const Pistache::Http::Request& request,
                 Pistache::Http::ResponseWriter response) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

 private:
  std::shared_ptr<Pistache::Http::Handler> routes_;
  Refuse refuse_;
  RequestGate* gate_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_SERVER_SERVING_HANDLER_H_
