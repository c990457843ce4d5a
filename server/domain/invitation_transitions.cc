#include "server/domain/invitation_transitions.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace opinus::server {
namespace {

using Event = InvitationEvent;
using State = InvitationState;
constexpr MailKind kFirst = MailKind::kInvitation;
constexpr MailKind kReminder = MailKind::kReminder;

constexpr char kDispatcher[] = "the dispatcher holding the claim";
constexpr char kCanceller[] = "status type 4, order.delete, owner, operator";
constexpr char kBouncer[] = "a permanent bounce of its mail (the bounce listener)";

}  // namespace

const char* InvitationEventName(InvitationEvent event) {
  switch (event) {
    case Event::kClaim:
      return "claim";
    case Event::kAccept:
      return "accept";
    case Event::kGiveBack:
      return "give back";
    case Event::kGiveUp:
      return "give up";
    case Event::kSuppress:
      return "suppress";
    case Event::kCancel:
      return "cancel";
    case Event::kResend:
      return "resend";
    case Event::kReview:
      return "review";
    case Event::kUnsubscribe:
      return "unsubscribe";
    case Event::kBounce:
      return "bounce";
  }
  return "claim";
}

const std::vector<InvitationRule>& InvitationRules() {
  // A cancel, review or unsubscribe of a `sending` invitation ends the claim:
  // the claimer's later writes, guarded by state and claim, change nothing.
  // While the claimer hands the mail to the mail server it holds the row, so
  // such a change waits and then finds the invitation sent.
  static const std::vector<InvitationRule>* rules = new std::vector<InvitationRule>{
      {State::kScheduled, Event::kClaim, kFirst, State::kSending, "a dispatcher, once due"},
      {State::kSent, Event::kClaim, kReminder, State::kSending,
       "a dispatcher, once the reminder is due"},
      {State::kSending, Event::kClaim, kFirst, State::kSending,
       "another dispatcher, once the lease ran out"},
      {State::kSending, Event::kClaim, kReminder, State::kSending,
       "another dispatcher, once the lease ran out"},
      {State::kSending, Event::kAccept, kFirst, State::kSent, kDispatcher},
      {State::kSending, Event::kAccept, kReminder, State::kSent, kDispatcher},
      {State::kSending, Event::kGiveBack, kFirst, State::kScheduled, kDispatcher},
      {State::kSending, Event::kGiveBack, kReminder, State::kSent, kDispatcher},
      {State::kSending, Event::kGiveUp, kFirst, State::kFailed, kDispatcher},
      {State::kSending, Event::kGiveUp, kReminder, State::kSent, kDispatcher},
      {State::kSending, Event::kSuppress, kFirst, State::kSuppressed, kDispatcher},
      {State::kSending, Event::kSuppress, kReminder, State::kSuppressed, kDispatcher},
      {State::kScheduled, Event::kCancel, kFirst, State::kCancelled, kCanceller},
      {State::kSending, Event::kCancel, kFirst, State::kCancelled, kCanceller},
      // The invitation left; what a cancel can still stop is its reminder.
      {State::kSending, Event::kCancel, kReminder, State::kSent, kCanceller},
      {State::kSent, Event::kCancel, kReminder, State::kSent, kCanceller},
      {State::kFailed, Event::kResend, kFirst, State::kScheduled, "owner, operator"},
      {State::kCancelled, Event::kResend, kFirst, State::kScheduled, "owner, operator"},
      {State::kSent, Event::kReview, kReminder, State::kReviewed, "the customer"},
      {State::kSending, Event::kReview, kReminder, State::kReviewed, "the customer"},
      {State::kSent, Event::kUnsubscribe, kReminder, State::kSuppressed, "the customer"},
      {State::kSending, Event::kUnsubscribe, kReminder, State::kSuppressed, "the customer"},
      {State::kSent, Event::kBounce, kReminder, State::kBounced, kBouncer},
      {State::kSending, Event::kBounce, kReminder, State::kBounced, kBouncer},
  };
  return *rules;
}

std::optional<InvitationState> NextState(InvitationState from, InvitationEvent event,
                                         MailKind mail) {
  for (const InvitationRule& rule : InvitationRules()) {
    if (rule.from == from && rule.event == event && rule.mail == mail) return rule.to;
  }
  return std::nullopt;
}

std::optional<std::string> CancelledTooLate(const Invitation& invitation) {
  if (!invitation.sent_time.has_value()) return std::nullopt;
  return CancelledTooLateText(*invitation.sent_time);
}

std::string CancelledTooLateText(absl::Time sent_time) {
  return absl::StrCat("cancelled too late: the invitation left at ",
                      absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", sent_time, absl::UTCTimeZone()));
}

void SetInvitationReason(InvitationReason reason, Invitation* invitation) {
  invitation->state_reason = InvitationReasonText(reason);
  invitation->structured_reason = std::move(reason);
}

InvitationReason ReasonForChange(const Invitation& before, InvitationReason reason) {
  if (before.state != InvitationState::kSending || !before.handover_time.has_value()) {
    return reason;
  }
  reason.handover_time = before.handover_time;
  reason.reminder = before.next_mail() == MailKind::kReminder;
  return reason;
}

absl::StatusOr<InvitationState> CheckTransition(const Invitation& invitation,
                                                InvitationEvent event) {
  std::optional<InvitationState> to = NextState(invitation.state, event, invitation.next_mail());
  // A sent invitation's cancel stops its reminder, so with none pending it
  // comes too late.
  const bool nothing_to_stop =
      invitation.state == InvitationState::kSent && !invitation.reminder_time.has_value();
  if (event == InvitationEvent::kCancel && (!to.has_value() || nothing_to_stop)) {
    if (std::optional<std::string> too_late = CancelledTooLate(invitation)) {
      return absl::FailedPreconditionError(*too_late);
    }
  }
  if (to.has_value()) return *to;
  return absl::FailedPreconditionError(absl::StrCat("invitation ", invitation.id, " is ",
                                                    InvitationStateName(invitation.state), ": no ",
                                                    InvitationEventName(event)));
}

}  // namespace opinus::server
