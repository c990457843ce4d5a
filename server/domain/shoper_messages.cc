#include "server/domain/shoper_messages.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

using Json = nlohmann::json;

// At most this much of Shoper's own words goes into an error.
constexpr size_t kMaxQuoted = 200;

std::string PercentEncode(absl::string_view text) {
  std::string encoded;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&encoded, absl::StrFormat("%%%02X", c));
    }
  }
  return encoded;
}

// Parsed returns `body` as JSON; nullopt when it is not.
std::optional<Json> Parsed(absl::string_view body) {
  Json json = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

// PositiveInteger reads a number or a numeric string (Shoper sends both)
// greater than zero.
std::optional<int64_t> PositiveInteger(const Json& value) {
  int64_t number = 0;
  if (value.is_number_integer()) {
    number = value.get<int64_t>();
  } else if (!value.is_string() || !absl::SimpleAtoi(value.get<std::string>(), &number)) {
    return std::nullopt;
  }
  if (number <= 0) return std::nullopt;
  return number;
}

absl::StatusOr<std::string> NonEmptyString(const Json& answer, const char* name) {
  auto found = answer.find(name);
  if (found == answer.end())
    return absl::InternalError(absl::StrCat("token answer: ", name, ": missing"));
  if (!found->is_string() || found->get<std::string>().empty()) {
    return absl::InternalError(absl::StrCat("token answer: ", name, ": not a non-empty string"));
  }
  return found->get<std::string>();
}

std::string StringField(const Json& answer, const char* name) {
  auto found = answer.find(name);
  return found != answer.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

std::string TokenRequestForm(absl::string_view auth_code) {
  return absl::StrCat("grant_type=authorization_code&code=", PercentEncode(auth_code));
}

std::string RefreshRequestForm(absl::string_view refresh_token) {
  return absl::StrCat("grant_type=refresh_token&refresh_token=", PercentEncode(refresh_token));
}

absl::StatusOr<ShoperTokens> ParseTokenResponse(absl::string_view body, absl::Time now) {
  const std::optional<Json> answer = Parsed(body);
  if (!answer || !answer->is_object())
    return absl::InternalError("token answer: not a JSON object");
  ShoperTokens tokens;
  absl::StatusOr<std::string> access = NonEmptyString(*answer, "access_token");
  if (!access.ok()) return access.status();
  tokens.access_token = *std::move(access);
  absl::StatusOr<std::string> refresh = NonEmptyString(*answer, "refresh_token");
  if (!refresh.ok()) return refresh.status();
  tokens.refresh_token = *std::move(refresh);
  auto expires_in = answer->find("expires_in");
  if (expires_in == answer->end()) return absl::InternalError("token answer: expires_in: missing");
  const std::optional<int64_t> seconds = PositiveInteger(*expires_in);
  if (!seconds) return absl::InternalError("token answer: expires_in: not positive seconds");
  tokens.expire_time = now + absl::Seconds(*seconds);
  if (auto type = answer->find("token_type");
      type != answer->end() &&
      (!type->is_string() || absl::AsciiStrToLower(type->get<std::string>()) != "bearer")) {
    return absl::InternalError("token answer: token_type: not bearer");
  }
  if (auto scope = answer->find("scope"); scope != answer->end() && !scope->is_string()) {
    return absl::InternalError("token answer: scope: not a string");
  }
  tokens.scope = StringField(*answer, "scope");
  return tokens;
}

std::string WebhookJson(const ShoperWebhook& webhook) {
  return Json{{"url", webhook.url},
              {"format", 0},
              {"active", 1},
              {"secret", webhook.secret},
              {"events", webhook.events}}
      .dump();
}

absl::StatusOr<int64_t> ParseWebhookId(absl::string_view body) {
  const std::optional<Json> answer = Parsed(body);
  const std::optional<int64_t> id = answer ? PositiveInteger(*answer) : std::nullopt;
  if (!id) return absl::InternalError("webhook answer: not a webhook id");
  return *id;
}

absl::StatusOr<std::string> ParseApplicationConfig(absl::string_view body) {
  const std::optional<Json> answer = Parsed(body);
  if (!answer || !answer->is_object()) {
    return absl::InternalError("application-config answer: not a JSON object");
  }
  auto zone = answer->find("locale_timezone");
  if (zone == answer->end()) return std::string();
  if (!zone->is_string()) {
    return absl::InternalError("application-config answer: locale_timezone: not a string");
  }
  return zone->get<std::string>();
}

absl::StatusOr<ShoperStatusPage> ParseStatusPage(absl::string_view body) {
  const std::optional<Json> answer = Parsed(body);
  if (!answer || !answer->is_object()) {
    return absl::InternalError("statuses answer: not a JSON object");
  }
  ShoperStatusPage page;
  // An empty list may say 0 pages, or leave them out: one page either way.
  if (auto pages = answer->find("pages"); pages != answer->end()) {
    page.pages = static_cast<int>(std::min<int64_t>(PositiveInteger(*pages).value_or(1), 1000));
  }
  auto list = answer->find("list");
  if (list == answer->end() || !list->is_array()) {
    return absl::InternalError("statuses answer: list: missing or not an array");
  }
  for (const Json& row : *list) {
    if (!row.is_object()) return absl::InternalError("statuses answer: a row is not an object");
    auto id = row.find("status_id");
    const std::optional<int64_t> status_id = id != row.end() ? PositiveInteger(*id) : std::nullopt;
    if (!status_id) return absl::InternalError("statuses answer: status_id: missing or wrong");
    ShoperStatus status;
    status.id = *status_id;
    auto type = row.find("type");
    const std::optional<int64_t> type_number =
        type != row.end() ? PositiveInteger(*type) : std::nullopt;
    if (type_number && *type_number <= static_cast<int64_t>(StatusType::kNotRealised)) {
      status.type = static_cast<StatusType>(*type_number);
    }
    page.statuses.push_back(status);
  }
  return page;
}

std::string OrdersQuery(const ShoperOrderQuery& query, int page, int limit) {
  Json filters = Json::object();
  filters["status_date"] = {{">=", query.since_local}};
  filters["status_id"] = {{"IN", query.status_ids}};
  return absl::StrCat("limit=", limit, "&page=", page, "&order=", PercentEncode("status_date asc"),
                      "&filters=", PercentEncode(filters.dump()));
}

absl::StatusOr<ShoperOrderPage> ParseOrderPage(absl::string_view body) {
  const std::optional<Json> answer = Parsed(body);
  if (!answer || !answer->is_object())
    return absl::InternalError("orders answer: not a JSON object");
  ShoperOrderPage page;
  if (auto count = answer->find("count"); count != answer->end()) {
    page.count = PositiveInteger(*count).value_or(0);
  }
  if (auto pages = answer->find("pages"); pages != answer->end()) {
    page.pages = static_cast<int>(std::min<int64_t>(PositiveInteger(*pages).value_or(1), 100000));
  }
  auto list = answer->find("list");
  if (list == answer->end() || !list->is_array()) {
    return absl::InternalError("orders answer: list: missing or not an array");
  }
  for (const Json& row : *list) {
    if (!row.is_object()) return absl::InternalError("orders answer: a row is not an object");
    page.orders.push_back(row.dump());
  }
  return page;
}

absl::Status ShoperErrorStatus(absl::string_view call, long http_status, absl::string_view body) {
  std::string said;
  if (const std::optional<Json> answer = Parsed(body); answer && answer->is_object()) {
    said = StringField(*answer, "error");
    const std::string description = StringField(*answer, "error_description");
    if (!description.empty()) absl::StrAppend(&said, said.empty() ? "" : ": ", description);
  }
  const std::string message =
      absl::StrCat(call, ": HTTP ", http_status,
                   said.empty() ? "" : absl::StrCat(" ", TruncateUtf8(said, kMaxQuoted)));
  if (http_status >= 500) return absl::UnavailableError(message);
  switch (http_status) {
    case 401:
      return absl::UnauthenticatedError(message);
    case 403:
      return absl::PermissionDeniedError(message);
    case 404:
      return absl::NotFoundError(message);
    case 429:
      return absl::ResourceExhaustedError(message);
    default:
      return absl::FailedPreconditionError(message);
  }
}

}  // namespace opinus::server
