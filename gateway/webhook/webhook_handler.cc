#include "gateway/webhook/webhook_handler.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_replace.h"
#include "client/outcome_name.h"
#include "common/secrets.h"
#include "common/shoper/shoper_webhook.h"
#include "common/status_macros.h"
#include "common/webhook_key.h"
#include "gateway/http/json_body.h"
#include "gateway/http/status_to_http.h"
#include "gateway/webhook/webhook_checks.h"

namespace opinus::gateway {

using ::opinus::client::OutcomeName;
namespace v1 = ::opinus::v1;

namespace {

// kSendJson is what an XML or other non-JSON delivery is told.
constexpr absl::string_view kSendJson =
    "content type: send JSON (set Format: JSON in the Shoper webhook)";

// Scrubbed returns `status` as text for the log, with any copy of `key`
// redacted: the core's messages are not ours to trust with secrets.
std::string Scrubbed(const absl::Status& status, absl::string_view key) {
  std::string text = status.ToString();
  if (!key.empty()) absl::StrReplaceAll({{key, RedactSecret(key)}}, &text);
  return text;
}

// XmlDeliveryEvent returns the event the core logs of an XML delivery
// named `event_name` (the X-Webhook-Name header).
absl::StatusOr<v1::OrderEvent> XmlDeliveryEvent(absl::string_view event_name) {
  OPINUS_ASSIGN_OR_RETURN(const absl::string_view name, shoper::ShoperEventName(event_name));
  v1::OrderEvent event;
  event.set_event_name(name.data(), name.size());
  event.set_kind(v1::ORDER_EVENT_KIND_XML_BODY);
  return event;
}

}  // namespace

std::variant<HttpReply, v1::RecordOrderEventRequest> WebhookCall(const WebhookRequest& request) {
  if (request.body.size() > kMaxWebhookBodyBytes) {
    return ErrorJsonReply(413, "body: larger than 1 MiB", "too_large");
  }
  const bool xml = IsXmlDelivery(request.content_type, request.body);
  if (!xml && request.content_type.has_value() && !IsJsonContentType(*request.content_type)) {
    return ErrorJsonReply(415, kSendJson, "not_json");
  }
  if (!IsWellFormedWebhookKey(request.key)) {
    // The same answer as for a well-formed key that no shop has.
    return ErrorReply(absl::NotFoundError("malformed key"), "unknown_key", "malformed key");
  }

  // An XML delivery can never succeed, but the core logs it (its name only,
  // never the body) so that the owner's log says what to change in Shoper.
  absl::StatusOr<v1::OrderEvent> event =
      xml ? XmlDeliveryEvent(request.event_name)
          : shoper::TranslateShoperWebhook(request.event_name, request.body);
  if (!event.ok()) {
    return ErrorReply(event.status(), "invalid", std::string(event.status().message()));
  }

  v1::RecordOrderEventRequest call;
  call.set_webhook_key(request.key.data(), request.key.size());
  *call.mutable_event() = std::move(*event);
  // The core checks the signature when the shop has a secret: only it knows
  // the secret, and it must see the exact bytes that were signed. Unsigned
  // deliveries (the usual case) need no second copy of the body.
  if (!request.signature.empty()) {
    v1::WebhookSignature* signature = call.mutable_signature();
    signature->set_webhook_id(request.webhook_id.data(), request.webhook_id.size());
    signature->set_sha1_hex(request.signature.data(), request.signature.size());
    signature->set_body(request.body.data(), request.body.size());
  }
  return call;
}

HttpReply WebhookReply(const absl::StatusOr<v1::RecordOrderEventResponse>& recorded,
                       absl::string_view key) {
  if (!recorded.ok()) {
    const bool unknown_key = recorded.status().code() == absl::StatusCode::kNotFound;
    return ErrorReply(recorded.status(), unknown_key ? "unknown_key" : "core_error",
                      Scrubbed(recorded.status(), key));
  }

  if (recorded->structured_reason().code() == v1::ORDER_EVENT_REASON_XML_FORMAT) {
    // Logged for the owner, and still refused: Shoper should not count it
    // as delivered.
    HttpReply refused = ErrorJsonReply(415, kSendJson, "not_json");
    refused.detail = "xml delivery logged";
    return refused;
  }
  HttpReply reply;
  reply.status = 200;
  reply.body = OutcomeJson(*recorded);
  reply.outcome = std::string(OutcomeName(recorded->outcome()));
  if (!recorded->reason().empty()) reply.detail = recorded->reason();
  return reply;
}

}  // namespace opinus::gateway
