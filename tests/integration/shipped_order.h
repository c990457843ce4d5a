// ShippedOrder: the core call a shipped order's webhook becomes, for
// integration tests that talk to opinus-server directly.
#ifndef OPINUS_TESTS_INTEGRATION_SHIPPED_ORDER_H_
#define OPINUS_TESTS_INTEGRATION_SHIPPED_ORDER_H_

#include <string>

#include "absl/time/time.h"
#include "opinus/v1/order_event.pb.h"

namespace opinus::testing {

// ShippedOrder returns the RecordOrderEvent request of order `order_id` of the
// shop with `key`, bought by Jan Kowalski at `email`, entering Shoper's
// "przesyłka wysłana" (7, closed) at `when`, written in the shop's `zone`.
inline opinus::v1::RecordOrderEventRequest ShippedOrder(const std::string& key,
                                                        const std::string& order_id,
                                                        const std::string& email, absl::Time when,
                                                        absl::TimeZone zone) {
  opinus::v1::RecordOrderEventRequest request;
  request.set_webhook_key(key);
  opinus::v1::OrderEvent* event = request.mutable_event();
  event->set_event_name("order.status");
  event->set_kind(opinus::v1::ORDER_EVENT_KIND_STATUS_CHANGED);
  event->set_order_id(order_id);
  event->set_customer_email(email);
  event->set_customer_first_name("Jan");
  event->set_customer_last_name("Kowalski");
  event->mutable_status()->set_status_id(7);
  event->mutable_status()->set_type(opinus::v1::ORDER_STATUS_TYPE_CLOSED);
  event->mutable_status()->set_name("przesyłka wysłana");
  event->set_status_local_time(absl::FormatTime("%Y-%m-%d %H:%M:%S", when, zone));
  return request;
}

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_INTEGRATION_SHIPPED_ORDER_H_
