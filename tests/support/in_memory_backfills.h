// InMemoryBackfillStore: BackfillStore over plain containers, for unit tests
// of the backfiller. Not durable.
#ifndef OPINUS_TESTS_SUPPORT_IN_MEMORY_BACKFILLS_H_
#define OPINUS_TESTS_SUPPORT_IN_MEMORY_BACKFILLS_H_

#include <map>
#include <optional>

#include "absl/synchronization/mutex.h"
#include "server/storage/backfill_store.h"

namespace opinus::server {

// InMemoryBackfillStore behaves like MysqlBackfillStore; the shops' API
// access is what SetAccess says (the MySQL store reads it from the App
// Store's installations). Thread-safe.
class InMemoryBackfillStore final : public BackfillStore {
 public:
  // SetAccess gives shop `shop_id` an App Store access (nullopt: none).
  void SetAccess(ShopId shop_id, std::optional<ShopApiAccess> access);

  absl::StatusOr<std::optional<ShopApiAccess>> FindShopAccess(ShopId shop_id) override;
  absl::StatusOr<OrderBackfill> StartBackfill(OrderBackfill backfill) override;
  absl::StatusOr<std::optional<OrderBackfill>> ClaimBackfill(absl::Time now,
                                                             absl::Time lease_until) override;
  absl::Status SaveBackfill(const OrderBackfill& backfill) override;
  absl::StatusOr<std::optional<OrderBackfill>> LatestBackfill(ShopId shop_id) override;

 private:
  absl::Mutex mutex_;
  std::map<ShopId, ShopApiAccess> access_ ABSL_GUARDED_BY(mutex_);
  // By id, so the latest of a shop is its last.
  std::map<int64_t, OrderBackfill> backfills_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::server

#endif  // OPINUS_TESTS_SUPPORT_IN_MEMORY_BACKFILLS_H_
