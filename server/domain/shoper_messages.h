// The bodies of Shoper REST API calls and the reading of their answers
// (docs/appstore.md; ../shared/reference/shoper-rest-api.md), apart from
// any transport.
#ifndef OPINUS_SERVER_DOMAIN_SHOPER_MESSAGES_H_
#define OPINUS_SERVER_DOMAIN_SHOPER_MESSAGES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/shoper_api.h"

namespace opinus::server {

// TokenRequestForm returns the form body that exchanges `auth_code`:
// "grant_type=authorization_code&code=<auth_code, percent-encoded>".
std::string TokenRequestForm(absl::string_view auth_code);

// RefreshRequestForm returns the form body that trades `refresh_token` for
// new tokens: "grant_type=refresh_token&refresh_token=<percent-encoded>".
std::string RefreshRequestForm(absl::string_view refresh_token);

// ParseTokenResponse reads the token endpoint's JSON answer received at
// `now`: `access_token` and `refresh_token` (non-empty strings), `expires_in`
// (positive seconds, a number or a numeric string), `token_type` (when
// present, "bearer" in any case), `scope` (a string, optional). INTERNAL
// naming the field that is missing or wrong; the message never quotes a
// token.
absl::StatusOr<ShoperTokens> ParseTokenResponse(absl::string_view body, absl::Time now);

// WebhookJson returns the JSON body that creates or updates `webhook`:
// format 0 (JSON), active 1, its url, secret and events.
std::string WebhookJson(const ShoperWebhook& webhook);

// ParseWebhookId reads the webhook POST's answer, the new id as a bare
// number (or a numeric string); INTERNAL when it is none or not positive.
absl::StatusOr<int64_t> ParseWebhookId(absl::string_view body);

// ParseApplicationConfig reads GET application-config's answer and returns
// its `locale_timezone` ("Europe/Warsaw"), "" when it has none; INTERNAL when
// the answer is not a JSON object or the field is not a string.
absl::StatusOr<std::string> ParseApplicationConfig(absl::string_view body);

// ShoperStatusPage is one page of GET statuses: its rows, and how many pages
// there are.
struct ShoperStatusPage {
  std::vector<ShoperStatus> statuses;
  int pages = 1;
};

// ParseStatusPage reads one page of GET statuses: `{"count": ..., "pages":
// ..., "page": ..., "list": [...]}`, numbers or numeric strings, `pages` 1
// when absent or not positive. Each row's `status_id` (positive) and `type` (1 new, 2
// opened, 3 closed, 4 not completed; any other value reads as unspecified).
// INTERNAL naming what is missing or wrong.
absl::StatusOr<ShoperStatusPage> ParseStatusPage(absl::string_view body);

// OrdersQuery returns the query string of GET orders for `page` of `query`,
// `limit` a page, oldest status date first: `limit`, `page`, `order` and
// `filters` (JSON: status_date >= since_local, status_id IN the ids),
// percent-encoded.
std::string OrdersQuery(const ShoperOrderQuery& query, int page, int limit);

// ParseOrderPage reads one page of GET orders: `count` and `pages` as
// numbers or numeric strings (0 orders when `count` is absent, 1 page when
// `pages` is), each row of `list` an object kept as its JSON text. INTERNAL
// naming what is wrong.
absl::StatusOr<ShoperOrderPage> ParseOrderPage(absl::string_view body);

// ShoperErrorStatus returns the status of a refused `call` (e.g.
// "POST webhooks") answered with `http_status` (not 2xx) and `body`, coded as
// ShoperApi says; the message names the call, the status and the answer's
// `error` and `error_description`, at most 200 bytes of them.
absl::Status ShoperErrorStatus(absl::string_view call, long http_status, absl::string_view body);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_SHOPER_MESSAGES_H_
