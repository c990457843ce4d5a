// WebhookHandler: answers one Shoper webhook delivery by translating it and
// recording it in the core. Knows HTTP codes, not the HTTP server.
#ifndef OPINUS_GATEWAY_WEBHOOK_WEBHOOK_HANDLER_H_
#define OPINUS_GATEWAY_WEBHOOK_WEBHOOK_HANDLER_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"

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

// WebhookHandler turns webhook requests into RecordOrderEvent calls and their
// results into HTTP replies. Thread-safe; does not own the client.
class WebhookHandler {
 public:
  // `core` must outlive the handler; its deadline bounds every call.
  explicit WebhookHandler(opinus::client::Client* core);

  // Handle returns the reply to `request`, in order of the checks:
  // 413 for a body over 1 MiB; 415 for a Content-Type other than JSON (absent
  // is fine); 404 {"error":"unknown key"} for a key that is not 20 letters and
  // digits, without calling the core; 400 naming the field when the body does
  // not translate; else the core's answer: 200 with the outcome
  // ({"outcome":"scheduled",...}), or the code that HttpStatusFor maps the
  // call's status to, with PublicErrorMessage's body (503/504 when the core is
  // unreachable or late, so that Shoper retries).
  HttpReply Handle(const WebhookRequest& request, const opinus::client::CallContext& context) const;

 private:
  opinus::client::Client* core_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_WEBHOOK_WEBHOOK_HANDLER_H_
