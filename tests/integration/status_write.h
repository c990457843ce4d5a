// StatusWrite: one order status change as an OrderEventWrite, for tests of
// ApplyOrderEvents.
#ifndef OPINUS_TESTS_INTEGRATION_STATUS_WRITE_H_
#define OPINUS_TESTS_INTEGRATION_STATUS_WRITE_H_

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "server/domain/model.h"
#include "server/domain/scheduling.h"
#include "server/storage/order_event_store.h"

namespace opinus::server {

// StatusWrite is order `order_id` of `shop` entering status `status_id` of
// `type` at `time`, decided by the domain's rules, for ApplyOrderEvents.
inline OrderEventWrite StatusWrite(const Shop& shop, absl::Time now, const std::string& order_id,
                                   int64_t status_id, StatusType type, absl::Time time) {
  EventRecord record;
  record.shop_id = shop.id;
  record.receive_time = now;
  record.event_name = "order.status";
  record.order_id = order_id;
  record.status_id = status_id;
  record.status_type = type;
  record.status_time = time;
  Invitation draft;
  draft.shop_id = shop.id;
  draft.order_id = order_id;
  draft.customer_email = "jan.kowalski@example.com";
  const StatusChange change{status_id, type, time, std::nullopt};
  return {record,
          [change, settings = shop.settings, draft, now](const OrderSnapshot& order) {
            return DecideStatusChange(order, change, settings, draft, now);
          },
          ""};
}

}  // namespace opinus::server

#endif  // OPINUS_TESTS_INTEGRATION_STATUS_WRITE_H_
