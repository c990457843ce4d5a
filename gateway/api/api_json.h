// The JSON of the owner's /v1 API: proto messages in the proto3 JSON mapping
// with the proto's snake_case field names, and errors that name the field.
#ifndef OPINUS_GATEWAY_API_API_JSON_H_
#define OPINUS_GATEWAY_API_API_JSON_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/http/http_reply.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace opinus::gateway {

// MessageReply answers 200 with `message` as JSON: snake_case names, every
// field present (false and 0 included), int64 as strings, enums by name,
// timestamps in RFC 3339.
HttpReply MessageReply(const google::protobuf::Message& message, std::string outcome);

// ParseJsonBody fills `message` from the JSON object `body` (snake_case or
// lowerCamelCase names); INVALID_ARGUMENT "body: ..." for JSON that is not
// such an object.
[[nodiscard]] absl::Status ParseJsonBody(absl::string_view body,
                                         google::protobuf::Message* message);

// FieldMaskOf returns the proto names of the fields that the JSON object
// `body` names at its top level, for a message of `message`'s type: what a
// PATCH changes. INVALID_ARGUMENT for a body that is not a JSON object.
[[nodiscard]] absl::StatusOr<google::protobuf::FieldMask> FieldMaskOf(
    absl::string_view body, const google::protobuf::Message& message);

// ApiErrorReply answers a failed core call in JSON: the HTTP status of
// status_to_http, {"error": ...} with the public message, "field" when the
// message names one (400), "not found" for every NOT_FOUND (another owner's
// shop looks like no shop), and Retry-After for 429 when the core said when
// (see core_message.h).
HttpReply ApiErrorReply(const absl::Status& status);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_API_API_JSON_H_
