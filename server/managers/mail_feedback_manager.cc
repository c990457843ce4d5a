#include "server/managers/mail_feedback_manager.h"

#include <optional>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/secrets.h"
#include "common/status_macros.h"
#include "server/domain/bounce_address.h"
#include "server/domain/mail_report.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

// BounceIdFor returns the id of the mail a report is about, "" when none.
std::string BounceIdFor(const std::vector<std::string>& recipients, const MailReport& report) {
  for (const std::string& recipient : recipients) {
    if (std::string id = BounceIdOf(recipient); !id.empty()) return id;
  }
  return BounceIdOf(report.original_sender);
}

// Worst returns the recipient block that counts: a permanent failure before
// a temporary one before anything else; nullptr when there is none.
const RecipientStatus* Worst(const MailReport& report) {
  const RecipientStatus* worst = nullptr;
  for (const RecipientStatus& recipient : report.recipients) {
    if (worst == nullptr ||
        static_cast<int>(recipient.outcome) < static_cast<int>(worst->outcome)) {
      worst = &recipient;
    }
  }
  return worst;
}

}  // namespace

absl::StatusOr<MailFeedback> MailFeedbackManager::Take(const std::vector<std::string>& recipients,
                                                       absl::string_view message) {
  const MailReport report = ParseMailReport(message);
  MailFeedback feedback;
  feedback.receive_time = clock_->Now();
  const RecipientStatus* status = Worst(report);
  if (status != nullptr) {
    feedback.status = status->status;
    feedback.detail = status->diagnostic.empty() ? status->action : status->diagnostic;
  } else if (report.kind == MailReportKind::kComplaint) {
    feedback.detail = absl::StrCat("feedback type: ", report.feedback_type);
  } else {
    feedback.detail = "neither a delivery status notification nor a feedback report";
  }

  std::optional<TokenOwner> mail;
  if (const std::string id = BounceIdFor(recipients, report); !id.empty()) {
    absl::StatusOr<TokenOwner> found = store_->FindMailByHashPrefix(absl::HexStringToBytes(id));
    if (found.ok()) {
      mail = *std::move(found);
    } else if (!absl::IsNotFound(found.status())) {
      return found.status();
    }
  }
  if (!mail) {
    if (report.kind != MailReportKind::kUnknown) {
      feedback.detail = TruncateUtf8(absl::StrCat("about no mail of ours: ", feedback.detail), 500);
    }
    OPINUS_RETURN_IF_ERROR(store_->RecordFeedback(feedback, std::nullopt, InvitationReason()));
    return feedback;
  }
  feedback.shop_id = mail->invitation.shop_id;
  feedback.invitation_id = mail->invitation.id;
  feedback.mail = mail->mail;

  // The address is the invitation's, not the report's: a report may name
  // anyone, a mail of ours names its own recipient.
  std::optional<Suppression> suppression;
  auto suppress = [&](ShopId scope, const char* source) {
    Suppression s;
    s.shop_id = scope;
    s.email_hash = addresses_->Hash(mail->invitation.customer_email);
    s.create_time = feedback.receive_time;
    s.source = source;
    // The diagnostic often names the recipient, whom the list must not keep.
    s.reason =
        TruncateUtf8(MaskEmailLocalParts(absl::StrCat(feedback.status, " ", feedback.detail)), 500);
    suppression = std::move(s);
  };
  // A hard bounce's, the one report that changes the invitation.
  InvitationReason reason;
  if (report.kind == MailReportKind::kComplaint) {
    feedback.kind = FeedbackKind::kComplaint;
    suppress(Suppression::kAllShops, "complaint");
  } else if (status != nullptr && status->outcome == DeliveryOutcome::kPermanentFailure) {
    feedback.kind = FeedbackKind::kHardBounce;
    suppress(IsPermanentNoSuchMailbox(status->status) ? Suppression::kAllShops
                                                      : mail->invitation.shop_id,
             "bounce");
    reason = InvitationReasonOf(InvitationReasonCode::kBounced);
    reason.detail = absl::StrCat(feedback.status, " ", feedback.detail);
  } else if (status != nullptr && status->outcome == DeliveryOutcome::kTemporaryFailure) {
    feedback.kind = FeedbackKind::kSoftBounce;
  }
  OPINUS_RETURN_IF_ERROR(store_->RecordFeedback(feedback, suppression, reason));
  return feedback;
}

}  // namespace opinus::server
