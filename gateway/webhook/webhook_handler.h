// WebhookCall and WebhookReply: what one Shoper webhook delivery asks of the
// core, and the answer to give. Know HTTP codes, not the HTTP server nor gRPC.
#ifndef OPINUS_GATEWAY_WEBHOOK_WEBHOOK_HANDLER_H_
#define OPINUS_GATEWAY_WEBHOOK_WEBHOOK_HANDLER_H_

#include <optional>
#include <variant>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/http/http_reply.h"
#include "opinus/v1/order_event.pb.h"

namespace opinus::gateway {

// WebhookRequest is what the gateway uses of one `POST /api/{key}`. The views
// point into the HTTP request, which outlives the call.
struct WebhookRequest {
  // The {key} path segment, as received.
  absl::string_view key;
  // The Content-Type header's value; std::nullopt when absent.
  std::optional<absl::string_view> content_type;
  // The X-Webhook-Name header's value; empty when absent.
  absl::string_view event_name;
  // The X-Webhook-Id and X-Webhook-Sha1 headers' values; empty when absent.
  absl::string_view webhook_id;
  absl::string_view signature;
  absl::string_view body;
};

// WebhookCall returns the core call that `request` asks for, or the reply
// that ends it first, in order of the checks: 413 for a body over 1 MiB; 415
// for a Content-Type other than JSON (absent is fine) unless the delivery is
// XML (IsXmlDelivery); 404 {"error":"unknown key"} for a key that is not 20
// letters and digits; 400 naming the field when the body does not translate.
// An XML delivery's call carries only its event name, of kind XML_BODY (and
// its signature), for the core to log it. The call is the caller's to make,
// so that it can be made without parking a thread.
std::variant<HttpReply, opinus::v1::RecordOrderEventRequest> WebhookCall(
    const WebhookRequest& request);

// WebhookReply returns the reply to the core's answer `recorded` to the call
// for the key `key`: 200 with the outcome ({"outcome":"scheduled",...}), 415
// as for any other non-JSON delivery when the core logged an XML delivery, or
// the code that HttpStatusFor maps the call's status to, with
// PublicErrorMessage's body (503/504 when the core is unreachable or late,
// so that Shoper retries). The key reaches the reply's detail only redacted.
HttpReply WebhookReply(const absl::StatusOr<opinus::v1::RecordOrderEventResponse>& recorded,
                       absl::string_view key);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_WEBHOOK_WEBHOOK_HANDLER_H_
