#include "server/domain/event_reason.h"

#include "absl/strings/str_cat.h"
#include "server/domain/invitation_transitions.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

constexpr EventReasonCode kCodes[] = {
    EventReasonCode::kInvitationDue,      EventReasonCode::kStatusAlreadyReceived,
    EventReasonCode::kOrderHasInvitation, EventReasonCode::kNotAnOrderEvent,
    EventReasonCode::kOrderWasDeleted,    EventReasonCode::kOlderThanLastStatus,
    EventReasonCode::kNotATriggerStatus,  EventReasonCode::kSendingOff,
    EventReasonCode::kOrderNotRealised,   EventReasonCode::kOrderDeleted,
    EventReasonCode::kFieldEmpty,         EventReasonCode::kFieldMissing,
    EventReasonCode::kFieldTooLong,       EventReasonCode::kFieldControlCharacters,
    EventReasonCode::kNotAnEmailAddress,  EventReasonCode::kNotADateTime,
    EventReasonCode::kYearOutOfRange,     EventReasonCode::kXmlFormat,
    EventReasonCode::kAwaitingParcel,     EventReasonCode::kAwaitingOrder,
};

constexpr CancelResult kCancelResults[] = {CancelResult::kCancelled, CancelResult::kNothingToCancel,
                                           CancelResult::kTooLate,
                                           CancelResult::kReminderCancelled};

std::string FormatUtc(const std::optional<absl::Time>& time) {
  if (!time) return "?";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", *time, absl::UTCTimeZone());
}

// What a cancel did, after the reason it was made for.
std::string CancelText(const EventReason& reason) {
  switch (reason.cancel) {
    case CancelResult::kNothingToCancel:
      return "; no scheduled invitation to cancel";
    case CancelResult::kTooLate:
      return absl::StrCat("; ", CancelledTooLateText(reason.time.value_or(absl::Time())));
    case CancelResult::kReminderCancelled:
      return absl::StrCat("; ", CancelledTooLateText(reason.time.value_or(absl::Time())),
                          "; reminder cancelled");
    case CancelResult::kCancelled:
    case CancelResult::kNone:
      break;
  }
  return "";
}

std::string CodeText(const EventReason& reason) {
  const std::string& field = reason.field;
  switch (reason.code) {
    case EventReasonCode::kUnspecified:
      return "";
    case EventReasonCode::kInvitationDue:
      return absl::StrCat("invitation due ", FormatUtc(reason.time));
    case EventReasonCode::kStatusAlreadyReceived:
      return "status already received";
    case EventReasonCode::kOrderHasInvitation:
      return absl::StrCat(
          "order already has an invitation (",
          InvitationStateName(reason.invitation_state.value_or(InvitationState::kScheduled)), ")");
    case EventReasonCode::kNotAnOrderEvent:
      return "not an order event";
    case EventReasonCode::kOrderWasDeleted:
      return "order was deleted";
    case EventReasonCode::kOlderThanLastStatus:
      return absl::StrCat("older than the last status seen (", reason.status_id, " at ",
                          FormatUtc(reason.time), ")");
    case EventReasonCode::kNotATriggerStatus:
      return absl::StrCat("status ", reason.status_id, " is not a trigger status");
    case EventReasonCode::kSendingOff:
      return "sending is off for this shop";
    case EventReasonCode::kOrderNotRealised:
      return absl::StrCat("order not realised (status ", reason.status_id, ")", CancelText(reason));
    case EventReasonCode::kOrderDeleted:
      return absl::StrCat("order deleted", CancelText(reason));
    case EventReasonCode::kFieldEmpty:
      return absl::StrCat(field, ": empty");
    case EventReasonCode::kFieldMissing:
      return absl::StrCat(field, ": missing or unknown");
    case EventReasonCode::kFieldTooLong:
      return absl::StrCat(field, ": too long");
    case EventReasonCode::kFieldControlCharacters:
      return absl::StrCat(field, ": contains control characters");
    case EventReasonCode::kNotAnEmailAddress:
      return absl::StrCat(field, ": not an e-mail address: \"", reason.value, "\"");
    case EventReasonCode::kNotADateTime:
      return absl::StrCat(field, ": not a date and time (YYYY-MM-DD HH:MM:SS): \"", reason.value,
                          "\"");
    case EventReasonCode::kYearOutOfRange:
      return absl::StrCat(field, ": year out of range (", kMinOrderYear, "-", kMaxOrderYear,
                          "): \"", reason.value, "\"");
    case EventReasonCode::kXmlFormat:
      return "sent as XML, which Opinus does not read: set the webhook's Format to JSON in Shoper "
             "(Konfiguracja > Administracja, system > Webhooki)";
    case EventReasonCode::kAwaitingParcel:
      return "waiting for the order's parcel to be sent";
    case EventReasonCode::kAwaitingOrder:
      return absl::StrCat("parcel sent ", FormatUtc(reason.time),
                          "; waiting for the order's buyer");
  }
  return "";
}

}  // namespace

