#include "server/storage/caching_shop_store.h"

#include <utility>

namespace opinus::server {

absl::StatusOr<std::optional<Shop>> CachingShopStore::FindShopByKey(const std::string& key) {
  if (options_.ttl <= absl::ZeroDuration()) return store_->FindShopByKey(key);
  const absl::Time now = clock_->Now();
  uint64_t changes_before = 0;
  {
    absl::MutexLock lock(&mutex_);
    auto entry = entries_.find(key);
    if (entry != entries_.end() && now < entry->second.expires) return entry->second.shop;
    changes_before = changes_;
  }
  absl::StatusOr<std::optional<Shop>> found = store_->FindShopByKey(key);
  if (!found.ok()) return found;
  absl::MutexLock lock(&mutex_);
  // A change since the read may have made it stale: the next lookup reads again.
  if (changes_ != changes_before) return found;
  // Starting over costs one read per active key; evicting one entry at a time
  // would cost a scan or an ordering per insert.
  if (entries_.size() >= options_.max_entries && !entries_.contains(key)) entries_.clear();
  entries_.insert_or_assign(key, Entry{*found, now + options_.ttl});
  return found;
}

absl::StatusOr<Shop> CachingShopStore::CreateShop(const Shop& shop) {
  absl::StatusOr<Shop> created = store_->CreateShop(shop);
  // A new shop has no entries of its own (ids start at 1); its key may have
  // been cached as unknown.
  Forget(0, shop.webhook_key);
  return created;
}

absl::StatusOr<Shop> CachingShopStore::SetWebhookKey(ShopId id, const std::string& key,
                                                     std::optional<absl::Time> keep_previous_until,
                                                     absl::Time now) {
  absl::StatusOr<Shop> changed = store_->SetWebhookKey(id, key, keep_previous_until, now);
  // Also after an error: the change may have been committed all the same.
  Forget(id, key);
  return changed;
}

absl::StatusOr<Shop> CachingShopStore::ApproveShop(ShopId id, absl::Time now) {
  absl::StatusOr<Shop> changed = store_->ApproveShop(id, now);
  Forget(id, std::string());
  return changed;
}

absl::StatusOr<Shop> CachingShopStore::DropPreviousKey(ShopId id, absl::Time now) {
  absl::StatusOr<Shop> changed = store_->DropPreviousKey(id, now);
  // Also after an error, as above. The ended key's entry holds this shop, so
  // dropping the shop's entries drops it too.
  Forget(id, std::string());
  return changed;
}

absl::StatusOr<Shop> CachingShopStore::UpdateSettings(ShopId id, const ShopSettings& settings,
                                                      absl::Time now) {
  absl::StatusOr<Shop> changed = store_->UpdateSettings(id, settings, now);
  Forget(id, std::string());
  return changed;
}

absl::StatusOr<Shop> CachingShopStore::SetShopSlug(ShopId id, const std::string& slug) {
  absl::StatusOr<Shop> changed = store_->SetShopSlug(id, slug);
  Forget(id, std::string());
  return changed;
}

void CachingShopStore::Forget(ShopId id, const std::string& key) {
  absl::MutexLock lock(&mutex_);
  ++changes_;
  entries_.erase(key);
  absl::erase_if(entries_, [id](const auto& entry) {
    return entry.second.shop.has_value() && entry.second.shop->id == id;
  });
}

}  // namespace opinus::server
