// Translation of Shoper webhook deliveries (event name + JSON order body) into
// opinus.v1.OrderEvent messages for the core. Pure functions: no I/O.
#ifndef OPINUS_COMMON_SHOPER_SHOPER_WEBHOOK_H_
#define OPINUS_COMMON_SHOPER_SHOPER_WEBHOOK_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "opinus/v1/order_event.pb.h"

namespace opinus::shoper {

// The event assumed when a delivery carries no X-Webhook-Name header: the one
// event every Opinus webhook is set up with.
inline constexpr absl::string_view kDefaultShoperEventName = "order.status";

// ShoperEventKind returns the kind of the Shoper event `event_name`
// ("order.status" -> STATUS_CHANGED, "order.create" -> CREATED,
// "order.edit" -> EDITED, "order.paid" -> PAID, "order.delete" -> DELETED,
// "parcel.dispatch" -> PARCEL_DISPATCHED; compared without regard to ASCII
// case), ORDER_EVENT_KIND_OTHER for any other event.
opinus::v1::OrderEventKind ShoperEventKind(absl::string_view event_name);

// ShoperEventName returns the event a delivery names in its X-Webhook-Name
// header `header`: its value without surrounding blanks, "order.status" when
// that is empty. INVALID_ARGUMENT "X-Webhook-Name: not UTF-8" for bytes the
// core could not keep as text.
[[nodiscard]] absl::StatusOr<absl::string_view> ShoperEventName(absl::string_view header);

// TranslateShoperWebhook returns the OrderEvent that a Shoper webhook delivery
// reports. `event_name` is the X-Webhook-Name header's value, empty when the
// header is absent (then "order.status" is assumed); `body` is the raw body.
//
// Events other than order events yield an event with only `event_name` and
// `kind` set, whatever the body holds. A parcel.dispatch body is a parcel,
// read by ReadShoperParcel (common/shoper/shoper_parcel.h); one that does not
// read yields the event with the parcel's unreadable_field and
// unreadable_problem set, not an error. For order events the body must be the
// order object; scalars may be JSON strings or numbers, unknown fields are
// ignored, and both `billingAddress` and `billing_address` spellings work.
//
// Returns INVALID_ARGUMENT with a "field: problem" message a shop owner can act
// on: "X-Webhook-Name: not UTF-8", "body: not valid JSON", "body: not a JSON
// object", "order_id: missing", "email: missing" and "status: missing" (both
// not required for order.delete), "status_id: not a number", "<field>: not a
// string or number".
[[nodiscard]] absl::StatusOr<opinus::v1::OrderEvent> TranslateShoperWebhook(
    absl::string_view event_name, absl::string_view body);

}  // namespace opinus::shoper

#endif  // OPINUS_COMMON_SHOPER_SHOPER_WEBHOOK_H_
