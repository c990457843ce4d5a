// The invitation's transition table: every change of an invitation's state,
// who may make it, and the one check every store makes before writing it.
#ifndef OPINUS_SERVER_DOMAIN_INVITATION_TRANSITIONS_H_
#define OPINUS_SERVER_DOMAIN_INVITATION_TRANSITIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/model.h"

namespace opinus::server {

// What can happen to an invitation.
enum class InvitationEvent {
  // A dispatcher takes a due e-mail, or one whose claimer's lease ran out.
  kClaim,
  // The mail server accepted the claimed e-mail.
  kAccept,
  // The claimer gives the e-mail back unsent, due again (sending hours, a
  // temporary failure, sending off, stopping).
  kGiveBack,
  // The claimer gives up: a permanent failure, or the last attempt failed.
  kGiveUp,
  // The claimer found the address on a suppression list.
  kSuppress,
  // Status type 4, order.delete, an owner's or an operator's cancel.
  kCancel,
  // An owner or an operator sends a failed or cancelled invitation again.
  kResend,
  // The customer gave an opinion through the mail's link.
  kReview,
  // The customer unsubscribed through the mail's link.
  kUnsubscribe,
  // The receiving server refused the mail for good, after our mail server
  // had accepted it (a bounce, RFC 3464).
  kBounce,
};

// InvitationEventName returns the event's name for logs and the docs: "claim",
// "accept", "give back", "give up", "suppress", "cancel", "resend", "review",
// "unsubscribe", "bounce".
const char* InvitationEventName(InvitationEvent event);

// InvitationRule is one row of the table: an invitation in `from` whose next
// e-mail is `mail` (Invitation::next_mail()) goes to `to` on `event`, done
// by `who`.
struct InvitationRule {
  InvitationState from;
  InvitationEvent event;
  MailKind mail;
  InvitationState to;
  const char* who;
};

// InvitationRules returns the whole table; what it does not list is refused.
const std::vector<InvitationRule>& InvitationRules();

// NextState returns the state `event` moves an invitation in `from`, whose
// next e-mail is `mail`, to; nullopt when the table has no such row.
std::optional<InvitationState> NextState(InvitationState from, InvitationEvent event,
                                         MailKind mail);

// CheckTransition returns NextState for `invitation`, or FAILED_PRECONDITION
// naming the invitation, its state and the refused event. Every store checks
// through it, holding the invitation's row (or its mutex) while it writes.
// A cancel of an invitation the mail server accepted, with no reminder left
// to stop, is refused with CancelledTooLate's words.
absl::StatusOr<InvitationState> CheckTransition(const Invitation& invitation,
                                                InvitationEvent event);

// CancelledTooLate returns CancelledTooLateText of an invitation the mail
// server accepted, else nullopt.
std::optional<std::string> CancelledTooLate(const Invitation& invitation);

// CancelledTooLateText returns "cancelled too late: the invitation left at
// <sent_time UTC>".
std::string CancelledTooLateText(absl::Time sent_time);

// SetInvitationReason sets `invitation`'s reason: `reason`, and its
// InvitationReasonText.
void SetInvitationReason(InvitationReason reason, Invitation* invitation);

// ReasonForChange returns the reason to record when a change from outside
// the claim (a cancel, an opinion, an unsubscribe, a bounce) ends a claim
// whose claimer began handing the mail over and never recorded the answer
// (it died, or lost its database connection, mid-send): `reason`, with the
// handover's time and which mail it was. Otherwise `reason` as it is.
InvitationReason ReasonForChange(const Invitation& before, InvitationReason reason);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_INVITATION_TRANSITIONS_H_
