#include "client/outcome_name.h"

namespace opinus::client {

namespace v1 = ::opinus::v1;

absl::string_view OutcomeName(v1::OrderEventOutcome outcome) {
  switch (outcome) {
    case v1::ORDER_EVENT_OUTCOME_SCHEDULED:
      return "scheduled";
    case v1::ORDER_EVENT_OUTCOME_DUPLICATE:
      return "duplicate";
    case v1::ORDER_EVENT_OUTCOME_IGNORED:
      return "ignored";
    case v1::ORDER_EVENT_OUTCOME_CANCELLED:
      return "cancelled";
    case v1::ORDER_EVENT_OUTCOME_REJECTED:
      return "rejected";
    default:
      return "unspecified";
  }
}

absl::string_view KeyUsedName(v1::WebhookKeyUsed key) {
  switch (key) {
    case v1::WEBHOOK_KEY_USED_CURRENT:
      return "current";
    case v1::WEBHOOK_KEY_USED_PREVIOUS:
      return "previous";
    default:
      return "unspecified";
  }
}

}  // namespace opinus::client
