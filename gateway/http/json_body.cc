#include "gateway/http/json_body.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/outcome_name.h"
#include "gateway/http/status_to_http.h"

namespace opinus::gateway {

using ::opinus::client::OutcomeName;

namespace v1 = ::opinus::v1;

std::string OutcomeJson(const v1::RecordOrderEventResponse& response) {
  // ordered_json keeps the fields in the documented order.
  nlohmann::ordered_json body;
  const absl::string_view outcome = OutcomeName(response.outcome());
  body["outcome"] = std::string(outcome.data(), outcome.size());
  if (!response.reason().empty()) body["reason"] = response.reason();
  if (response.invitation_id() != 0) body["invitation_id"] = absl::StrCat(response.invitation_id());
  if (response.event_id() != 0) body["event_id"] = absl::StrCat(response.event_id());
  // Replace invalid UTF-8 rather than throw: a reason is for people only.
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

HttpReply JsonReply(int status, std::string body, std::string outcome) {
  HttpReply reply;
  reply.status = status;
  reply.body = std::move(body);
  reply.outcome = std::move(outcome);
  return reply;
}

HttpReply ErrorReply(const absl::Status& status, std::string outcome, std::string detail) {
  HttpReply reply = JsonReply(HttpStatusFor(status.code()), ErrorJson(PublicErrorMessage(status)),
                              std::move(outcome));
  reply.detail = std::move(detail);
  return reply;
}

std::string ErrorJson(absl::string_view message) {
  nlohmann::json body;
  body["error"] = std::string(message.data(), message.size());
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpReply ErrorJsonReply(int status, absl::string_view message, std::string outcome) {
  HttpReply reply;
  reply.status = status;
  reply.body = ErrorJson(message);
  reply.outcome = std::move(outcome);
  return reply;
}

}  // namespace opinus::gateway
