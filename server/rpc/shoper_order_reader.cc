#include "server/rpc/shoper_order_reader.h"

#include "gateway/translate/shoper_webhook.h"
#include "server/rpc/conversions.h"

namespace opinus::server {

absl::StatusOr<OrderEvent> ReadShoperOrder(absl::string_view row) {
  absl::StatusOr<opinus::v1::OrderEvent> event =
      gateway::TranslateShoperWebhook(gateway::kDefaultShoperEventName, row);
  if (!event.ok()) return event.status();
  return rpc::FromProto(*event);
}

}  // namespace opinus::server
