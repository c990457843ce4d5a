// Helpers that build the times and order events the domain tests feed in.
#ifndef OPINUS_TESTS_UNIT_SERVER_TEST_EVENTS_H_
#define OPINUS_TESTS_UNIT_SERVER_TEST_EVENTS_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// GoogleTest prints outcomes and states by name.
inline void PrintTo(EventOutcome outcome, std::ostream* os) { *os << EventOutcomeName(outcome); }
inline void PrintTo(InvitationState state, std::ostream* os) { *os << InvitationStateName(state); }

// Utc returns the instant of the given UTC date and time.
inline absl::Time Utc(int year, int month, int day, int hour, int minute, int second) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second),
                         absl::UTCTimeZone());
}

// StatusEvent returns a complete, valid "order.status" event: order
// `order_id` entered (status_id, type) at shop-local `local_time`.
inline OrderEvent StatusEvent(const std::string& order_id, int64_t status_id, StatusType type,
                              const std::string& local_time) {
  OrderEvent event;
  event.event_name = "order.status";
  event.kind = EventKind::kStatusChanged;
  event.order_id = order_id;
  event.customer_email = "jan.kowalski@example.com";
  event.customer_first_name = "Jan";
  event.customer_last_name = "Kowalski";
  event.status_id = status_id;
  event.status_type = type;
  event.status_name = "Status " + std::to_string(status_id);
  event.status_local_time = local_time;
  return event;
}

// Realised returns the event of `order_id` entering the closed status 7.
inline OrderEvent Realised(const std::string& order_id, const std::string& local_time) {
  return StatusEvent(order_id, 7, StatusType::kClosed, local_time);
}

// NotRealised returns the event of `order_id` entering the not-realised status 4.
inline OrderEvent NotRealised(const std::string& order_id, const std::string& local_time) {
  return StatusEvent(order_id, 4, StatusType::kNotRealised, local_time);
}

// Deleted returns an "order.delete" event, which carries only the order id.
inline OrderEvent Deleted(const std::string& order_id) {
  OrderEvent event;
  event.event_name = "order.delete";
  event.kind = EventKind::kDeleted;
  event.order_id = order_id;
  return event;
}

// ParcelSent returns a "parcel.dispatch" event, which carries no buyer nor
// status: `order_id`'s parcel was sent at shop-local `send_local_time`.
inline OrderEvent ParcelSent(const std::string& order_id, const std::string& send_local_time) {
  OrderEvent event;
  event.event_name = "parcel.dispatch";
  event.kind = EventKind::kParcelDispatched;
  event.order_id = order_id;
  event.parcel_id = "p" + order_id;
  event.parcel_send_local_time = send_local_time;
  event.parcel_sent = true;
  return event;
}

}  // namespace opinus::server

#endif  // OPINUS_TESTS_UNIT_SERVER_TEST_EVENTS_H_
