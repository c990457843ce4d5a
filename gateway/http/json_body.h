// The JSON bodies the gateway answers with.
#ifndef OPINUS_GATEWAY_HTTP_JSON_BODY_H_
#define OPINUS_GATEWAY_HTTP_JSON_BODY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gateway/http/http_reply.h"
#include "opinus/v1/order_event.pb.h"

namespace opinus::gateway {

// OutcomeJson returns the body that reports a recorded event, e.g.
// {"outcome":"scheduled","reason":"...","invitation_id":"7","event_id":"42"};
// empty reasons and zero ids are left out. Ids are strings, as in proto3's
// JSON mapping of int64.
std::string OutcomeJson(const opinus::v1::RecordOrderEventResponse& response);

// JsonReply returns the reply `status` with the JSON `body`, logged as `outcome`.
HttpReply JsonReply(int status, std::string body, std::string outcome);

// ErrorReply returns the reply to a failed call: the HTTP status for
// `status`, and the public message of PublicErrorMessage; `detail` is logged only.
HttpReply ErrorReply(const absl::Status& status, std::string outcome, std::string detail);

// ErrorJson returns {"error":"<message>"}, with `message` escaped as JSON.
std::string ErrorJson(absl::string_view message);

// ErrorJsonReply returns the answer `status` with ErrorJson(`message`) as its
// body and `outcome` for the log.
HttpReply ErrorJsonReply(int status, absl::string_view message, std::string outcome);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_JSON_BODY_H_
