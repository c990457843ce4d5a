#include "server/domain/scheduling.h"

#include <algorithm>

#include "server/domain/invitation_transitions.h"

namespace opinus::server {
namespace {

// Cancel decides on the order's invitation as read under its row lock: the
// table says what a cancel may still do. A claimed invitation is cancelled
// too (its claim ends, and its mail does not leave); once the mail server
// accepted it, only a pending reminder can be stopped, and the event says the
// cancel came too late.
EventDecision Cancel(const OrderSnapshot& order, EventReason reason) {
  EventDecision decision;
  decision.reason = std::move(reason);
  decision.reason.cancel = CancelResult::kNothingToCancel;
  decision.cancel_reason.code = decision.reason.code == EventReasonCode::kOrderNotRealised
                                    ? InvitationReasonCode::kOrderNotRealised
                                    : InvitationReasonCode::kOrderDeleted;
  decision.cancel_reason.status_id = decision.reason.status_id;
  if (!order.invitation.has_value()) return decision;
  const Invitation& invitation = *order.invitation;
  const absl::StatusOr<InvitationState> to = CheckTransition(invitation, InvitationEvent::kCancel);
  // The mail server accepted it: too late, unless its reminder can be stopped.
  if (invitation.sent_time.has_value()) {
    decision.reason.time = invitation.sent_time;
    decision.reason.cancel = CancelResult::kTooLate;
  }
  if (!to.ok()) return decision;
  decision.outcome = EventOutcome::kCancelled;
  decision.invitation = invitation;
  if (invitation.sent_time.has_value()) {
    // A cancelled order gets no reminder either.
    decision.action = EventDecision::Action::kCancelReminder;
    decision.reason.cancel = CancelResult::kReminderCancelled;
    return decision;
  }
  decision.action = EventDecision::Action::kCancelInvitation;
  decision.reason.cancel = CancelResult::kCancelled;
  return decision;
}

EventReason Because(EventReasonCode code) {
  EventReason reason;
  reason.code = code;
  return reason;
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

absl::Time StatusTimeAsReceived(absl::Time stated, absl::Time now) {
  return stated <= now + kMaxStatusClockSkew ? stated : now;
}

namespace {

// HasInvitation: the order has its invitation already; `decision` becomes a
// duplicate.
EventDecision HasInvitation(const OrderSnapshot& order, EventDecision decision) {
  decision.outcome = EventOutcome::kDuplicate;
  decision.reason = Because(EventReasonCode::kOrderHasInvitation);
  decision.reason.invitation_state = order.invitation->state;
  decision.invitation = *order.invitation;
  return decision;
}

// Schedule makes `decision` create the order's invitation for `draft`'s
// buyer, due `settings`' delay after `from`, unless sending is off. The
// buyer no longer waits with the order: the invitation has them.
EventDecision Schedule(const OrderSnapshot& order, const ShopSettings& settings,
                       const Invitation& draft, absl::Time from, absl::Time now,
                       EventDecision decision) {
  if (!order.waiting_customer.email.empty()) decision.waiting_customer = OrderCustomer();
  if (!settings.sending_enabled) {
    decision.reason = Because(EventReasonCode::kSendingOff);
    return decision;
  }
  decision.outcome = EventOutcome::kScheduled;
  decision.action = EventDecision::Action::kCreateInvitation;
  decision.invitation = draft;
  decision.invitation.state = InvitationState::kScheduled;
  decision.invitation.status_time = from;
  decision.invitation.send_time = InvitationSendTime(from, settings.invitation_delay_days);
  decision.invitation.create_time = now;
  decision.invitation.update_time = now;
  decision.reason = Because(EventReasonCode::kInvitationDue);
  decision.reason.time = decision.invitation.send_time;
  return decision;
}

// AwaitParcel decides a live status under the parcel trigger: scheduled from
// the parcel's send date when it came first, else the buyer waits for it.
EventDecision AwaitParcel(const OrderSnapshot& order, const ShopSettings& settings,
                          const Invitation& draft, absl::Time now, EventDecision decision) {
  if (order.invitation.has_value()) return HasInvitation(order, std::move(decision));
  if (order.parcel_send_time.has_value()) {
    return Schedule(order, settings, draft, *order.parcel_send_time, now, std::move(decision));
  }
  decision.reason = Because(EventReasonCode::kAwaitingParcel);
  const OrderCustomer customer{draft.customer_email, draft.customer_first_name,
                               draft.customer_last_name};
  if (!(customer == order.waiting_customer)) decision.waiting_customer = customer;
  return decision;
}

EventDecision DecideFreshStatusChange(const OrderSnapshot& order, const StatusChange& change,
                                      const ShopSettings& settings, const Invitation& draft,
                                      absl::Time now) {
  EventDecision decision;
  if (order.deleted) {
    decision.reason = Because(EventReasonCode::kOrderWasDeleted);
    return decision;
  }
  if (order.known && order.last_status_time <= now + kMaxStatusClockSkew) {
    if (change.time < order.last_status_time) {
      decision.reason = Because(EventReasonCode::kOlderThanLastStatus);
      decision.reason.status_id = order.last_status_id;
      decision.reason.time = order.last_status_time;
      return decision;
    }
    if (change.time == order.last_status_time && change.status_id == order.last_status_id) {
      decision.outcome = EventOutcome::kDuplicate;
      decision.reason = Because(EventReasonCode::kStatusAlreadyReceived);
      return decision;
    }
  }

  if (change.type == StatusType::kNotRealised) {
    EventReason reason = Because(EventReasonCode::kOrderNotRealised);
    reason.status_id = change.status_id;
    decision = Cancel(order, std::move(reason));
    decision.advance_order = true;
    // A cancelled order's parcel invites nobody.
    if (!order.waiting_customer.email.empty()) decision.waiting_customer = OrderCustomer();
    return decision;
  }

  decision.advance_order = true;
  if (settings.trigger.parcel_dispatch) {
    return AwaitParcel(order, settings, draft, now, std::move(decision));
  }
  if (!settings.trigger.Matches(change.status_id, change.type)) {
    decision.reason = Because(EventReasonCode::kNotATriggerStatus);
    decision.reason.status_id = change.status_id;
    return decision;
  }
  if (order.invitation.has_value()) return HasInvitation(order, std::move(decision));
  return Schedule(order, settings, draft, change.time, now, std::move(decision));
}

EventDecision DecideFreshParcelDispatch(const OrderSnapshot& order, const ParcelDispatch& parcel,
                                        const ShopSettings& settings, const Invitation& draft,
                                        absl::Time now) {
  EventDecision decision;
  if (order.deleted) {
    decision.reason = Because(EventReasonCode::kOrderWasDeleted);
    return decision;
  }
  if (!parcel.sent) {
    decision.reason = Because(EventReasonCode::kAwaitingParcel);
    return decision;
  }
  if (order.invitation.has_value()) return HasInvitation(order, std::move(decision));
  // The first parcel sent counts: a split order's later parcels move nothing.
  const absl::Time send_time = order.parcel_send_time.has_value()
                                   ? std::min(*order.parcel_send_time, parcel.send_time)
                                   : parcel.send_time;
  if (order.parcel_send_time != send_time) decision.parcel_send_time = send_time;
  if (order.waiting_customer.email.empty()) {
    decision.reason = Because(EventReasonCode::kAwaitingOrder);
    decision.reason.time = send_time;
    return decision;
  }
  Invitation invitation = draft;
  invitation.customer_email = order.waiting_customer.email;
  invitation.customer_first_name = order.waiting_customer.first_name;
  invitation.customer_last_name = order.waiting_customer.last_name;
  return Schedule(order, settings, invitation, send_time, now, std::move(decision));
}

}  // namespace

EventDecision DecideStatusChange(const OrderSnapshot& order, const StatusChange& change,
                                 const ShopSettings& settings, const Invitation& draft,
                                 absl::Time now) {
  EventDecision decision = DecideFreshStatusChange(order, change, settings, draft, now);
  decision.reason.stated_status_time = change.stated_time;
  return decision;
}

EventDecision DecideParcelDispatch(const OrderSnapshot& order, const ParcelDispatch& parcel,
                                   const ShopSettings& settings, const Invitation& draft,
                                   absl::Time now) {
  EventDecision decision = DecideFreshParcelDispatch(order, parcel, settings, draft, now);
  decision.reason.stated_status_time = parcel.stated_time;
  return decision;
}

EventDecision DecideDeletion(const OrderSnapshot& order) {
  EventDecision decision = Cancel(order, Because(EventReasonCode::kOrderDeleted));
  decision.delete_order = true;
  return decision;
}

}  // namespace opinus::server
