// What came back for a mail Opinus sent: a bounce or a complaint, as the
// bounce listener recorded it.
#ifndef OPINUS_SERVER_DOMAIN_MAIL_FEEDBACK_H_
#define OPINUS_SERVER_DOMAIN_MAIL_FEEDBACK_H_

#include <string>

#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// What a report received by the bounce listener was.
enum class FeedbackKind {
  // A permanent failure (5.x.x) of a mail of ours.
  kHardBounce,
  // A temporary failure (4.x.x): the sending MTA still tries.
  kSoftBounce,
  // The recipient marked a mail of ours as spam (an abuse feedback report).
  kComplaint,
  // Anything else, or a report about no mail of ours.
  kUnmatched,
};

// FeedbackKindName returns "hard_bounce", "soft_bounce", "complaint" or
// "unmatched", as the store and the metrics name them.
const char* FeedbackKindName(FeedbackKind kind);

// MailFeedback is one received report.
struct MailFeedback {
  FeedbackKind kind = FeedbackKind::kUnmatched;
  absl::Time receive_time;
  // The mail it is about; 0 when unmatched.
  ShopId shop_id = 0;
  InvitationId invitation_id = 0;
  MailKind mail = MailKind::kInvitation;
  // The report's status code ("5.1.1") and diagnostic or feedback type;
  // valid UTF-8, at most 16 and 500 bytes.
  std::string status;
  std::string detail;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_MAIL_FEEDBACK_H_
