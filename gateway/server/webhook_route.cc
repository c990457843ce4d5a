// The webhook route, POST /api/{key}: admission, translation, the core's
// asynchronous call, and the answer once it completes.
#include <pistache/http.h>
#include <pistache/router.h>

#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <variant>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "common/request_id.h"
#include "gateway/http/client_address.h"
#include "gateway/http/json_body.h"
#include "gateway/server/gateway_server.h"
#include "gateway/server/request_header.h"
#include "gateway/webhook/webhook_checks.h"

namespace opinus::gateway {
namespace {

namespace Http = ::Pistache::Http;
namespace Rest = ::Pistache::Rest;

// UrlBytes returns the size of the request target: path and query.
size_t UrlBytes(const Http::Request& request) {
  return request.resource().size() + request.query().as_str().size();
}

// HeaderBytes returns the bytes of all header names and values. Pistache has
// no limit of its own but the whole request's size, so this is where an
// oversized header gets its clear 431.
size_t HeaderBytes(const Http::Request& request) {
  size_t bytes = 0;
  for (const auto& [name, raw] : request.headers().rawList()) {
    bytes += name.size() + raw.value().size();
  }
  for (const std::shared_ptr<Http::Header::Header>& header : request.headers().list()) {
    std::ostringstream value;
    header->write(value);
    bytes += std::strlen(header->name()) + value.str().size();
  }
  return bytes;
}

}  // namespace

void GatewayServer::RegisterWebhookRoute() {
  router_->post("/api/:key", [this](const Rest::Request& request, Http::ResponseWriter response) {
    ServeWebhook(request, response, request.param(":key").as<std::string>());
    return Rest::Route::Result::Ok;
  });
}

struct GatewayServer::PendingWebhook {
  Pistache::Http::ResponseWriter response;
  std::string key;
  // The client's address as admission counted it.
  std::string address;
  absl::Time start;
  WebhookSlots slots;
  // In flight for shutdown's drain until answered.
  RequestGate::Pass answering;
  // In flight for the destructor until the core's call has ended.
  RequestGate::Pass core_call;
  std::string request_id;
};

void GatewayServer::ServeWebhook(const Http::Request& request, Http::ResponseWriter& response,
                                 absl::string_view key) {
  const absl::Time start = absl::Now();
  const std::string address =
      BudgetKey(ClientAddress(request.address().host(), RequestHeader(request, "X-Forwarded-For"),
                              options_.trust_forwarded_for));
  WebhookRequestShape shape;
  shape.address = address;
  shape.key = key;
  shape.url_bytes = UrlBytes(request);
  shape.header_bytes = HeaderBytes(request);
  WebhookSlots slots;
  if (std::optional<HttpReply> refused = admission_.Admit(shape, start, &slots)) {
    Answer(request.method(), response, kWebhookRoute, key, *refused, start);
    return;
  }

  // The request's views point into these.
  const std::optional<std::string> content_type = RequestHeader(request, "Content-Type");
  const std::string event_name = RequestHeader(request, "X-Webhook-Name").value_or("");
  const std::string webhook_id = RequestHeader(request, "X-Webhook-Id").value_or("");
  const std::string signature = RequestHeader(request, "X-Webhook-Sha1").value_or("");
  WebhookRequest webhook;
  webhook.key = key;
  if (content_type.has_value()) webhook.content_type = *content_type;
  webhook.event_name = event_name;
  webhook.webhook_id = webhook_id;
  webhook.signature = signature;
  webhook.body = request.body();
  std::variant<HttpReply, opinus::v1::RecordOrderEventRequest> call;
  try {
    call = WebhookCall(webhook);
  } catch (const std::exception& e) {
    // Pistache would send e.what() to the caller; nothing should throw
    // here but allocation failures, and their text is ours to keep.
    HttpReply failed = ErrorJsonReply(500, "internal error", "exception");
    failed.detail = e.what();
    call = std::move(failed);
  }

  PendingWebhook pending{std::move(response),
                         std::string(key),
                         address,
                         start,
                         std::move(slots),
                         gate_.Enter(),
                         core_calls_.Enter(),
                         std::string(CurrentRequestId())};
  if (HttpReply* reply = std::get_if<HttpReply>(&call)) {
    FinishWebhook(std::move(pending), *reply);
    return;
  }
  // Answered on the call's completion: this thread goes back to serving.
  core_->RecordOrderEventAsync(
      std::get<opinus::v1::RecordOrderEventRequest>(std::move(call)), ServedRequest(),
      [this, pending = std::move(pending)](
          absl::StatusOr<opinus::v1::RecordOrderEventResponse> recorded) mutable {
        const ScopedRequestId request_id(pending.request_id);
        const HttpReply reply = WebhookReply(recorded, pending.key);
        FinishWebhook(std::move(pending), reply);
      });
}

void GatewayServer::FinishWebhook(PendingWebhook pending, const HttpReply& reply) {
  pending.slots = WebhookSlots();
  const absl::Time end = absl::Now();
  const absl::Duration floor =
      admission_.Finished(pending.address, reply, end - pending.start, end);
  if (floor > absl::ZeroDuration()) {
    // Held back on the delay queue's thread; the pass keeps it in flight for
    // shutdown meanwhile. Shared, so that it can still be answered here when
    // the queue does not take it.
    auto held = std::make_shared<PendingWebhook>(std::move(pending));
    DelayQueue::Task answer = [this, pass = gate_.Enter(), held, reply]() {
      const ScopedRequestId request_id(held->request_id);
      Answer(Http::Method::Post, held->response, kWebhookRoute, held->key, reply, held->start);
    };
    if (delayed_answers_.Schedule(end + floor, answer)) return;
    // The queue is full: too many unknown keys at once, from anywhere.
    Answer(Http::Method::Post, held->response, kWebhookRoute, held->key,
           admission_.DelayedAnswersFull(), held->start);
    return;
  }
  Answer(Http::Method::Post, pending.response, kWebhookRoute, pending.key, reply, pending.start);
}

}  // namespace opinus::gateway
