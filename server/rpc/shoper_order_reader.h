// ReadShoperOrder: an order row of Shoper's REST API (GET orders) read by
// the same translation as a webhook delivery's order, into the core's
// OrderEvent.
#ifndef OPINUS_SERVER_RPC_SHOPER_ORDER_READER_H_
#define OPINUS_SERVER_RPC_SHOPER_ORDER_READER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/model.h"

namespace opinus::server {

// ReadShoperOrder returns the order.status event that `row` (one order of
// GET orders, JSON) is: a list row has the shape of a webhook's order body,
// so the gateway's translation of deliveries reads it (one set of rules for
// both). INVALID_ARGUMENT as that translation says ("email: missing", ...).
absl::StatusOr<OrderEvent> ReadShoperOrder(absl::string_view row);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_RPC_SHOPER_ORDER_READER_H_
