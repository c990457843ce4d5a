#include "server/domain/invitation_reason.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace opinus::server {
namespace {

struct CodeName {
  InvitationReasonCode code;
  const char* name;
};

// The store's names; never renamed, as rows keep them.
constexpr CodeName kCodeNames[] = {
    {InvitationReasonCode::kShopUnavailable, "shop_unavailable"},
    {InvitationReasonCode::kSendingOff, "sending_off"},
    {InvitationReasonCode::kOutsideSendingHours, "outside_sending_hours"},
    {InvitationReasonCode::kSuppressionsUnavailable, "suppressions_unavailable"},
    {InvitationReasonCode::kUnapprovedDailyCap, "unapproved_daily_cap"},
    {InvitationReasonCode::kUnapprovedUncounted, "unapproved_uncounted"},
    {InvitationReasonCode::kOwnerUnconfirmed, "owner_unconfirmed"},
    {InvitationReasonCode::kOwnerUnchecked, "owner_unchecked"},
    {InvitationReasonCode::kTokenNotStored, "token_not_stored"},
    {InvitationReasonCode::kDispatcherStopping, "dispatcher_stopping"},
    {InvitationReasonCode::kRetrying, "retrying"},
    {InvitationReasonCode::kRefused, "refused"},
    {InvitationReasonCode::kGaveUp, "gave_up"},
    {InvitationReasonCode::kAccepted, "accepted"},
    {InvitationReasonCode::kAddressSuppressed, "address_suppressed"},
    {InvitationReasonCode::kUnsubscribed, "unsubscribed"},
    {InvitationReasonCode::kBounced, "bounced"},
    {InvitationReasonCode::kCancelledByOwner, "cancelled_by_owner"},
    {InvitationReasonCode::kResentByOwner, "resent_by_owner"},
    {InvitationReasonCode::kCancelledByOperator, "cancelled_by_operator"},
    {InvitationReasonCode::kResentByOperator, "resent_by_operator"},
    {InvitationReasonCode::kOrderNotRealised, "order_not_realised"},
    {InvitationReasonCode::kOrderDeleted, "order_deleted"},
    {InvitationReasonCode::kAppUninstalled, "app_uninstalled"},
    {InvitationReasonCode::kDataErased, "data_erased"},
    {InvitationReasonCode::kReviewed, "reviewed"},
    {InvitationReasonCode::kOwnerDeleting, "owner_deleting"},
};

std::string FormatUtc(const std::optional<absl::Time>& time) {
  if (!time) return "?";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", *time, absl::UTCTimeZone());
}

const char* MailName(const InvitationReason& reason) {
  return reason.reminder ? "reminder" : "invitation";
}

// The operator's note, or `otherwise` when they gave none.
std::string NoteOr(const InvitationReason& reason, const char* otherwise) {
  return reason.detail.empty() ? otherwise : reason.detail;
}

std::string CodeText(const InvitationReason& reason) {
  const std::string& detail = reason.detail;
  switch (reason.code) {
    case InvitationReasonCode::kUnspecified:
      return "";
    case InvitationReasonCode::kShopUnavailable:
      return absl::StrCat("shop unavailable: ", detail);
    case InvitationReasonCode::kSendingOff:
      return "sending is off for this shop";
    case InvitationReasonCode::kOutsideSendingHours:
      return absl::StrCat("outside the shop's sending hours, which begin at ",
                          FormatUtc(reason.time));
    case InvitationReasonCode::kSuppressionsUnavailable:
      return absl::StrCat("suppression list unavailable: ", detail);
    case InvitationReasonCode::kUnapprovedDailyCap:
      return absl::StrCat("held: a shop not yet approved by an operator sends at most ",
                          reason.limit, " mails a day (", reason.count, " in the last 24 hours)");
    case InvitationReasonCode::kUnapprovedUncounted:
      return absl::StrCat("held: the mails of a shop not yet approved could not be counted (",
                          detail, ")");
    case InvitationReasonCode::kOwnerUnconfirmed:
      return "held: the shop owner has not confirmed their e-mail address yet";
    case InvitationReasonCode::kOwnerUnchecked:
      return absl::StrCat(
          "held: whether the shop owner confirmed their e-mail could not be checked (", detail,
          ")");
    case InvitationReasonCode::kTokenNotStored:
      return absl::StrCat("token not stored: ", detail);
    case InvitationReasonCode::kDispatcherStopping:
      return "given back unsent: dispatcher stopping or out of time";
    case InvitationReasonCode::kRetrying:
      return absl::StrCat("attempt ", reason.count, " failed, retry at ", FormatUtc(reason.time),
                          ": ", detail);
    case InvitationReasonCode::kRefused:
      return absl::StrCat("refused by the mail server: ", detail);
    case InvitationReasonCode::kGaveUp:
      return absl::StrCat("gave up after ", reason.count, " attempts: ", detail);
    case InvitationReasonCode::kAccepted:
      return absl::StrCat(MailName(reason), " accepted by the mail server as ", detail);
    case InvitationReasonCode::kAddressSuppressed:
      return absl::StrCat("the address asked not to be mailed by ",
                          reason.all_shops ? "any shop" : "this shop", " (", reason.source, ", ",
                          FormatUtc(reason.time), ")");
    case InvitationReasonCode::kUnsubscribed:
      return absl::StrCat("the customer unsubscribed (", reason.source,
                          reason.all_shops ? ", all shops" : "", ")");
    case InvitationReasonCode::kBounced:
      return absl::StrCat("bounced: ", detail);
    case InvitationReasonCode::kCancelledByOwner:
      return "cancelled by the shop's owner";
    case InvitationReasonCode::kResentByOwner:
      return "resent by the shop's owner";
    case InvitationReasonCode::kCancelledByOperator:
      return NoteOr(reason, "cancelled by operator");
    case InvitationReasonCode::kResentByOperator:
      return NoteOr(reason, "resent by operator");
    case InvitationReasonCode::kOrderNotRealised:
      return absl::StrCat("order not realised (status ", reason.status_id, ")");
    case InvitationReasonCode::kOrderDeleted:
      return "order deleted";
    case InvitationReasonCode::kAppUninstalled:
      return "the shop uninstalled the Opinus app in Shoper";
    case InvitationReasonCode::kDataErased:
      return "the customer's data was erased on request";
    case InvitationReasonCode::kReviewed:
      return "the customer gave an opinion";
    case InvitationReasonCode::kOwnerDeleting:
      return "held: the shop owner asked to delete their account";
  }
  return "";
}

}  // namespace

