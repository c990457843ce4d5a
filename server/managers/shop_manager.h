// ShopManager: the rules for creating shops, rotating keys and changing
// settings.
#ifndef OPINUS_SERVER_MANAGERS_SHOP_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_SHOP_MANAGER_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/account.h"
#include "server/domain/clock.h"
#include "server/domain/key_generator.h"
#include "server/domain/model.h"
#include "server/domain/webhook_keys.h"
#include "server/storage/shop_store.h"

namespace opinus::server {

// SettingsUpdate names the settings to change; the others stay as they are.
struct SettingsUpdate {
  std::optional<int> invitation_delay_days;
  std::optional<TriggerRule> trigger;
  std::optional<std::string> time_zone;
  std::optional<bool> sending_enabled;
  std::optional<std::string> sender_name;
  std::optional<std::string> language;
  std::optional<SendingHours> sending_hours;
  std::optional<std::string> webhook_secret;
  std::optional<int> reminder_days;
};

// KeyRotationListener hears of each key ShopManager rotated, once the
// rotation is stored; it must not fail the rotation. Thread-safe.
class KeyRotationListener {
 public:
  virtual ~KeyRotationListener() = default;
  virtual void KeyRotated(ShopId shop_id) = 0;
};

// EnsureShopSlug returns `shop` with its slug, giving it one in `store` when
// it has none: the first of ShopSlugCandidate's attempts no other shop has
// (another process giving it one at the same time wins, and its slug is
// returned). NOT_FOUND when the shop is gone; RESOURCE_EXHAUSTED when every
// attempt is taken.
absl::StatusOr<Shop> EnsureShopSlug(ShopStore& store, Shop shop);

// ShopManager creates and changes shops. Every shop it returns shows a
// previous key only while that still works. It does not own its
// collaborators, which must outlive it. Thread-safe.
class ShopManager {
 public:
  // A rotated-out key keeps working for `key_rotation_grace`; zero or less:
  // not at all. `rotations` (may be null) hears of every rotation.
  ShopManager(ShopStore* store, KeyGenerator* keys, const Clock* clock,
              absl::Duration key_rotation_grace = kDefaultKeyRotationGrace,
              KeyRotationListener* rotations = nullptr)
      : store_(store),
        keys_(keys),
        clock_(clock),
        key_rotation_grace_(key_rotation_grace),
        rotations_(rotations) {}

  // CreateShop registers a shop with default settings and a fresh key. With
  // `owner`, the shop is theirs, `owner_email` defaults to theirs, and it
  // waits for an operator's approval (ApproveShop); without, it is approved.
  // It gets its slug at once (EnsureShopSlug). INVALID_ARGUMENT names the bad
  // field.
  absl::StatusOr<Shop> CreateShop(const std::string& name, const std::string& domain,
                                  const std::string& owner_email,
                                  const std::optional<Owner>& owner = std::nullopt);

  // ApproveShop lets the shop send without the daily cap of shops not yet
  // approved; NOT_FOUND when there is none.
  absl::StatusOr<Shop> ApproveShop(ShopId id);

  // GetShop returns the shop; NOT_FOUND when there is none.
  absl::StatusOr<Shop> GetShop(ShopId id);

  // GetOwnedShop returns the shop when `owner_id` is nullopt or owns it;
  // NOT_FOUND, as for a missing shop, when it is another owner's.
  absl::StatusOr<Shop> GetOwnedShop(ShopId id, std::optional<OwnerId> owner_id);

  // ListShops returns a page of shops in id order: every shop, or only
  // `owner_id`'s.
  absl::StatusOr<Page<Shop>> ListShops(const PageRequest& page,
                                       std::optional<OwnerId> owner_id = std::nullopt);

  // RotateKey gives the shop a new key. The old one becomes the previous key
  // until now + the grace (replacing an earlier previous key), or with no
  // grace stops working at once; then the listener hears of it. NOT_FOUND
  // when there is no shop.
  absl::StatusOr<Shop> RotateKey(ShopId id);

  // EndKeyRotationGrace stops the shop's previous key at once, if it has one.
  // NOT_FOUND when there is no shop.
  absl::StatusOr<Shop> EndKeyRotationGrace(ShopId id);

  // UpdateSettings applies `update`, validates the result (INVALID_ARGUMENT
  // naming the field) and stores it; a new delay re-plans scheduled invitations.
  absl::StatusOr<Shop> UpdateSettings(ShopId id, const SettingsUpdate& update);

 private:
  // Current returns `shop` without a previous key that no longer works.
  absl::StatusOr<Shop> Current(absl::StatusOr<Shop> shop) const;

  ShopStore* store_;
  KeyGenerator* keys_;
  const Clock* clock_;
  const absl::Duration key_rotation_grace_;
  KeyRotationListener* rotations_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_SHOP_MANAGER_H_
