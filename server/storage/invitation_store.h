// InvitationStore: reading and changing invitations.
#ifndef OPINUS_SERVER_STORAGE_INVITATION_STORE_H_
#define OPINUS_SERVER_STORAGE_INVITATION_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// TokenOwner is the invitation a token was mailed in, and in which e-mail.
struct TokenOwner {
  Invitation invitation;
  MailKind mail = MailKind::kInvitation;
  absl::Time create_time;
};

// InvitationStore keeps invitations. Implementations are thread-safe. Every
// method may return UNAVAILABLE when the storage cannot be reached.
class InvitationStore {
 public:
  virtual ~InvitationStore() = default;

  // GetInvitation returns it, NOT_FOUND when there is none.
  virtual absl::StatusOr<Invitation> GetInvitation(InvitationId id) = 0;

  // FindInvitationByToken returns the invitation whose e-mail carried the
  // token with SHA-256 `token_hash`, and which e-mail that was; NOT_FOUND
  // when no e-mail did.
  virtual absl::StatusOr<TokenOwner> FindInvitationByToken(const std::string& token_hash) = 0;

  // ListInvitations returns the shop's invitations in `state` (all when
  // nullopt), newest first.
  virtual absl::StatusOr<Page<Invitation>> ListInvitations(ShopId shop_id,
                                                           std::optional<InvitationState> state,
                                                           const PageRequest& page) = 0;

  // ResendInvitation moves a failed or cancelled invitation back to
  // scheduled, due at `now`, with no attempts and no claim, noting `reason`.
  // NOT_FOUND when there is none; FAILED_PRECONDITION in any other state
  // (InvitationRules()).
  virtual absl::StatusOr<Invitation> ResendInvitation(InvitationId id,
                                                      const InvitationReason& reason,
                                                      absl::Time now) = 0;

  // CancelInvitation cancels the invitation with `reason`, as
  // InvitationRules() say: a scheduled one, or one claimed for sending (its
  // claim ends; a send in progress is waited for), becomes cancelled; a sent
  // one loses its pending reminder. NOT_FOUND when there is none;
  // FAILED_PRECONDITION otherwise, "cancelled too late: ..." once it left.
  virtual absl::StatusOr<Invitation> CancelInvitation(InvitationId id,
                                                      const InvitationReason& reason,
                                                      absl::Time now) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_INVITATION_STORE_H_