const char* InvitationReasonCodeName(InvitationReasonCode code) {
  for (const CodeName& known : kCodeNames) {
    if (known.code == code) return known.name;
  }
  return "";
}

InvitationReasonCode InvitationReasonCodeFromName(absl::string_view name) {
  for (const CodeName& known : kCodeNames) {
    if (known.name == name) return known.code;
  }
  return InvitationReasonCode::kUnspecified;
}

std::string InvitationReasonText(const InvitationReason& reason) {
  // A reminder that fails leaves its invitation sent: the words say which failed.
  const bool reminder_failed = reason.reminder && (reason.code == InvitationReasonCode::kRefused ||
                                                   reason.code == InvitationReasonCode::kGaveUp);
  return absl::StrCat(reminder_failed ? "reminder failed: " : "", CodeText(reason),
                      HandoverText(reason));
}

std::string HandoverText(const InvitationReason& reason) {
  if (!reason.handover_time) return "";
  return absl::StrCat("; its ", MailName(reason), " may have left at ",
                      FormatUtc(reason.handover_time),
                      ": the dispatcher handing it to the mail server stopped before it recorded "
                      "the answer");
}

InvitationReason InvitationReasonOf(InvitationReasonCode code) {
  InvitationReason reason;
  reason.code = code;
  return reason;
}

InvitationReason InvitationReasonOf(InvitationReasonCode code, std::string detail) {
  InvitationReason reason = InvitationReasonOf(code);
  reason.detail = std::move(detail);
  return reason;
}

}  // namespace opinus::server
