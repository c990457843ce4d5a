// MysqlOrderEventStore: OrderEventStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_ORDER_EVENT_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_ORDER_EVENT_STORE_H_

#include <vector>

#include "common/metrics.h"
#include "server/storage/mysql/session_pool.h"
#include "server/storage/order_event_store.h"

namespace opinus::server {

// MysqlOrderEventStore keeps the `orders` and `order_events` tables and
// creates and cancels rows of `invitations` as decisions say. The order's row
// lock (taken by INSERT ... ON DUPLICATE KEY UPDATE, held to the commit)
// serialises events of one order; the unique key
// (shop_id, order_id) of invitations backs the one-invitation rule. It does
// not own `pool`. Thread-safe.
class MysqlOrderEventStore final : public OrderEventStore {
 public:
  // `metrics` counts batches written again one write at a time
  // (opinus_ingest_batch_fallbacks_total) and writes deferred past their
  // batch (opinus_ingest_deferred_total); nullptr: a registry of its own
  // that nobody reads. Not owned.
  explicit MysqlOrderEventStore(SessionPool* pool, metrics::Registry* metrics = nullptr);

  // Apply stores one write in its own transaction.
  absl::StatusOr<EventRecord> Apply(OrderEventWrite write) override;
  // ApplyOrderEvents stores all `writes` in one transaction; when that fails
  // (but for UNAVAILABLE, which every write gets), each in its own. A write
  // whose order's invitation a dispatcher is sending (its row locked across
  // the SMTP conversation) does not hold up the batch: it and its order's
  // later writes are stored after the commit, each in its own transaction,
  // which waits for the send.
  std::vector<absl::StatusOr<EventRecord>> ApplyOrderEvents(
      std::vector<OrderEventWrite> writes) override;
  absl::StatusOr<Page<EventRecord>> ListEvents(ShopId shop_id, const PageRequest& page) override;

 private:
  SessionPool* pool_;
  metrics::Registry own_metrics_;
  metrics::Counter& fallbacks_;
  metrics::Counter& deferred_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_ORDER_EVENT_STORE_H_
