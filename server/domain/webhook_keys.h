// Which of a shop's webhook keys authenticate a delivery: the current one
// always, the previous one during the grace that follows a rotation.
#ifndef OPINUS_SERVER_DOMAIN_WEBHOOK_KEYS_H_
#define OPINUS_SERVER_DOMAIN_WEBHOOK_KEYS_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// How long a rotated-out key keeps working unless the server says otherwise
// (--key_rotation_grace): long enough for Shoper's retries of a day.
inline constexpr absl::Duration kDefaultKeyRotationGrace = absl::Hours(24);

// MatchWebhookKey returns which of `shop`'s keys `key` is at `now`: the
// current one, or the previous one while `now` is before its valid_until;
// nullopt for neither. Compares in constant time.
std::optional<KeyUsed> MatchWebhookKey(const Shop& shop, absl::string_view key, absl::Time now);

// DropExpiredPreviousKey clears `shop`'s previous key once it no longer works
// at `now`, so that nobody is shown a key that is refused.
void DropExpiredPreviousKey(Shop& shop, absl::Time now);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_WEBHOOK_KEYS_H_
