// MysqlBackfillStore: BackfillStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_BACKFILL_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_BACKFILL_STORE_H_

#include "server/storage/backfill_store.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// MysqlBackfillStore keeps backfills in `order_backfills`, whose
// `running_shop_id` (the shop while running, else NULL) is unique, so that
// a shop has one running backfill whichever core starts it; the API access
// comes from `app_installations`. It does not own `pool`. Thread-safe.
class MysqlBackfillStore final : public BackfillStore {
 public:
  explicit MysqlBackfillStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<std::optional<ShopApiAccess>> FindShopAccess(ShopId shop_id) override;
  absl::StatusOr<OrderBackfill> StartBackfill(OrderBackfill backfill) override;
  absl::StatusOr<std::optional<OrderBackfill>> ClaimBackfill(absl::Time now,
                                                             absl::Time lease_until) override;
  absl::Status SaveBackfill(const OrderBackfill& backfill) override;
  absl::StatusOr<std::optional<OrderBackfill>> LatestBackfill(ShopId shop_id) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_BACKFILL_STORE_H_
