#include "server/managers/shop_manager.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/domain/shop_slug.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

// A key collision among 62^20 keys is practically impossible; retrying a few
// times keeps even that from reaching the caller.
constexpr int kKeyAttempts = 3;

// Shops on one domain are few: the "-N" suffixes stop well before this.
constexpr int kSlugAttempts = 100;

}  // namespace

absl::StatusOr<Shop> EnsureShopSlug(ShopStore& store, Shop shop) {
  for (int attempt = 1; shop.slug.empty() && attempt <= kSlugAttempts; ++attempt) {
    absl::StatusOr<Shop> stored =
        store.SetShopSlug(shop.id, ShopSlugCandidate(shop.domain, attempt));
    if (absl::IsAlreadyExists(stored.status())) continue;
    if (!stored.ok()) return stored.status();
    shop = *std::move(stored);
  }
  if (shop.slug.empty()) {
    return absl::ResourceExhaustedError(absl::StrCat("shop ", shop.id, ": every slug is taken"));
  }
  return shop;
}

absl::StatusOr<Shop> ShopManager::CreateShop(const std::string& name, const std::string& domain,
                                             const std::string& owner_email,
                                             const std::optional<Owner>& owner) {
  Shop shop;
  shop.name = std::string(absl::StripAsciiWhitespace(name));
  shop.domain = absl::AsciiStrToLower(absl::StripAsciiWhitespace(domain));
  shop.owner_email = std::string(absl::StripAsciiWhitespace(owner_email));
  if (owner) {
    shop.owner_id = owner->id;
    if (shop.owner_email.empty()) shop.owner_email = owner->email;
  }
  OPINUS_RETURN_IF_ERROR(ValidateShopIdentity(shop.name, shop.domain, shop.owner_email));
  shop.create_time = clock_->Now();
  // An operator's shop is approved as it is made; an owner's waits for one.
  if (!owner) shop.approve_time = shop.create_time;
  absl::StatusOr<Shop> created = absl::InternalError("no key attempt");
  for (int attempt = 0; attempt < kKeyAttempts; ++attempt) {
    shop.webhook_key = keys_->NewKey();
    created = store_->CreateShop(shop);
    if (!absl::IsAlreadyExists(created.status())) break;
  }
  if (!created.ok()) return created;
  return EnsureShopSlug(*store_, *std::move(created));
}

absl::StatusOr<Shop> ShopManager::GetShop(ShopId id) { return Current(store_->GetShop(id)); }

absl::StatusOr<Shop> ShopManager::ApproveShop(ShopId id) {
  return store_->ApproveShop(id, clock_->Now());
}

absl::StatusOr<Shop> ShopManager::GetOwnedShop(ShopId id, std::optional<OwnerId> owner_id) {
  absl::StatusOr<Shop> shop = GetShop(id);
  if (shop.ok() && owner_id && shop->owner_id != *owner_id) {
    // The same answer as for a shop that does not exist, so an owner cannot
    // even learn which ids are taken.
    return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
  }
  return shop;
}

absl::StatusOr<Page<Shop>> ShopManager::ListShops(const PageRequest& page,
                                                  std::optional<OwnerId> owner_id) {
  OPINUS_ASSIGN_OR_RETURN(Page<Shop> shops, store_->ListShops(owner_id, page));
  const absl::Time now = clock_->Now();
  for (Shop& shop : shops.items) DropExpiredPreviousKey(shop, now);
  return shops;
}

absl::StatusOr<Shop> ShopManager::RotateKey(ShopId id) {
  const absl::Time now = clock_->Now();
  std::optional<absl::Time> keep_previous_until;
  if (key_rotation_grace_ > absl::ZeroDuration()) keep_previous_until = now + key_rotation_grace_;
  absl::StatusOr<Shop> rotated = absl::InternalError("no key attempt");
  for (int attempt = 0; attempt < kKeyAttempts; ++attempt) {
    rotated = store_->SetWebhookKey(id, keys_->NewKey(), keep_previous_until, now);
    if (!absl::IsAlreadyExists(rotated.status())) break;
  }
  if (rotated.ok() && rotations_ != nullptr) rotations_->KeyRotated(id);
  return rotated;
}

absl::StatusOr<Shop> ShopManager::EndKeyRotationGrace(ShopId id) {
  return store_->DropPreviousKey(id, clock_->Now());
}

absl::StatusOr<Shop> ShopManager::UpdateSettings(ShopId id, const SettingsUpdate& update) {
  OPINUS_ASSIGN_OR_RETURN(Shop shop, store_->GetShop(id));
  ShopSettings settings = shop.settings;
  if (update.invitation_delay_days) settings.invitation_delay_days = *update.invitation_delay_days;
  if (update.trigger) settings.trigger = *update.trigger;
  if (update.time_zone) settings.time_zone = *update.time_zone;
  if (update.sending_enabled) settings.sending_enabled = *update.sending_enabled;
  if (update.sender_name) {
    settings.sender_name = std::string(absl::StripAsciiWhitespace(*update.sender_name));
  }
  if (update.language) settings.language = *update.language;
  if (update.sending_hours) settings.sending_hours = *update.sending_hours;
  if (update.webhook_secret) settings.webhook_secret = *update.webhook_secret;
  if (update.reminder_days) settings.reminder_days = *update.reminder_days;
  OPINUS_RETURN_IF_ERROR(ValidateShopSettings(settings));
  return Current(store_->UpdateSettings(id, settings, clock_->Now()));
}

absl::StatusOr<Shop> ShopManager::Current(absl::StatusOr<Shop> shop) const {
  if (shop.ok()) DropExpiredPreviousKey(*shop, clock_->Now());
  return shop;
}

}  // namespace opinus::server
