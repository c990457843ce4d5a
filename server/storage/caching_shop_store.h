// CachingShopStore: a ShopStore that remembers, for a short time, which shop
// a webhook key belongs to (or that it belongs to none), so that webhooks do
// not read the shop from the database every time.
#ifndef OPINUS_SERVER_STORAGE_CACHING_SHOP_STORE_H_
#define OPINUS_SERVER_STORAGE_CACHING_SHOP_STORE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/domain/clock.h"
#include "server/storage/shop_store.h"

namespace opinus::server {

struct ShopCacheOptions {
  // How long an answer of FindShopByKey is used; zero or less: never cached.
  absl::Duration ttl = absl::Seconds(5);
  // At most this many keys are remembered (known and unknown alike); when
  // full, the cache starts over empty.
  std::size_t max_entries = 10000;
};

// CachingShopStore passes every call to `store` and caches FindShopByKey's
// answers, "no such key" included, for `options.ttl`. Every change made
// through it (CreateShop, SetWebhookKey, DropPreviousKey, ApproveShop,
// UpdateSettings, SetShopSlug)
// drops the changed shop's entries at once, whichever of its keys they were
// found by, so this process never uses a shop older than its own last change:
// a previous key ended or replaced here stops working here at once. A
// previous key's own expiry needs no entry dropped: the cached shop carries
// its valid_until, which MatchWebhookKey checks against the clock. A change
// made by another process sharing the database is seen here at most `ttl`
// late; for keys that is no window, as every event a delivery writes has its
// key checked again as it commits (OrderEventWrite::sender_key). Errors are
// never cached. GetShop, GetShops, FindShopBySlug
// and ListShops are not cached. It owns neither `store` nor `clock`, which must
// outlive it. Thread-safe.
class CachingShopStore final : public ShopStore {
 public:
  CachingShopStore(ShopStore* store, const Clock* clock, ShopCacheOptions options)
      : store_(store), clock_(clock), options_(options) {}

  absl::StatusOr<Shop> CreateShop(const Shop& shop) override;
  absl::StatusOr<Shop> GetShop(ShopId id) override { return store_->GetShop(id); }
  absl::StatusOr<std::vector<Shop>> GetShops(const std::vector<ShopId>& ids) override {
    return store_->GetShops(ids);
  }
  absl::StatusOr<std::optional<Shop>> FindShopByKey(const std::string& key) override;
  absl::StatusOr<std::optional<Shop>> FindShopBySlug(const std::string& slug) override {
    return store_->FindShopBySlug(slug);
  }
  absl::StatusOr<Shop> SetShopSlug(ShopId id, const std::string& slug) override;
  absl::StatusOr<Page<Shop>> ListShops(std::optional<OwnerId> owner_id,
                                       const PageRequest& page) override {
    return store_->ListShops(owner_id, page);
  }
  absl::StatusOr<Shop> ApproveShop(ShopId id, absl::Time now) override;
  absl::StatusOr<std::map<ShopId, int>> CountMailsSentSince(const std::vector<ShopId>& ids,
                                                            absl::Time since) override {
    return store_->CountMailsSentSince(ids, since);
  }
  absl::StatusOr<Shop> SetWebhookKey(ShopId id, const std::string& key,
                                     std::optional<absl::Time> keep_previous_until,
                                     absl::Time now) override;
  absl::StatusOr<Shop> DropPreviousKey(ShopId id, absl::Time now) override;
  absl::StatusOr<Shop> UpdateSettings(ShopId id, const ShopSettings& settings,
                                      absl::Time now) override;

 private:
  struct Entry {
    std::optional<Shop> shop;
    absl::Time expires;
  };

  // Forget drops the entries of shop `id`, found by its key or its previous
  // key, and the entry of `key` (which may have been cached as unknown before
  // the change gave it to a shop).
  void Forget(ShopId id, const std::string& key) ABSL_LOCKS_EXCLUDED(mutex_);

  ShopStore* const store_;
  const Clock* const clock_;
  const ShopCacheOptions options_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mutex_);
  // Counts changes, so that a lookup that raced with one does not cache what
  // it read before the change.
  uint64_t changes_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_CACHING_SHOP_STORE_H_
