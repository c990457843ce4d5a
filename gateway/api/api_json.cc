#include "gateway/api/api_json.h"

#include <google/protobuf/util/json_util.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/field_violation.h"
#include "common/proto_json.h"
#include "gateway/http/core_message.h"
#include "gateway/http/json_body.h"
#include "gateway/http/status_to_http.h"

namespace opinus::gateway {

HttpReply MessageReply(const google::protobuf::Message& message, std::string outcome) {
  absl::StatusOr<std::string> json = ProtoToJson(message, JsonFieldNames::kAsInProto);
  if (!json.ok()) {
    HttpReply reply = ErrorJsonReply(500, "internal error", "json_error");
    reply.detail = std::string(json.status().message());
    return reply;
  }
  return JsonReply(200, *std::move(json), std::move(outcome));
}

absl::Status ParseJsonBody(absl::string_view body, google::protobuf::Message* message) {
  if (absl::StripAsciiWhitespace(body).empty()) body = "{}";
  google::protobuf::util::JsonParseOptions options;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(body.data(), body.size()), message, options);
  if (!status.ok()) {
    return InvalidFieldError("body", status.message().as_string());
  }
  return absl::OkStatus();
}

absl::StatusOr<google::protobuf::FieldMask> FieldMaskOf(absl::string_view body,
                                                        const google::protobuf::Message& message) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return InvalidFieldError("body", "not a JSON object");
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  google::protobuf::FieldMask mask;
  for (const auto& item : json.items()) {
    const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByName(item.key());
    if (field == nullptr) field = descriptor->FindFieldByCamelcaseName(item.key());
    // An unknown name: ParseJsonBody has refused it already.
    if (field != nullptr) mask.add_paths(field->name());
  }
  return mask;
}

HttpReply ApiErrorReply(const absl::Status& status) {
  const int code = HttpStatusFor(status.code());
  nlohmann::json body;
  body["error"] = code == 404 ? std::string("not found") : PublicErrorMessage(status);
  if (code == 400) {
    if (std::string field = ViolatedField(status); !field.empty()) body["field"] = field;
  }
  HttpReply reply =
      JsonReply(code, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                code >= 500 ? "core_error" : "refused");
  reply.detail = std::string(status.message());
  if (code == 429) reply.retry_after_seconds = RetryAfterSeconds(status.message());
  return reply;
}

}  // namespace opinus::gateway
