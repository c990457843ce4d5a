// BackfillStore: owners' backfills of past orders, their progress, and the
// App Store access they read the orders with.
#ifndef OPINUS_SERVER_STORAGE_BACKFILL_STORE_H_
#define OPINUS_SERVER_STORAGE_BACKFILL_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/model.h"
#include "server/domain/order_backfill.h"

namespace opinus::server {

// ShopApiAccess is how the core reads a shop's Shoper REST API: the shop's
// URL and its access token (a secret) from its App Store installation, and
// what refreshing the token takes: the installation's id and its refresh
// token (a secret).
struct ShopApiAccess {
  std::string shop_url;
  std::string access_token;
  int64_t installation_id = 0;
  std::string refresh_token;
};

// BackfillStore keeps each shop's backfills; at most one of a shop is
// running at a time. Implementations are thread-safe; every method may
// return UNAVAILABLE when the storage cannot be reached.
class BackfillStore {
 public:
  virtual ~BackfillStore() = default;

  // FindShopAccess returns the API access of shop `shop_id`'s App Store
  // installation: installed, connected, with an access token; nullopt when
  // the shop has none (a shop connected by hand, an uninstalled app).
  [[nodiscard]] virtual absl::StatusOr<std::optional<ShopApiAccess>> FindShopAccess(
      ShopId shop_id) = 0;

  // StartBackfill stores `backfill` (running, due at its next_attempt_time)
  // and returns it with its id. ALREADY_EXISTS when the shop has a running
  // one, on any core.
  [[nodiscard]] virtual absl::StatusOr<OrderBackfill> StartBackfill(OrderBackfill backfill) = 0;

  // ClaimBackfill returns a running backfill due at `now`, the earliest due
  // first, having moved its next attempt to `lease_until` so that no other
  // claimer (core) takes it meanwhile; nullopt when none is due.
  [[nodiscard]] virtual absl::StatusOr<std::optional<OrderBackfill>> ClaimBackfill(
      absl::Time now, absl::Time lease_until) = 0;

  // SaveBackfill stores `backfill`'s state, progress, counts, attempts,
  // error and next attempt. NOT_FOUND when there is no such backfill.
  [[nodiscard]] virtual absl::Status SaveBackfill(const OrderBackfill& backfill) = 0;

  // LatestBackfill returns the shop's latest backfill, nullopt when none.
  [[nodiscard]] virtual absl::StatusOr<std::optional<OrderBackfill>> LatestBackfill(
      ShopId shop_id) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_BACKFILL_STORE_H_
