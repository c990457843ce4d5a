// Why an invitation is in its state, as data (InvitationReason: a code and
// the parameters it names); the names the store keeps its code under, and its
// English words for the log, the CLI and the JSON API. Pages word it
// themselves, from the data.
#ifndef OPINUS_SERVER_DOMAIN_INVITATION_REASON_H_
#define OPINUS_SERVER_DOMAIN_INVITATION_REASON_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::server {

// Each code names the InvitationReason fields it uses (the proto's
// InvitationReasonCode says the same).
enum class InvitationReasonCode {
  // Written before reasons had codes (schema 24), or none given yet (a new
  // invitation): only the English text, if any.
  kUnspecified,
  // Given back to scheduled by a dispatcher: the shop could not be read; its
  // sending is off; outside its sending hours (`time`: when they begin); the
  // suppression list could not be read; a shop not yet approved sent `count`
  // of its `limit` mails a day; the mails of such a shop could not be
  // counted; its owner has not confirmed their e-mail address; whether they
  // did could not be checked. `detail`: the store's error, for the log only.
  kShopUnavailable,
  kSendingOff,
  kOutsideSendingHours,
  kSuppressionsUnavailable,
  kUnapprovedDailyCap,
  kUnapprovedUncounted,
  kOwnerUnconfirmed,
  kOwnerUnchecked,
  // Given back to scheduled unsent by a dispatcher: its mail's token could
  // not be stored (`detail`); it was stopping, or its claim was ending.
  kTokenNotStored,
  kDispatcherStopping,
  // Sending the invitation, or its reminder (`reminder`), failed: attempt
  // `count` for now, tried again at `time`; for good (the mail server refused
  // it); after `count` attempts, the last. `detail`: the mail server's answer
  // or the error, as they came.
  kRetrying,
  kRefused,
  kGaveUp,
  // The mail server accepted the invitation, or its reminder (`reminder`),
  // as `detail` (its Message-ID).
  kAccepted,
  // Not sent: the address asked not to be mailed by this shop or by any
  // (`all_shops`), through `source` ("one-click", "bounce", ...), at `time`.
  kAddressSuppressed,
  // The customer unsubscribed through this invitation's mail.
  kUnsubscribed,
  // The receiving server refused the mail for good: `detail`, its status and
  // diagnostic.
  kBounced,
  // Cancelled or sent again by the shop's owner, or by an operator
  // (`detail`: the operator's note, if any).
  kCancelledByOwner,
  kResentByOwner,
  kCancelledByOperator,
  kResentByOperator,
  // Cancelled by the order: it entered the not-realised `status_id`; it was
  // deleted.
  kOrderNotRealised,
  kOrderDeleted,
  // Cancelled as the shop uninstalled the Opinus app; as the customer's
  // personal data were erased.
  kAppUninstalled,
  kDataErased,
  // The customer gave an opinion.
  kReviewed,
  // Held: the shop's owner asked to delete their account.
  kOwnerDeleting,
};

// InvitationReason is why an invitation is in its state, as data: the code
// and the parameters it names; the rest stay unset.
struct InvitationReason {
  InvitationReasonCode code = InvitationReasonCode::kUnspecified;
  std::optional<absl::Time> time;
  int64_t status_id = 0;
  int count = 0;
  int limit = 0;
  bool all_shops = false;
  // The mail concerned was the reminder, not the invitation.
  bool reminder = false;
  std::string source;
  std::string detail;
  // Set when a change found the mail being handed to the mail server by a
  // dispatcher that stopped before it recorded the answer: it may have left
  // then.
  std::optional<absl::Time> handover_time;
};

// InvitationReasonCodeName returns the code's name in the store
// ("sending_off", "bounced", ...; "" for kUnspecified);
// InvitationReasonCodeFromName reads it back, kUnspecified for a name it does
// not know.
const char* InvitationReasonCodeName(InvitationReasonCode code);
InvitationReasonCode InvitationReasonCodeFromName(absl::string_view name);

// InvitationReasonText returns `reason` in English words, e.g. "sending is off
// for this shop", "bounced: 5.1.1 no such user" (times in UTC); "" for
// kUnspecified.
std::string InvitationReasonText(const InvitationReason& reason);

// HandoverText returns, when `reason` has a handover_time, the English words
// that say the mail may have left then ("; its invitation may have left at
// ..."); "" otherwise. InvitationReasonText ends with it.
std::string HandoverText(const InvitationReason& reason);

// InvitationReasonOf returns a reason of `code` with no parameters but
// `detail`, when given.
InvitationReason InvitationReasonOf(InvitationReasonCode code);
InvitationReason InvitationReasonOf(InvitationReasonCode code, std::string detail);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_INVITATION_REASON_H_
