// MysqlInvitationStore: InvitationStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_INVITATION_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_INVITATION_STORE_H_

#include "server/domain/invitation_transitions.h"
#include "server/storage/invitation_store.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// MysqlInvitationStore reads and changes the `invitations` table. It does not
// own `pool`. Thread-safe.
class MysqlInvitationStore final : public InvitationStore {
 public:
  explicit MysqlInvitationStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<Invitation> GetInvitation(InvitationId id) override;
  absl::StatusOr<TokenOwner> FindInvitationByToken(const std::string& token_hash) override;
  absl::StatusOr<Page<Invitation>> ListInvitations(ShopId shop_id,
                                                   std::optional<InvitationState> state,
                                                   const PageRequest& page) override;
  absl::StatusOr<Invitation> ResendInvitation(InvitationId id, const InvitationReason& reason,
                                              absl::Time now) override;
  absl::StatusOr<Invitation> CancelInvitation(InvitationId id, const InvitationReason& reason,
                                              absl::Time now) override;

 private:
  // Change applies `event` to the invitation under its row lock.
  absl::StatusOr<Invitation> Change(InvitationId id, InvitationEvent event,
                                    const InvitationReason& reason, absl::Time now);

  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_INVITATION_STORE_H_
