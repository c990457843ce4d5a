// ShoperApi: the calls to a shop's Shoper REST API that connect it once the
// App Store installed Opinus there: tokens, the shop's time zone and order
// statuses, our webhook.
#ifndef OPINUS_SERVER_DOMAIN_SHOPER_API_H_
#define OPINUS_SERVER_DOMAIN_SHOPER_API_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// ShoperTokens are what the token exchange grants. Secrets, both tokens.
struct ShoperTokens {
  std::string access_token;
  std::string refresh_token;
  absl::Time expire_time;
  // Comma-separated, as granted; may be empty.
  std::string scope;
};

// ShoperStatus is one of a shop's order statuses: its id and what it means.
struct ShoperStatus {
  int64_t id = 0;
  StatusType type = StatusType::kUnspecified;
};

// ShoperWebhook is the webhook we keep in a shop: Shoper POSTs `events` to
// `url` as JSON, signed with `secret` (a secret).
struct ShoperWebhook {
  std::string url;
  std::string secret;
  std::vector<std::string> events;
};

// ShoperOrderQuery selects orders as a backfill reads them: whose status
// date is at or after `since_local` (shop-local, naive, "YYYY-MM-DD
// HH:MM:SS", as Shoper keeps it) and whose status is one of `status_ids`.
struct ShoperOrderQuery {
  std::string since_local;
  std::vector<int64_t> status_ids;
};

// ShoperOrderPage is one page of GET orders, oldest status date first: how
// many orders match in all, how many pages there are, and each row (the
// whole order, as a webhook delivers it) as JSON text.
struct ShoperOrderPage {
  int64_t count = 0;
  int pages = 1;
  std::vector<std::string> orders;
};

// ShoperApi calls one shop's REST API at `shop_url` (as the install callback
// gave it, no trailing slash). Implementations are thread-safe. Every method
// returns UNAVAILABLE when the shop cannot be reached or answers 5xx,
// DEADLINE_EXCEEDED when it is too slow, RESOURCE_EXHAUSTED for 429, UNAUTHENTICATED for 401,
// PERMISSION_DENIED for 403, NOT_FOUND for 404, FAILED_PRECONDITION for another refusal, INTERNAL
// for an answer it cannot read; no message carries a secret.
class ShoperApi {
 public:
  virtual ~ShoperApi() = default;

  // ExchangeAuthCode trades an install's one-time `auth_code` for tokens;
  // their expiry counts from `now`.
  [[nodiscard]] virtual absl::StatusOr<ShoperTokens> ExchangeAuthCode(absl::string_view shop_url,
                                                                      absl::string_view auth_code,
                                                                      absl::Time now) = 0;

  // RefreshTokens trades `refresh_token` for new tokens, whose refresh token
  // replaces it; their expiry counts from `now`.
  [[nodiscard]] virtual absl::StatusOr<ShoperTokens> RefreshTokens(absl::string_view shop_url,
                                                                   absl::string_view refresh_token,
                                                                   absl::Time now) = 0;

  // GetTimeZone returns the shop's time zone (application-config's
  // `locale_timezone`), "" when it names none.
  [[nodiscard]] virtual absl::StatusOr<std::string> GetTimeZone(absl::string_view shop_url,
                                                                absl::string_view access_token) = 0;

  // ListStatuses returns every order status of the shop, page after page.
  [[nodiscard]] virtual absl::StatusOr<std::vector<ShoperStatus>> ListStatuses(
      absl::string_view shop_url, absl::string_view access_token) = 0;

  // CreateWebhook adds `webhook`, active, and returns its id.
  [[nodiscard]] virtual absl::StatusOr<int64_t> CreateWebhook(absl::string_view shop_url,
                                                              absl::string_view access_token,
                                                              const ShoperWebhook& webhook) = 0;

  // UpdateWebhook makes webhook `id` `webhook`, active; NOT_FOUND when the
  // shop no longer has it.
  [[nodiscard]] virtual absl::Status UpdateWebhook(absl::string_view shop_url,
                                                   absl::string_view access_token, int64_t id,
                                                   const ShoperWebhook& webhook) = 0;

  // ListOrders returns page `page` (from 1) of the orders `query` selects,
  // `limit` (1-50) a page, ascending by status date.
  [[nodiscard]] virtual absl::StatusOr<ShoperOrderPage> ListOrders(absl::string_view shop_url,
                                                                   absl::string_view access_token,
                                                                   const ShoperOrderQuery& query,
                                                                   int page, int limit) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_SHOPER_API_H_
