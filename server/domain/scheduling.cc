#include "server/domain/scheduling.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/domain/invitation_transitions.h"

namespace opinus::server {
namespace {

std::string FormatUtc(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", time, absl::UTCTimeZone());
}

// Cancel decides on the order's invitation as read under its row lock: the
// table says what a cancel may still do. A claimed invitation is cancelled
// too (its claim ends, and its mail does not leave); once the mail server
// accepted it, only a pending reminder can be stopped, and the event says the
// cancel came too late.
EventDecision Cancel(const OrderSnapshot& order, std::string reason) {
  EventDecision decision;
  if (!order.invitation.has_value()) {
    decision.reason = absl::StrCat(reason, "; no scheduled invitation to cancel");
    return decision;
  }
  const Invitation& invitation = *order.invitation;
  const absl::StatusOr<InvitationState> to = CheckTransition(invitation, InvitationEvent::kCancel);
  std::optional<std::string> too_late = CancelledTooLate(invitation);
  if (!to.ok()) {
    decision.reason =
        absl::StrCat(reason, "; ", too_late ? *too_late : "no scheduled invitation to cancel");
    return decision;
  }
  decision.outcome = EventOutcome::kCancelled;
  decision.invitation = invitation;
  if (too_late) {
    // A cancelled order gets no reminder either.
    decision.action = EventDecision::Action::kCancelReminder;
    decision.reason = absl::StrCat(reason, "; ", *too_late, "; reminder cancelled");
    return decision;
  }
  decision.action = EventDecision::Action::kCancelInvitation;
  decision.reason = std::move(reason);
  return decision;
}

}  // namespace

bool TriggerRule::Matches(int64_t status_id, StatusType type) const {
  if (!status_ids.empty()) {
    return std::find(status_ids.begin(), status_ids.end(), status_id) != status_ids.end();
  }
  return type == status_type;
}

absl::Duration InvitationDelay(int delay_days) { return absl::Hours(24) * delay_days; }

absl::Time InvitationSendTime(absl::Time status_time, int delay_days) {
  return status_time + InvitationDelay(delay_days);
}

std::optional<absl::Duration> ReminderDelay(int reminder_days) {
  if (reminder_days <= 0) return std::nullopt;
  return absl::Hours(24) * reminder_days;
}

std::optional<absl::Time> ReminderSendTime(absl::Time sent_time, int reminder_days) {
  const std::optional<absl::Duration> delay = ReminderDelay(reminder_days);
  if (!delay) return std::nullopt;
  return sent_time + *delay;
}

absl::Time StatusTimeAsReceived(absl::Time stated, absl::Time now, std::string* note) {
  if (stated <= now + kMaxStatusClockSkew) return stated;
  *note =
      absl::StrCat("status_date ", FormatUtc(stated),
                   " is more than a day ahead of its receipt: taken as received, ", FormatUtc(now));
  return now;
}

namespace {

EventDecision DecideFreshStatusChange(const OrderSnapshot& order, const StatusChange& change,
                                      const ShopSettings& settings, const Invitation& draft,
                                      absl::Time now) {
  EventDecision decision;
  if (order.deleted) {
    decision.reason = "order was deleted";
    return decision;
  }
  if (order.known && order.last_status_time <= now + kMaxStatusClockSkew) {
    if (change.time < order.last_status_time) {
      decision.reason = absl::StrCat("older than the last status seen (", order.last_status_id,
                                     " at ", FormatUtc(order.last_status_time), ")");
      return decision;
    }
    if (change.time == order.last_status_time && change.status_id == order.last_status_id) {
      decision.outcome = EventOutcome::kDuplicate;
      decision.reason = "status already received";
      return decision;
    }
  }

  if (change.type == StatusType::kNotRealised) {
    decision = Cancel(order, absl::StrCat("order not realised (status ", change.status_id, ")"));
    decision.advance_order = true;
    return decision;
  }

  decision.advance_order = true;
  if (!settings.trigger.Matches(change.status_id, change.type)) {
    decision.reason = absl::StrCat("status ", change.status_id, " is not a trigger status");
    return decision;
  }
  if (order.invitation.has_value()) {
    decision.outcome = EventOutcome::kDuplicate;
    decision.reason = absl::StrCat("order already has invitation ", order.invitation->id, " (",
                                   InvitationStateName(order.invitation->state), ")");
    decision.invitation = *order.invitation;
    return decision;
  }
  if (!settings.sending_enabled) {
    decision.reason = "sending is off for this shop";
    return decision;
  }
  decision.outcome = EventOutcome::kScheduled;
  decision.action = EventDecision::Action::kCreateInvitation;
  decision.invitation = draft;
  decision.invitation.state = InvitationState::kScheduled;
  decision.invitation.status_time = change.time;
  decision.invitation.send_time = InvitationSendTime(change.time, settings.invitation_delay_days);
  decision.invitation.create_time = now;
  decision.invitation.update_time = now;
  decision.reason = absl::StrCat("invitation due ", FormatUtc(decision.invitation.send_time));
  return decision;
}

}  // namespace

EventDecision DecideStatusChange(const OrderSnapshot& order, const StatusChange& change,
                                 const ShopSettings& settings, const Invitation& draft,
                                 absl::Time now) {
  EventDecision decision = DecideFreshStatusChange(order, change, settings, draft, now);
  if (!change.time_note.empty()) absl::StrAppend(&decision.reason, " (", change.time_note, ")");
  return decision;
}

EventDecision DecideDeletion(const OrderSnapshot& order) {
  EventDecision decision = Cancel(order, "order deleted");
  decision.delete_order = true;
  return decision;
}

}  // namespace opinus::server
