// The checks a webhook request must pass before its body is even parsed:
// body size and content type (the key's shape is common/webhook_key.h).
// Pure functions.
#ifndef OPINUS_GATEWAY_WEBHOOK_WEBHOOK_CHECKS_H_
#define OPINUS_GATEWAY_WEBHOOK_WEBHOOK_CHECKS_H_

#include <cstddef>
#include <optional>

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// The largest webhook body accepted: an order with hundreds of lines is well
// under it.
inline constexpr size_t kMaxWebhookBodyBytes = size_t{1} << 20;

// IsJsonContentType returns whether a Content-Type header value names JSON:
// "application/json" in any letter case, with any parameters
// ("application/json; charset=utf-8").
bool IsJsonContentType(absl::string_view content_type);

// IsXmlDelivery returns whether a delivery is XML, as a Shoper webhook set to
// Format: XML sends it: its Content-Type is "text/xml" or "application/xml"
// (any letter case, any parameters), or its body begins with "<" (after
// blanks and a byte order mark), whatever the Content-Type says. Which type
// Shoper sends is not documented, so every form counts.
bool IsXmlDelivery(std::optional<absl::string_view> content_type, absl::string_view body);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_WEBHOOK_WEBHOOK_CHECKS_H_
