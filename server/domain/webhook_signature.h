// Checking a Shoper webhook's signature (X-Webhook-Sha1) against the shop's
// secret.
#ifndef OPINUS_SERVER_DOMAIN_WEBHOOK_SIGNATURE_H_
#define OPINUS_SERVER_DOMAIN_WEBHOOK_SIGNATURE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "server/domain/model.h"

namespace opinus::server {

// ShoperSignature returns what Shoper sends as X-Webhook-Sha1 for `body`:
// lowercase hex SHA-1 of webhook_id + ":" + secret + ":" + body (plain SHA-1,
// not an HMAC).
std::string ShoperSignature(absl::string_view webhook_id, absl::string_view secret,
                            absl::string_view body);

// IsValidShoperSignature returns whether `signature` is what `secret` gives
// for its body, compared in constant time; false when it carries none.
bool IsValidShoperSignature(const WebhookSignature& signature, absl::string_view secret);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_WEBHOOK_SIGNATURE_H_
