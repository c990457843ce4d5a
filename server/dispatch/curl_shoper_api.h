// CurlShoperApi: ShoperApi over HTTPS through libcurl (HttpFetch).
#ifndef OPINUS_SERVER_DISPATCH_CURL_SHOPER_API_H_
#define OPINUS_SERVER_DISPATCH_CURL_SHOPER_API_H_

#include <string>
#include <vector>

#include "server/dispatch/http_fetch.h"
#include "server/dispatch/shoper_api_limiter.h"
#include "server/domain/shoper_api.h"

namespace opinus::server {

// CurlShoperCredentials: the app's client id and client secret (a secret)
// from the App Store, with which the token exchange authenticates (HTTP
// Basic).
struct CurlShoperCredentials {
  std::string client_id;
  std::string client_secret;
};

// CurlShoperApi makes every call through `limiter` (the shop's rate limit,
// retries, a deadline), each attempt an HttpFetch within `limits`: https
// only (http:// only to loopback, for tests). Does not own `limiter`.
// Thread-safe.
class CurlShoperApi final : public ShoperApi {
 public:
  CurlShoperApi(CurlShoperCredentials credentials, FetchLimits limits, ShoperApiLimiter* limiter)
      : credentials_(std::move(credentials)), limits_(limits), limiter_(limiter) {}

  absl::StatusOr<ShoperTokens> ExchangeAuthCode(absl::string_view shop_url,
                                                absl::string_view auth_code,
                                                absl::Time now) override;
  absl::StatusOr<ShoperTokens> RefreshTokens(absl::string_view shop_url,
                                             absl::string_view refresh_token,
                                             absl::Time now) override;
  absl::StatusOr<std::string> GetTimeZone(absl::string_view shop_url,
                                          absl::string_view access_token) override;
  absl::StatusOr<std::vector<ShoperStatus>> ListStatuses(absl::string_view shop_url,
                                                         absl::string_view access_token) override;
  absl::StatusOr<int64_t> CreateWebhook(absl::string_view shop_url, absl::string_view access_token,
                                        const ShoperWebhook& webhook) override;
  absl::Status UpdateWebhook(absl::string_view shop_url, absl::string_view access_token, int64_t id,
                             const ShoperWebhook& webhook) override;
  absl::StatusOr<ShoperOrderPage> ListOrders(absl::string_view shop_url,
                                             absl::string_view access_token,
                                             const ShoperOrderQuery& query, int page,
                                             int limit) override;

 private:
  // Call sends `request` to the shop at `shop_url` through the limiter and
  // returns the 2xx answer's body, or ShoperErrorStatus named `call` for
  // any other.
  absl::StatusOr<std::string> Call(absl::string_view call, absl::string_view shop_url,
                                   const FetchRequest& request,
                                   ShoperRetries retries = ShoperRetries::kOnFailure,
                                   const FetchLimits* limits = nullptr) const;
  // TokenCall posts `form` to the shop's token endpoint, authenticated as
  // the app, and reads the tokens granted at `now`.
  absl::StatusOr<ShoperTokens> TokenCall(absl::string_view call, absl::string_view shop_url,
                                         std::string form, absl::Time now) const;

  const CurlShoperCredentials credentials_;
  const FetchLimits limits_;
  ShoperApiLimiter* limiter_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_CURL_SHOPER_API_H_
