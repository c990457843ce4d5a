// MysqlDashboardStore: DashboardStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_DASHBOARD_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_DASHBOARD_STORE_H_

#include "server/storage/dashboard_store.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// MysqlDashboardStore counts `order_events`, `invitations` and `opinions`
// through their shop indexes, never over another shop's rows. It does not own
// `pool`. Thread-safe.
class MysqlDashboardStore final : public DashboardStore {
 public:
  explicit MysqlDashboardStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<ShopDashboard> GetShopDashboard(ShopId shop_id, absl::Time now) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_DASHBOARD_STORE_H_
