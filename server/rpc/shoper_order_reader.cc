#include "server/rpc/shoper_order_reader.h"

#include "common/shoper/shoper_webhook.h"
#include "server/rpc/conversions.h"

namespace opinus::server {

absl::StatusOr<OrderEvent> ReadShoperOrder(absl::string_view row) {
  absl::StatusOr<opinus::v1::OrderEvent> event =
      shoper::TranslateShoperWebhook(shoper::kDefaultShoperEventName, row);
  if (!event.ok()) return event.status();
  return rpc::FromProto(*event);
}

}  // namespace opinus::server
