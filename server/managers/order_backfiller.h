// OrderBackfiller: invites the customers of a shop's past orders on its
// owner's request: counts the orders first, then, in the background, reads
// them from the shop's Shoper REST API page by page and schedules them as a
// delivered order.status event would be.
#ifndef OPINUS_SERVER_MANAGERS_ORDER_BACKFILLER_H_
#define OPINUS_SERVER_MANAGERS_ORDER_BACKFILLER_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/clock.h"
#include "server/domain/delivery_rules.h"
#include "server/domain/order_backfill.h"
#include "server/domain/random.h"
#include "server/domain/shoper_api.h"
#include "server/managers/order_event_recorder.h"
#include "server/storage/backfill_store.h"
#include "server/storage/shop_store.h"

namespace opinus::server {

// BackfillSettings: how a failed page is retried (attempts in all before
// the backfill fails), how long a claim keeps other cores off a backfill
// (longer than a page takes), and how many pages one run reads before it
// lets the next backfill have a turn.
struct BackfillSettings {
  RetryPolicy retry{absl::Minutes(1), absl::Hours(1), 10};
  absl::Duration lease = absl::Minutes(2);
  int pages_per_run = 20;
};

// BackfillPreview is what a backfill of the last `days` days would read:
// the orders Shoper counts for its query.
struct BackfillPreview {
  int days = kDefaultBackfillDays;
  ShoperOrderQuery query;
  int64_t count = 0;
};

// OrderBackfiller does not own its collaborators. Thread-safe; several
// backfillers (cores) on one store each claim their own backfills.
class OrderBackfiller {
 public:
  // OrderReader reads one row of GET orders as an order event.
  using OrderReader = std::function<absl::StatusOr<OrderEvent>(absl::string_view)>;
  // AccessRefresher refreshes an access's tokens and returns it with the new
  // ones (AppStoreConnector::RefreshAccess).
  using AccessRefresher = std::function<absl::StatusOr<ShopApiAccess>(ShopApiAccess)>;

  OrderBackfiller(BackfillStore* store, ShopStore* shops, ShoperApi* shoper,
                  OrderEventRecorder* recorder, OrderReader reader, AccessRefresher refresh,
                  RandomSource* random, const Clock* clock, BackfillSettings settings = {})
      : store_(store),
        shops_(shops),
        shoper_(shoper),
        recorder_(recorder),
        reader_(std::move(reader)),
        refresh_(std::move(refresh)),
        random_(random),
        clock_(clock),
        settings_(settings) {}

  // Preview returns how many orders of shop `shop_id` a backfill of the
  // last `days` days would read (one call to the shop; a 401 refreshes the
  // tokens once and asks again, as for every page). NOT_FOUND for no
  // such shop; FAILED_PRECONDITION when the shop is not connected through
  // the App Store or its trigger names no statuses; INVALID_ARGUMENT for
  // days out of bounds; the API's errors as ShoperApi says.
  absl::StatusOr<BackfillPreview> Preview(ShopId shop_id, int days);

  // Start counts as Preview does and stores a running backfill, run in the
  // background by RunDue; errors as Preview's, and ALREADY_EXISTS while the
  // shop has a running one.
  absl::StatusOr<OrderBackfill> Start(ShopId shop_id, int days);

  // Latest returns the shop's latest backfill, nullopt when none.
  absl::StatusOr<std::optional<OrderBackfill>> Latest(ShopId shop_id);

  // RunDue runs each due backfill (ClaimBackfill), at most `max_backfills`,
  // for up to pages_per_run pages each, and returns how many it ran. Each
  // page's orders are recorded (OrderEventRecorder::RecordFetched) and the
  // progress stored before the next page is read, so a backfill stopped by
  // a restart resumes at the page it was on (orders recorded twice are
  // duplicates). A page answered 401 refreshes the installation's tokens
  // once and is asked again at once; a page that fails (a second 401, a
  // refused refresh, ...) is retried after the backoff; after the last
  // attempt the backfill fails. An error of the store is returned.
  absl::StatusOr<int> RunDue(int max_backfills = 4);

 private:
  // Access returns the shop's API access; FAILED_PRECONDITION when it has
  // none.
  absl::StatusOr<ShopApiAccess> Access(ShopId shop_id);
  // ListOrders returns the page `page` of `query`; on a 401 it refreshes
  // `access` once and asks again.
  absl::StatusOr<ShoperOrderPage> ListOrders(ShopApiAccess& access, const ShoperOrderQuery& query,
                                             int page, int limit);
  // Run reads `backfill`'s pages from where it is, storing each page's
  // progress; returns the first failure.
  absl::Status Run(OrderBackfill& backfill);
  // RecordPage records each order of `page` and counts them in `backfill`.
  absl::Status RecordPage(const ShoperOrderPage& page, OrderBackfill& backfill);

  BackfillStore* store_;
  ShopStore* shops_;
  ShoperApi* shoper_;
  OrderEventRecorder* recorder_;
  const OrderReader reader_;
  const AccessRefresher refresh_;
  RandomSource* random_;
  const Clock* clock_;
  const BackfillSettings settings_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_ORDER_BACKFILLER_H_
