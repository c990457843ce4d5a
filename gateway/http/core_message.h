// What the core's error messages say that the gateway acts on: how long to
// wait. (The field a user can fix travels as data: common/field_violation.h.)
#ifndef OPINUS_GATEWAY_HTTP_CORE_MESSAGE_H_
#define OPINUS_GATEWAY_HTTP_CORE_MESSAGE_H_

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// RetryAfterSeconds returns the wait that a RESOURCE_EXHAUSTED message of the
// core states ("... try again in 42 s", "in 5 minutes"), rounded up to whole
// seconds; 0 when it states none.
int RetryAfterSeconds(absl::string_view message);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_CORE_MESSAGE_H_
