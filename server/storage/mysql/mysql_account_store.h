// MysqlAccountStore: AccountStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_ACCOUNT_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_ACCOUNT_STORE_H_

#include "server/storage/account_store.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// MysqlAccountStore keeps accounts in `owners`, `owner_sessions`,
// `owner_access_tokens` and `auth_attempts`. It does not own `pool`.
// Thread-safe.
class MysqlAccountStore final : public AccountStore {
 public:
  explicit MysqlAccountStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<Owner> CreateOwner(const Owner& owner) override;
  absl::StatusOr<Owner> GetOwner(OwnerId id) override;
  absl::StatusOr<std::optional<Owner>> FindOwnerByEmail(const std::string& email) override;
  absl::Status SetEmailConfirmation(OwnerId id, const std::string& token_hash,
                                    absl::Time expire_time) override;
  absl::StatusOr<Owner> ConfirmEmail(const std::string& token_hash, absl::Time now) override;
  absl::StatusOr<std::map<OwnerId, OwnerHold>> HeldOwners(const std::vector<OwnerId>& ids) override;
  absl::Status ScheduleDeletion(OwnerId id, absl::Time due_time) override;
  absl::StatusOr<bool> CancelDeletion(OwnerId id) override;
  absl::Status CreateSession(const OwnerSession& session) override;
  absl::StatusOr<std::optional<OwnerSession>> FindSession(const std::string& token_hash) override;
  absl::Status TouchSession(const std::string& token_hash, absl::Time now) override;
  absl::Status DeleteSession(const std::string& token_hash) override;
  absl::StatusOr<AccessToken> CreateAccessToken(const AccessToken& token) override;
  absl::StatusOr<std::optional<AccessToken>> FindAccessToken(
      const std::string& token_hash) override;
  absl::StatusOr<std::vector<AccessToken>> ListAccessTokens(OwnerId owner_id) override;
  absl::Status TouchAccessToken(AccessTokenId id, absl::Time now) override;
  absl::Status DeleteAccessToken(OwnerId owner_id, AccessTokenId id) override;
  absl::Status RecordAttempt(AttemptKind kind, const std::string& email, const std::string& address,
                             absl::Time time, absl::Time forget_before) override;
  absl::StatusOr<AttemptCount> CountAttempts(AttemptKind kind, const AttemptScope& scope,
                                             absl::Time since) override;
  absl::Status ClearAttempts(AttemptKind kind, const std::string& email) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_ACCOUNT_STORE_H_
