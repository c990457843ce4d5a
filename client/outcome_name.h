// OutcomeName, KeyUsedName: how the API's order-event outcomes and webhook
// keys are spelled for people and for JSON answers, the same in the gateway
// and the CLI.
#ifndef OPINUS_CLIENT_OUTCOME_NAME_H_
#define OPINUS_CLIENT_OUTCOME_NAME_H_

#include "absl/strings/string_view.h"
#include "opinus/v1/order_event.pb.h"

namespace opinus::client {

// OutcomeName returns the lower-case name of `outcome` ("scheduled",
// "duplicate", "ignored", "cancelled", "rejected"), "unspecified" otherwise.
absl::string_view OutcomeName(opinus::v1::OrderEventOutcome outcome);

// KeyUsedName returns "current" or "previous" for the key a delivery came
// with, "unspecified" otherwise.
absl::string_view KeyUsedName(opinus::v1::WebhookKeyUsed key);

}  // namespace opinus::client

#endif  // OPINUS_CLIENT_OUTCOME_NAME_H_
