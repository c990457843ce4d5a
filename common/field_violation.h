// A status that names the field a user can fix, as data: INVALID_ARGUMENT
// with the field in a payload, which travels over gRPC as a
// google.rpc.BadRequest field violation (common/grpc_status.h). Callers read
// the field from the status, never from its English message.
#ifndef OPINUS_COMMON_FIELD_VIOLATION_H_
#define OPINUS_COMMON_FIELD_VIOLATION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace opinus {

// The payload (absl::Status::SetPayload) that holds the field's name.
inline constexpr char kViolatedFieldPayload[] = "opinus/violated-field";

// InvalidFieldError returns INVALID_ARGUMENT "<field>: <description>" naming
// `field` (e.g. "invitation_delay_days", "trigger.status_ids") as data.
absl::Status InvalidFieldError(absl::string_view field, absl::string_view description);

// ViolatedField returns the field `status` names as data; "" when none.
std::string ViolatedField(const absl::Status& status);

// ViolationDescription returns `status`'s message without the "<field>: "
// that InvalidFieldError put before it; the whole message when it names no field.
std::string ViolationDescription(const absl::Status& status);

}  // namespace opinus

#endif  // OPINUS_COMMON_FIELD_VIOLATION_H_
