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

namespace {

// Requested returns the reason of a change `requester` asked for with `note`:
// `by_owner` or `by_operator`.
absl::StatusOr<InvitationReason> Requested(Requester requester, const std::string& note,
                                           InvitationReasonCode by_owner,
                                           InvitationReasonCode by_operator) {
  if (HasControlCharacters(note)) return InvalidFieldError("reason", "no control characters");
  InvitationReason reason =
      InvitationReasonOf(requester == Requester::kOwner ? by_owner : by_operator);
  reason.detail = TruncateUtf8(note, 500);
  return reason;
}

}  // namespace

absl::StatusOr<Invitation> InvitationManager::ResendInvitation(InvitationId id, Requester requester,
                                                               const std::string& note) {
  OPINUS_ASSIGN_OR_RETURN(const InvitationReason reason,
                          Requested(requester, note, InvitationReasonCode::kResentByOwner,
                                    InvitationReasonCode::kResentByOperator));
  return invitations_->ResendInvitation(id, reason, clock_->Now());
}

absl::StatusOr<Invitation> InvitationManager::CancelInvitation(InvitationId id, Requester requester,
                                                               const std::string& note) {
  OPINUS_ASSIGN_OR_RETURN(const InvitationReason reason,
                          Requested(requester, note, InvitationReasonCode::kCancelledByOwner,
                                    InvitationReasonCode::kCancelledByOperator));
  return invitations_->CancelInvitation(id, reason, clock_->Now());
}

}  // namespace opinus::server
