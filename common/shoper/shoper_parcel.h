// Translation of Shoper's parcel.dispatch body (a parcel object) into the
// parcel of an opinus.v1.OrderEvent. Pure: no I/O.
#ifndef OPINUS_COMMON_SHOPER_SHOPER_PARCEL_H_
#define OPINUS_COMMON_SHOPER_SHOPER_PARCEL_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "opinus/v1/order_event.pb.h"

namespace opinus::shoper {

// The event whose body is a parcel rather than an order.
inline constexpr absl::string_view kParcelDispatchEventName = "parcel.dispatch";

// ReadShoperParcel fills `event`'s order_id and parcel from `body`, Shoper's
// parcel object (`parcel_id`, `order_id`, `send_date` "YYYY-MM-DD HH:MM:SS"
// in the shop's local time, `sent`, ...), or an array holding exactly one.
// The shape is not documented (shoper-webhooks.md), so ids and the date may
// be JSON strings or numbers, `sent` a boolean, 0/1 or "0"/"1" (absent: the
// dispatch itself says it was sent), and other members are ignored.
//
// Returns INVALID_ARGUMENT "field: problem", `event` unchanged: "body: not
// valid JSON", "body: not a parcel object", "order_id: missing", "send_date:
// missing", "sent: not a flag" (these naming the field as data, see
// common/field_violation.h), "<field>: not a string or number".
[[nodiscard]] absl::Status ReadShoperParcel(absl::string_view body, opinus::v1::OrderEvent* event);

}  // namespace opinus::shoper

#endif  // OPINUS_COMMON_SHOPER_SHOPER_PARCEL_H_
