#include "server/managers/invitation_manager.h"

#include "common/field_violation.h"
#include "common/status_macros.h"
#include "server/domain/validation.h"

namespace opinus::server {

absl::StatusOr<Invitation> InvitationManager::GetInvitation(InvitationId id) {
  return invitations_->GetInvitation(id);
}

absl::StatusOr<Page<Invitation>> InvitationManager::ListInvitations(
    ShopId shop_id, std::optional<InvitationState> state, const PageRequest& page) {
  OPINUS_RETURN_IF_ERROR(shops_->GetShop(shop_id).status());
  return invitations_->ListInvitations(shop_id, state, page);
}

absl::StatusOr<std::map<FeedbackKind, int64_t>> InvitationManager::CountMailFeedback(
    ShopId shop_id) {
  return feedback_->CountFeedback(shop_id);
}

absl::StatusOr<Invitation> InvitationManager::ResendInvitation(InvitationId id,
                                                               const std::string& reason) {
  if (HasControlCharacters(reason)) {
    return InvalidFieldError("reason", "no control characters");
  }
  const std::string why = reason.empty() ? "resent by operator" : TruncateUtf8(reason, 500);
  return invitations_->ResendInvitation(id, why, clock_->Now());
}

absl::StatusOr<Invitation> InvitationManager::CancelInvitation(InvitationId id,
                                                               const std::string& reason) {
  if (HasControlCharacters(reason)) {
    return InvalidFieldError("reason", "no control characters");
  }
  const std::string why = reason.empty() ? "cancelled by operator" : TruncateUtf8(reason, 500);
  return invitations_->CancelInvitation(id, why, clock_->Now());
}

}  // namespace opinus::server
