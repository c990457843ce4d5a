#include "server/dispatch/curl_shoper_api.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/domain/shoper_messages.h"

namespace opinus::server {
namespace {

constexpr char kJson[] = "Content-Type: application/json";
constexpr char kAcceptJson[] = "Accept: application/json";

// WebhookRequest is a webhooks call authorised by the shop's access token.
FetchRequest WebhookRequest(const char* method, std::string url, absl::string_view access_token,
                            const ShoperWebhook& webhook) {
  FetchRequest request;
  request.method = method;
  request.url = std::move(url);
  request.headers = {kJson, kAcceptJson, absl::StrCat("Authorization: Bearer ", access_token)};
  request.body = WebhookJson(webhook);
  return request;
}

// GetRequest reads `url`, authorised by the shop's access token.
FetchRequest GetRequest(std::string url, absl::string_view access_token) {
  FetchRequest request;
  request.method = "GET";
  request.url = std::move(url);
  request.headers = {kAcceptJson, absl::StrCat("Authorization: Bearer ", access_token)};
  return request;
}

// A page of 50 whole orders is far larger than any other answer.
constexpr size_t kMaxOrderPageBytes = 2 * 1024 * 1024;

// The most status pages read: 50 statuses a page, far more than a shop has.
constexpr int kMaxStatusPages = 20;

}  // namespace

absl::StatusOr<std::string> CurlShoperApi::Call(absl::string_view call, absl::string_view shop_url,
                                                const FetchRequest& request, ShoperRetries retries,
                                                const FetchLimits* limits) const {
  absl::StatusOr<FetchResponse> response =
      limiter_->Fetch(shop_url, call, request, limits != nullptr ? *limits : limits_, retries);
  if (!response.ok()) {
    return absl::Status(response.status().code(),
                        absl::StrCat(call, ": ", response.status().message()));
  }
  if (response->status < 200 || response->status > 299) {
    return ShoperErrorStatus(call, response->status, response->body);
  }
  return std::move(response->body);
}

absl::StatusOr<ShoperTokens> CurlShoperApi::TokenCall(absl::string_view call,
                                                      absl::string_view shop_url, std::string form,
                                                      absl::Time now) const {
  FetchRequest request;
  request.method = "POST";
  request.url = absl::StrCat(shop_url, "/webapi/rest/oauth/token");
  request.headers = {"Content-Type: application/x-www-form-urlencoded", kAcceptJson};
  request.body = std::move(form);
  request.user = credentials_.client_id;
  request.password = credentials_.client_secret;
  // A code or refresh token is good once: an answer lost to a timeout may
  // hide a grant, which a second try would find refused.
  absl::StatusOr<std::string> body = Call(call, shop_url, request, ShoperRetries::kOnlyThrottled);
  if (!body.ok()) return body.status();
  return ParseTokenResponse(*body, now);
}

absl::StatusOr<ShoperTokens> CurlShoperApi::ExchangeAuthCode(absl::string_view shop_url,
                                                             absl::string_view auth_code,
                                                             absl::Time now) {
  return TokenCall("POST oauth/token", shop_url, TokenRequestForm(auth_code), now);
}

absl::StatusOr<ShoperTokens> CurlShoperApi::RefreshTokens(absl::string_view shop_url,
                                                          absl::string_view refresh_token,
                                                          absl::Time now) {
  return TokenCall("POST oauth/token (refresh)", shop_url, RefreshRequestForm(refresh_token), now);
}

absl::StatusOr<std::string> CurlShoperApi::GetTimeZone(absl::string_view shop_url,
                                                       absl::string_view access_token) {
  absl::StatusOr<std::string> body =
      Call("GET application-config", shop_url,
           GetRequest(absl::StrCat(shop_url, "/webapi/rest/application-config"), access_token));
  if (!body.ok()) return body.status();
  return ParseApplicationConfig(*body);
}

absl::StatusOr<std::vector<ShoperStatus>> CurlShoperApi::ListStatuses(
    absl::string_view shop_url, absl::string_view access_token) {
  std::vector<ShoperStatus> statuses;
  for (int page = 1; page <= kMaxStatusPages; ++page) {
    absl::StatusOr<std::string> body =
        Call("GET statuses", shop_url,
             GetRequest(absl::StrCat(shop_url, "/webapi/rest/statuses?limit=50&page=", page),
                        access_token));
    if (!body.ok()) return body.status();
    absl::StatusOr<ShoperStatusPage> read = ParseStatusPage(*body);
    if (!read.ok()) return read.status();
    statuses.insert(statuses.end(), read->statuses.begin(), read->statuses.end());
    if (page >= read->pages) break;
  }
  return statuses;
}

absl::StatusOr<int64_t> CurlShoperApi::CreateWebhook(absl::string_view shop_url,
                                                     absl::string_view access_token,
                                                     const ShoperWebhook& webhook) {
  absl::StatusOr<std::string> body =
      Call("POST webhooks", shop_url,
           WebhookRequest("POST", absl::StrCat(shop_url, "/webapi/rest/webhooks"), access_token,
                          webhook),
           // A lost answer may hide a webhook made: a second try would add another.
           ShoperRetries::kOnlyThrottled);
  if (!body.ok()) return body.status();
  return ParseWebhookId(*body);
}

absl::Status CurlShoperApi::UpdateWebhook(absl::string_view shop_url,
                                          absl::string_view access_token, int64_t id,
                                          const ShoperWebhook& webhook) {
  return Call("PUT webhooks", shop_url,
              WebhookRequest("PUT", absl::StrCat(shop_url, "/webapi/rest/webhooks/", id),
                             access_token, webhook))
      .status();
}

absl::StatusOr<ShoperOrderPage> CurlShoperApi::ListOrders(absl::string_view shop_url,
                                                          absl::string_view access_token,
                                                          const ShoperOrderQuery& query, int page,
                                                          int limit) {
  FetchLimits limits = limits_;
  limits.max_response_bytes = std::max(limits.max_response_bytes, kMaxOrderPageBytes);
  absl::StatusOr<std::string> body = Call(
      "GET orders", shop_url,
      GetRequest(absl::StrCat(shop_url, "/webapi/rest/orders?", OrdersQuery(query, page, limit)),
                 access_token),
      ShoperRetries::kOnFailure, &limits);
  if (!body.ok()) return body.status();
  return ParseOrderPage(*body);
}

}  // namespace opinus::server
