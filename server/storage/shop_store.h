// ShopStore: where shops, their keys and settings are kept.
#ifndef OPINUS_SERVER_STORAGE_SHOP_STORE_H_
#define OPINUS_SERVER_STORAGE_SHOP_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// ShopStore keeps shops. Implementations are thread-safe. Every method may
// return UNAVAILABLE when the storage cannot be reached.
class ShopStore {
 public:
  virtual ~ShopStore() = default;

  // CreateShop inserts `shop` (its id is ignored) and returns it with its id.
  // ALREADY_EXISTS when its webhook key is taken.
  virtual absl::StatusOr<Shop> CreateShop(const Shop& shop) = 0;

  // GetShop returns the shop, NOT_FOUND when there is none.
  virtual absl::StatusOr<Shop> GetShop(ShopId id) = 0;

  // GetShops returns those of the shops `ids` that exist, in no given order.
  // This one calls GetShop for each.
  virtual absl::StatusOr<std::vector<Shop>> GetShops(const std::vector<ShopId>& ids) {
    std::vector<Shop> shops;
    for (ShopId id : ids) {
      absl::StatusOr<Shop> shop = GetShop(id);
      if (shop.ok()) {
        shops.push_back(*std::move(shop));
      } else if (!absl::IsNotFound(shop.status())) {
        return shop.status();
      }
    }
    return shops;
  }

  // FindShopByKey returns the shop whose webhook key or previous key is
  // exactly `key`, or nullopt; a previous key is found whether or not it
  // still works. The caller compares the key again in constant time and
  // decides (MatchWebhookKey).
  virtual absl::StatusOr<std::optional<Shop>> FindShopByKey(const std::string& key) = 0;

  // FindShopBySlug returns the shop whose slug is exactly `slug`, or nullopt.
  virtual absl::StatusOr<std::optional<Shop>> FindShopBySlug(const std::string& slug) = 0;

  // SetShopSlug gives the shop `slug` when it has none and returns the shop
  // as stored: a shop that has a slug keeps it (a slug is never changed, since
  // links to it are out in the world). NOT_FOUND when there is no shop;
  // ALREADY_EXISTS when another shop has `slug`.
  virtual absl::StatusOr<Shop> SetShopSlug(ShopId id, const std::string& slug) = 0;

  // ListShops returns shops in ascending id order: every shop, or when
  // `owner_id` is set only that owner's.
  virtual absl::StatusOr<Page<Shop>> ListShops(std::optional<OwnerId> owner_id,
                                               const PageRequest& page) = 0;

  // SetWebhookKey replaces the shop's key, in one change: with
  // `keep_previous_until`, the replaced key becomes the previous key valid
  // until then; without, no previous key is kept. Either way the previous key
  // of an earlier rotation is gone. NOT_FOUND when there is no shop;
  // ALREADY_EXISTS when another shop has `key`.
  virtual absl::StatusOr<Shop> SetWebhookKey(ShopId id, const std::string& key,
                                             std::optional<absl::Time> keep_previous_until,
                                             absl::Time now) = 0;

  // DropPreviousKey forgets the shop's previous key, if any. NOT_FOUND when
  // there is no shop.
  virtual absl::StatusOr<Shop> DropPreviousKey(ShopId id, absl::Time now) = 0;

  // ApproveShop records that an operator approved the shop at `now` (a
  // shop approved already keeps its first approval). NOT_FOUND when there is
  // no shop.
  virtual absl::StatusOr<Shop> ApproveShop(ShopId id, absl::Time now) = 0;

  // CountMailsSentSince returns, for each of the shops `ids` that sent any,
  // how many e-mails (invitations and reminders) the mail server accepted
  // at or after `since`.
  virtual absl::StatusOr<std::map<ShopId, int>> CountMailsSentSince(const std::vector<ShopId>& ids,
                                                                    absl::Time since) = 0;

  // UpdateSettings stores `settings` and, when the delay changes, re-plans in
  // the same transaction every scheduled invitation of the shop to its status
  // time + the new delay.
  // NOT_FOUND when there is no shop.
  virtual absl::StatusOr<Shop> UpdateSettings(ShopId id, const ShopSettings& settings,
                                              absl::Time now) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_SHOP_STORE_H_
