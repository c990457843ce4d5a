// DashboardStore: the figures of a shop's dashboard, counted by the storage.
#ifndef OPINUS_SERVER_STORAGE_DASHBOARD_STORE_H_
#define OPINUS_SERVER_STORAGE_DASHBOARD_STORE_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/dashboard.h"
#include "server/domain/model.h"

namespace opinus::server {

// DashboardStore counts webhooks, invitations and opinions of one shop.
// Implementations are thread-safe; every method may return UNAVAILABLE when
// the storage cannot be reached.
class DashboardStore {
 public:
  virtual ~DashboardStore() = default;

  // GetShopDashboard returns the shop's figures as at `now` (a shop with
  // nothing yet, or no such shop, gets zeros and its kDashboardWeeks empty
  // weeks: the caller checks that the shop exists).
  [[nodiscard]] virtual absl::StatusOr<ShopDashboard> GetShopDashboard(ShopId shop_id,
                                                                       absl::Time now) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_DASHBOARD_STORE_H_
