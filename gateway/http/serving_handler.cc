#include "gateway/http/serving_handler.h"

#include <utility>

#include "common/request_id.h"

namespace opinus::gateway {

void ServingHandler::onRequest(const Pistache::Http::Request& request,
                               Pistache::Http::ResponseWriter response) {
  if (!gate_->Enter()) return;
  {
    const ScopedRequestId request_id(NewRequestId());
    if (gate_->draining()) {
      refuse_(request, std::move(response));
    } else {
      routes_->onRequest(request, std::move(response));
    }
  }
  gate_->Leave();
}

void ServingHandler::onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  routes_->onDisconnection(peer);
}

}  // namespace opinus::gateway
