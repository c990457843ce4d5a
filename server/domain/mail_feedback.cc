#include "server/domain/mail_feedback.h"

namespace opinus::server {

const char* FeedbackKindName(FeedbackKind kind) {
  switch (kind) {
    case FeedbackKind::kHardBounce:
      return "hard_bounce";
    case FeedbackKind::kSoftBounce:
      return "soft_bounce";
    case FeedbackKind::kComplaint:
      return "complaint";
    case FeedbackKind::kUnmatched:
      break;
  }
  return "unmatched";
}

}  // namespace opinus::server
