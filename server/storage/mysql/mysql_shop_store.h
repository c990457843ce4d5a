// MysqlShopStore: ShopStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_SHOP_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_SHOP_STORE_H_

#include "server/storage/mysql/session_pool.h"
#include "server/storage/shop_store.h"

namespace opinus::server {

// MysqlShopStore keeps shops in the `shops` table. It does not own `pool`.
// Thread-safe.
class MysqlShopStore final : public ShopStore {
 public:
  explicit MysqlShopStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<Shop> CreateShop(const Shop& shop) override;
  absl::StatusOr<Shop> GetShop(ShopId id) override;
  // GetShops reads all in one SELECT.
  absl::StatusOr<std::vector<Shop>> GetShops(const std::vector<ShopId>& ids) override;
  // FindShopByKey looks the key up in each key column by its own unique index.
  absl::StatusOr<std::optional<Shop>> FindShopByKey(const std::string& key) override;
  absl::StatusOr<std::optional<Shop>> FindShopBySlug(const std::string& slug) override;
  absl::StatusOr<Shop> SetShopSlug(ShopId id, const std::string& slug) override;
  absl::StatusOr<Page<Shop>> ListShops(std::optional<OwnerId> owner_id,
                                       const PageRequest& page) override;
  absl::StatusOr<Shop> ApproveShop(ShopId id, absl::Time now) override;
  absl::StatusOr<std::map<ShopId, int>> CountMailsSentSince(const std::vector<ShopId>& ids,
                                                            absl::Time since) override;
  absl::StatusOr<Shop> SetWebhookKey(ShopId id, const std::string& key,
                                     std::optional<absl::Time> keep_previous_until,
                                     absl::Time now) override;
  absl::StatusOr<Shop> DropPreviousKey(ShopId id, absl::Time now) override;
  absl::StatusOr<Shop> UpdateSettings(ShopId id, const ShopSettings& settings,
                                      absl::Time now) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_SHOP_STORE_H_
