// What the core's error messages say that the gateway acts on: the field a
// user can fix, and how long to wait.
#ifndef OPINUS_GATEWAY_HTTP_CORE_MESSAGE_H_
#define OPINUS_GATEWAY_HTTP_CORE_MESSAGE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// ErrorField returns the field a user can fix that the core's message names
// ("invitation_delay_days: 0 to 90" -> "invitation_delay_days"); "" when the
// message names none.
std::string ErrorField(absl::string_view message);

// RetryAfterSeconds returns the wait that a RESOURCE_EXHAUSTED message of the
// core states ("... try again in 42 s", "in 5 minutes"), rounded up to whole
// seconds; 0 when it states none.
int RetryAfterSeconds(absl::string_view message);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_CORE_MESSAGE_H_