const char* EventReasonCodeName(EventReasonCode code) {
  switch (code) {
    case EventReasonCode::kUnspecified:
      return "";
    case EventReasonCode::kInvitationDue:
      return "invitation_due";
    case EventReasonCode::kStatusAlreadyReceived:
      return "status_already_received";
    case EventReasonCode::kOrderHasInvitation:
      return "order_has_invitation";
    case EventReasonCode::kNotAnOrderEvent:
      return "not_an_order_event";
    case EventReasonCode::kOrderWasDeleted:
      return "order_was_deleted";
    case EventReasonCode::kOlderThanLastStatus:
      return "older_than_last_status";
    case EventReasonCode::kNotATriggerStatus:
      return "not_a_trigger_status";
    case EventReasonCode::kSendingOff:
      return "sending_off";
    case EventReasonCode::kOrderNotRealised:
      return "order_not_realised";
    case EventReasonCode::kOrderDeleted:
      return "order_deleted";
    case EventReasonCode::kFieldEmpty:
      return "field_empty";
    case EventReasonCode::kFieldMissing:
      return "field_missing";
    case EventReasonCode::kFieldTooLong:
      return "field_too_long";
    case EventReasonCode::kFieldControlCharacters:
      return "field_control_characters";
    case EventReasonCode::kNotAnEmailAddress:
      return "not_an_email_address";
    case EventReasonCode::kNotADateTime:
      return "not_a_date_time";
    case EventReasonCode::kYearOutOfRange:
      return "year_out_of_range";
    case EventReasonCode::kXmlFormat:
      return "xml_format";
    case EventReasonCode::kAwaitingParcel:
      return "awaiting_parcel";
    case EventReasonCode::kAwaitingOrder:
      return "awaiting_order";
  }
  return "";
}

EventReasonCode EventReasonCodeFromName(absl::string_view name) {
  for (EventReasonCode code : kCodes) {
    if (name == EventReasonCodeName(code)) return code;
  }
  return EventReasonCode::kUnspecified;
}

const char* CancelResultName(CancelResult result) {
  switch (result) {
    case CancelResult::kNone:
      return "";
    case CancelResult::kCancelled:
      return "cancelled";
    case CancelResult::kNothingToCancel:
      return "nothing_to_cancel";
    case CancelResult::kTooLate:
      return "too_late";
    case CancelResult::kReminderCancelled:
      return "reminder_cancelled";
  }
  return "";
}

CancelResult CancelResultFromName(absl::string_view name) {
  for (CancelResult result : kCancelResults) {
    if (name == CancelResultName(result)) return result;
  }
  return CancelResult::kNone;
}

std::string EventReasonText(const EventReason& reason) {
  std::string text = CodeText(reason);
  if (reason.stated_status_time) {
    absl::StrAppend(&text, " (status_date ", FormatUtc(reason.stated_status_time),
                    " is more than a day ahead of its receipt: taken as received)");
  }
  return text;
}

void SetEventReason(EventReason reason, EventRecord* record) {
  record->reason = EventReasonText(reason);
  record->structured_reason = std::move(reason);
}

EventReason Rejected(EventReasonCode code, absl::string_view field, absl::string_view value) {
  EventReason reason;
  reason.code = code;
  reason.field = std::string(field);
  reason.value = TruncateUtf8(value, 80);
  return reason;
}

}  // namespace opinus::server
