// The checks a webhook request must pass before its body is even parsed:
// key format, body size and content type. Pure functions.
#ifndef OPINUS_GATEWAY_HTTP_WEBHOOK_CHECKS_H_
#define OPINUS_GATEWAY_HTTP_WEBHOOK_CHECKS_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// The largest webhook body accepted: an order with hundreds of lines is well
// under it.
inline constexpr size_t kMaxWebhookBodyBytes = size_t{1} << 20;

// The length of a shop's webhook key.
inline constexpr size_t kWebhookKeyLength = 20;

// IsWellFormedWebhookKey returns whether `key` could be a webhook key: exactly
// 20 ASCII letters and digits. Says nothing about whether a shop has it.
bool IsWellFormedWebhookKey(absl::string_view key);

// IsJsonContentType returns whether a Content-Type header value names JSON:
// "application/json" in any letter case, with any parameters
// ("application/json; charset=utf-8").
bool IsJsonContentType(absl::string_view content_type);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_WEBHOOK_CHECKS_H_
