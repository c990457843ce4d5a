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
  }
  return "scheduled";
}

InvitationState InvitationStateFromName(absl::string_view name) {
  if (name == "cancelled") return InvitationState::kCancelled;
  if (name == "sent") return InvitationState::kSent;
  return InvitationState::kScheduled;
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

}  // namespace opinus::server
