// The checks a webhook request must pass before its body is even parsed:
// body size and content type (the key's shape is common/webhook_key.h).
// Pure functions.
#ifndef OPINUS_GATEWAY_WEBHOOK_WEBHOOK_CHECKS_H_
#define OPINUS_GATEWAY_WEBHOOK_WEBHOOK_CHECKS_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// The largest webhook body accepted: an order with hundreds of lines is well
// under it.
inline constexpr size_t kMaxWebhookBodyBytes = size_t{1} << 20;

// IsJsonContentType returns whether a Content-Type header value names JSON:
// "application/json" in any letter case, with any parameters
// ("application/json; charset=utf-8").
bool IsJsonContentType(absl::string_view content_type);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_WEBHOOK_WEBHOOK_CHECKS_H_
