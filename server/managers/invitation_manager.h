// InvitationManager: reading invitations and cancelling them by hand.
#ifndef OPINUS_SERVER_MANAGERS_INVITATION_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_INVITATION_MANAGER_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/clock.h"
#include "server/domain/model.h"
#include "server/storage/invitation_store.h"
#include "server/storage/mail_feedback_store.h"
#include "server/storage/shop_store.h"

namespace opinus::server {

// Who asks for a cancel or a resend: the shop's owner, or an operator.
enum class Requester { kOwner, kOperator };

// InvitationManager serves operators' and owners' views of invitations. It
// does not own its collaborators. Thread-safe.
class InvitationManager {
 public:
  InvitationManager(ShopStore* shops, InvitationStore* invitations, MailFeedbackStore* feedback,
                    const Clock* clock)
      : shops_(shops), invitations_(invitations), feedback_(feedback), clock_(clock) {}

  // GetInvitation returns it; NOT_FOUND when there is none.
  absl::StatusOr<Invitation> GetInvitation(InvitationId id);

  // ListInvitations returns the shop's invitations (of `state` only, when
  // given), newest first; NOT_FOUND when there is no such shop.
  absl::StatusOr<Page<Invitation>> ListInvitations(ShopId shop_id,
                                                   std::optional<InvitationState> state,
                                                   const PageRequest& page);

  // CountMailFeedback returns the shop's bounces and complaints by kind.
  absl::StatusOr<std::map<FeedbackKind, int64_t>> CountMailFeedback(ShopId shop_id);

  // ResendInvitation schedules a failed or cancelled invitation again, due
  // now, as resent by `requester` with their `note` (may be empty).
  // INVALID_ARGUMENT for a note with control characters; FAILED_PRECONDITION
  // for any other state.
  absl::StatusOr<Invitation> ResendInvitation(InvitationId id, Requester requester,
                                              const std::string& note);

  // CancelInvitation cancels the invitation, as cancelled by `requester` with
  // their `note` (may be empty), as InvitationStore::CancelInvitation does: a
  // scheduled or claimed one is cancelled, a sent one loses its pending
  // reminder. INVALID_ARGUMENT for a note with control characters;
  // FAILED_PRECONDITION otherwise ("cancelled too late: ..." once the mail left).
  absl::StatusOr<Invitation> CancelInvitation(InvitationId id, Requester requester,
                                              const std::string& note);

 private:
  ShopStore* shops_;
  InvitationStore* invitations_;
  MailFeedbackStore* feedback_;
  const Clock* clock_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_INVITATION_MANAGER_H_
