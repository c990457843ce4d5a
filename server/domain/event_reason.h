// An order event's reason (EventReason, in model.h): the names the store
// keeps its code and cancel result under, and its English words for the log,
// the CLI and the JSON API. Pages word it themselves, from the data.
#ifndef OPINUS_SERVER_DOMAIN_EVENT_REASON_H_
#define OPINUS_SERVER_DOMAIN_EVENT_REASON_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// EventReasonCodeName returns the code's name in the store ("invitation_due",
// "not_a_trigger_status", ...); EventReasonCodeFromName reads it back,
// kUnspecified for a name it does not know.
const char* EventReasonCodeName(EventReasonCode code);
EventReasonCode EventReasonCodeFromName(absl::string_view name);

// CancelResultName returns "cancelled", "nothing_to_cancel", "too_late",
// "reminder_cancelled" ("" for kNone); CancelResultFromName reads them back.
const char* CancelResultName(CancelResult result);
CancelResult CancelResultFromName(absl::string_view name);

// EventReasonText returns `reason` in English words, e.g. "invitation due
// 2024-05-15 07:12:05 UTC", "email: not an e-mail address: \"x\"" (times in UTC).
std::string EventReasonText(const EventReason& reason);

// SetEventReason sets `record`'s reason: `reason`, and its EventReasonText.
void SetEventReason(EventReason reason, EventRecord* record);

// Rejected returns the reason code `code` about the event's `field`, with the
// `value` received (cut to 80 bytes) for the codes that show it.
EventReason Rejected(EventReasonCode code, absl::string_view field, absl::string_view value = "");

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_EVENT_REASON_H_
