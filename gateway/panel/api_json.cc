#include "gateway/panel/api_json.h"

#include <google/protobuf/util/json_util.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gateway/http/json_body.h"
#include "gateway/http/status_to_http.h"

namespace opinus::gateway {

HttpReply MessageReply(const google::protobuf::Message& message, std::string outcome) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    HttpReply reply = ErrorJsonReply(500, "internal error", "json_error");
    reply.detail = std::string(status.message());
    return reply;
  }
  return JsonReply(200, std::move(json), std::move(outcome));
}

absl::Status ParseJsonBody(absl::string_view body, google::protobuf::Message* message) {
  if (absl::StripAsciiWhitespace(body).empty()) body = "{}";
  google::protobuf::util::JsonParseOptions options;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(body.data(), body.size()), message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("body: ", status.message().as_string()));
  }
  return absl::OkStatus();
}

absl::StatusOr<google::protobuf::FieldMask> FieldMaskOf(absl::string_view body,
                                                        const google::protobuf::Message& message) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return absl::InvalidArgumentError("body: not a JSON object");
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

std::string ErrorField(absl::string_view message) {
  const size_t colon = message.find(": ");
  if (colon == absl::string_view::npos || colon == 0) return "";
  const absl::string_view field = message.substr(0, colon);
  for (const char c : field) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '_' && c != '.') {
      return "";
    }
  }
  return std::string(field);
}

int RetryAfterSeconds(absl::string_view message) {
  for (size_t i = 0; i < message.size(); ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(message[i]))) continue;
    if (i > 0 && (absl::ascii_isalnum(static_cast<unsigned char>(message[i - 1])))) continue;
    size_t end = i;
    while (end < message.size() &&
           (absl::ascii_isdigit(static_cast<unsigned char>(message[end])) || message[end] == '.')) {
      ++end;
    }
    double value = 0;
    if (!absl::SimpleAtod(message.substr(i, end - i), &value)) return 0;
    absl::string_view unit = absl::StripLeadingAsciiWhitespace(message.substr(end));
    double seconds = 0;
    if (absl::StartsWith(unit, "min")) {
      seconds = value * 60;
    } else if (absl::StartsWith(unit, "s")) {
      seconds = value;
    } else {
      i = end;
      continue;
    }
    return static_cast<int>(std::ceil(seconds));
  }
  return 0;
}

HttpReply ApiErrorReply(const absl::Status& status) {
  const int code = HttpStatusFor(status.code());
  nlohmann::json body;
  body["error"] = code == 404 ? std::string("not found") : PublicErrorMessage(status);
  if (code == 400) {
    if (std::string field = ErrorField(status.message()); !field.empty()) body["field"] = field;
  }
  HttpReply reply =
      JsonReply(code, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                code >= 500 ? "core_error" : "refused");
  reply.detail = std::string(status.message());
  if (code == 429) reply.retry_after_seconds = RetryAfterSeconds(status.message());
  return reply;
}

}  // namespace opinus::gateway
