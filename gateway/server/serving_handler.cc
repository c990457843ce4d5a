#include "gateway/server/serving_handler.h"

#include <utility>

#include "common/request_id.h"
#include "gateway/server/keep_alive.h"

namespace opinus::gateway {

void ServingHandler::onRequest(const Pistache::Http::Request& request,
                               Pistache::Http::ResponseWriter response) {
  KeepConnectionOpen(request, response);
  const RequestGate::Pass pass = gate_->Enter();
  if (!pass.entered()) return;
  const ScopedRequestId request_id(NewRequestId());
  if (gate_->draining()) {
    refuse_(request, std::move(response));
  } else {
    routes_->onRequest(request, std::move(response));
  }
}

void ServingHandler::onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  routes_->onDisconnection(peer);
}

}  // namespace opinus::gateway
