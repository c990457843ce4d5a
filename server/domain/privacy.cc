#include "server/domain/privacy.h"

#include <algorithm>

#include "common/secrets.h"

namespace opinus::server {

std::optional<absl::Time> InvitationEndTime(const Invitation& invitation) {
  switch (invitation.state) {
    case InvitationState::kReviewed:
    case InvitationState::kCancelled:
    case InvitationState::kSuppressed:
    case InvitationState::kFailed:
    case InvitationState::kBounced:
      return invitation.update_time;
    case InvitationState::kSent:
      if (invitation.reminder_time.has_value() || !invitation.sent_time.has_value()) {
        return std::nullopt;
      }
      return std::max(*invitation.sent_time,
                      invitation.reminder_sent_time.value_or(*invitation.sent_time)) +
             kOpinionLinkValidity;
    case InvitationState::kScheduled:
    case InvitationState::kSending:
      return std::nullopt;
  }
  return std::nullopt;
}

void PurgePersonalData(Invitation& invitation) {
  invitation.customer_email.clear();
  invitation.customer_first_name.clear();
  invitation.customer_last_name.clear();
  invitation.state_reason = MaskEmailLocalParts(invitation.state_reason);
  invitation.structured_reason.detail = MaskEmailLocalParts(invitation.structured_reason.detail);
  invitation.last_error = MaskEmailLocalParts(invitation.last_error);
}

}  // namespace opinus::server
