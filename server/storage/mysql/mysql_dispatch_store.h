// MysqlDispatchStore: DispatchStore on MariaDB, claiming with
// SELECT ... FOR UPDATE SKIP LOCKED so that servers never wait on each other.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_DISPATCH_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_DISPATCH_STORE_H_

#include <memory>
#include <string>

#include "server/storage/dispatch_store.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// SelectDue is the due query ClaimDue runs first (named variables :now and
// :limit), so that bench/ times and EXPLAINs the very statement.
const std::string& SelectDue();

// MysqlDispatchStore claims and settles rows of `invitations`, logging each
// change in `invitation_transitions`. It does not own `pool`. Thread-safe.
class MysqlDispatchStore final : public DispatchStore {
 public:
  explicit MysqlDispatchStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<std::vector<Invitation>> ClaimDue(const Claim& claim, int limit) override;
  // KeepTokens checks the claims and keeps the held ones' tokens in one
  // transaction of two statements.
  std::vector<absl::Status> KeepTokens(absl::Time now,
                                       const std::vector<MailToken>& tokens) override;
  // LockForSend holds one pooled session, and a transaction with the
  // invitations' rows locked, until the lock is marked sent or destroyed:
  // two statements and a commit to lock, two and a commit to mark, however
  // many e-mails.
  using DispatchStore::LockForSend;
  absl::StatusOr<std::unique_ptr<SendLock>> LockForSend(const std::vector<HeldMail>& held,
                                                        absl::Time now) override;
  absl::Status Reschedule(const HeldMail& held, absl::Time now, absl::Time send_at,
                          const InvitationReason& reason, bool failed_attempt) override;
  absl::Status MarkFailed(const HeldMail& held, absl::Time now,
                          const InvitationReason& reason) override;
  absl::Status MarkSuppressed(const HeldMail& held, absl::Time now,
                              const InvitationReason& reason) override;
  absl::StatusOr<std::vector<InvitationTransition>> ListTransitions(InvitationId id) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_DISPATCH_STORE_H_
