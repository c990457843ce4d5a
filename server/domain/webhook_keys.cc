#include "server/domain/webhook_keys.h"

#include "common/secrets.h"

namespace opinus::server {
namespace {

bool PreviousKeyWorks(const Shop& shop, absl::Time now) {
  return shop.previous_key.has_value() && now < shop.previous_key->valid_until;
}

}  // namespace

std::optional<KeyUsed> MatchWebhookKey(const Shop& shop, absl::string_view key, absl::Time now) {
  // Both comparisons always run, so the time taken does not tell which key,
  // if either, came close.
  const bool current = ConstantTimeEquals(shop.webhook_key, key);
  const bool previous =
      shop.previous_key.has_value() && ConstantTimeEquals(shop.previous_key->key, key);
  if (current) return KeyUsed::kCurrent;
  if (previous && PreviousKeyWorks(shop, now)) return KeyUsed::kPrevious;
  return std::nullopt;
}

void DropExpiredPreviousKey(Shop& shop, absl::Time now) {
  if (!PreviousKeyWorks(shop, now)) shop.previous_key.reset();
}

}  // namespace opinus::server
