// AppStoreCallbackHandler: answers one of Shoper's App Store callbacks
// (POST /shoper/appstore, form-encoded) by handing its fields to the core,
// which checks the signature and records it. Knows HTTP codes, not the HTTP
// server.
#ifndef OPINUS_GATEWAY_WEBHOOK_APPSTORE_CALLBACK_H_
#define OPINUS_GATEWAY_WEBHOOK_APPSTORE_CALLBACK_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"

namespace opinus::gateway {

// A callback is a handful of short fields.
inline constexpr size_t kMaxAppStoreCallbackBytes = 16 * 1024;

// AppStoreCallbackHandler is thread-safe; it does not own the client.
class AppStoreCallbackHandler {
 public:
  explicit AppStoreCallbackHandler(opinus::client::Client* core) : core_(core) {}

  // Handle returns the reply to a callback with `body` and the Content-Type
  // `content_type`: 413 above kMaxAppStoreCallbackBytes; 415 when not
  // application/x-www-form-urlencoded; else the core's answer: 200
  // {"status":"ok"}, or the code HttpStatusFor maps its status to (401 for a
  // bad hash or a stale timestamp, 400 naming a wrong field).
  HttpReply Handle(std::optional<absl::string_view> content_type, absl::string_view body,
                   const opinus::client::CallContext& context) const;

 private:
  opinus::client::Client* core_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_WEBHOOK_APPSTORE_CALLBACK_H_
