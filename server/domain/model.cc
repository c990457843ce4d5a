#include "server/domain/model.h"

namespace opinus::server {

const char* InvitationStateName(InvitationState state) {
  switch (state) {
    case InvitationState::kScheduled:
      return "scheduled";
    case InvitationState::kCancelled:
      return "cancelled";
    case InvitationState::kSent:
      return "sent";
    case InvitationState::kSending:
      return "sending";
    case InvitationState::kFailed:
      return "failed";
    case InvitationState::kSuppressed:
      return "suppressed";
    case InvitationState::kReviewed:
      return "reviewed";
    case InvitationState::kBounced:
      return "bounced";
  }
  return "scheduled";
}

InvitationState InvitationStateFromName(absl::string_view name) {
  for (InvitationState state :
       {InvitationState::kCancelled, InvitationState::kSent, InvitationState::kSending,
        InvitationState::kFailed, InvitationState::kSuppressed, InvitationState::kReviewed,
        InvitationState::kBounced}) {
    if (name == InvitationStateName(state)) return state;
  }
  return InvitationState::kScheduled;
}

const char* MailKindName(MailKind kind) {
  return kind == MailKind::kInvitation ? "invitation" : "reminder";
}

MailKind MailKindFromName(absl::string_view name) {
  return name == MailKindName(MailKind::kReminder) ? MailKind::kReminder : MailKind::kInvitation;
}

const char* EventOutcomeName(EventOutcome outcome) {
  switch (outcome) {
    case EventOutcome::kScheduled:
      return "scheduled";
    case EventOutcome::kDuplicate:
      return "duplicate";
    case EventOutcome::kIgnored:
      return "ignored";
    case EventOutcome::kCancelled:
      return "cancelled";
    case EventOutcome::kRejected:
      return "rejected";
  }
  return "ignored";
}

EventOutcome EventOutcomeFromName(absl::string_view name) {
  for (EventOutcome outcome :
       {EventOutcome::kScheduled, EventOutcome::kDuplicate, EventOutcome::kIgnored,
        EventOutcome::kCancelled, EventOutcome::kRejected}) {
    if (name == EventOutcomeName(outcome)) return outcome;
  }
  return EventOutcome::kIgnored;
}

const char* KeyUsedName(KeyUsed key) { return key == KeyUsed::kPrevious ? "previous" : "current"; }

KeyUsed KeyUsedFromName(absl::string_view name) {
  return name == KeyUsedName(KeyUsed::kPrevious) ? KeyUsed::kPrevious : KeyUsed::kCurrent;
}

const char* EventSourceName(EventSource source) {
  return source == EventSource::kFetched ? "fetched" : "webhook";
}

EventSource EventSourceFromName(absl::string_view name) {
  return name == EventSourceName(EventSource::kFetched) ? EventSource::kFetched
                                                        : EventSource::kWebhook;
}

}  // namespace opinus::server
