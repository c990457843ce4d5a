// AccountStore: where owners, their sessions, their access tokens and the
// attempts counted by the login limits are kept.
#ifndef OPINUS_SERVER_STORAGE_ACCOUNT_STORE_H_
#define OPINUS_SERVER_STORAGE_ACCOUNT_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/account.h"

namespace opinus::server {

// AccountStore keeps accounts. Implementations are thread-safe; the MySQL one
// is shared by every server process, so limits count across them. Every
// method may return UNAVAILABLE when the storage cannot be reached.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // CreateOwner inserts `owner` (its id is ignored) and returns it with its
  // id. ALREADY_EXISTS when its e-mail has an account.
  virtual absl::StatusOr<Owner> CreateOwner(const Owner& owner) = 0;

  // GetOwner returns the owner; NOT_FOUND when there is none.
  virtual absl::StatusOr<Owner> GetOwner(OwnerId id) = 0;

  // FindOwnerByEmail returns the owner with the normalised `email`, or nullopt.
  virtual absl::StatusOr<std::optional<Owner>> FindOwnerByEmail(const std::string& email) = 0;

  // SetEmailConfirmation keeps `token_hash` (SHA-256 of a confirmation
  // link's token) for the owner until `expire_time`, in place of any earlier
  // one. NOT_FOUND when there is no such owner.
  virtual absl::Status SetEmailConfirmation(OwnerId id, const std::string& token_hash,
                                            absl::Time expire_time) = 0;

  // ConfirmEmail marks the e-mail of the owner whose unexpired link hashes to
  // `token_hash` confirmed at `now` (a first confirmation is kept), forgets
  // the link and returns the owner. NOT_FOUND when no owner has such a link.
  virtual absl::StatusOr<Owner> ConfirmEmail(const std::string& token_hash, absl::Time now) = 0;

  // HeldOwners returns those of `ids` whose shops may not send, and why: an
  // e-mail not confirmed (which comes first), or a deletion pending.
  virtual absl::StatusOr<std::map<OwnerId, OwnerHold>> HeldOwners(
      const std::vector<OwnerId>& ids) = 0;

  // ScheduleDeletion marks the owner's account to be deleted at `due_time`
  // and, in the same transaction, ends every session and access token of
  // theirs. NOT_FOUND when there is no such owner.
  virtual absl::Status ScheduleDeletion(OwnerId id, absl::Time due_time) = 0;

  // CancelDeletion clears the owner's pending deletion and returns whether
  // one was pending. NOT_FOUND when there is no such owner (the sweep
  // deleted it meanwhile).
  virtual absl::StatusOr<bool> CancelDeletion(OwnerId id) = 0;

  // CreateSession stores `session`, and drops the owner's sessions that ended
  // before `session.create_time`.
  virtual absl::Status CreateSession(const OwnerSession& session) = 0;

  // FindSession returns the session whose token hashes to `token_hash`, or nullopt.
  virtual absl::StatusOr<std::optional<OwnerSession>> FindSession(
      const std::string& token_hash) = 0;

  // TouchSession sets the session's last use to `now`; OK when there is none.
  virtual absl::Status TouchSession(const std::string& token_hash, absl::Time now) = 0;

  // DeleteSession removes the session; OK when there is none.
  virtual absl::Status DeleteSession(const std::string& token_hash) = 0;

  // CreateAccessToken stores `token` (its id is ignored) and returns it with its id.
  virtual absl::StatusOr<AccessToken> CreateAccessToken(const AccessToken& token) = 0;

  // FindAccessToken returns the token whose secret hashes to `token_hash`, or nullopt.
  virtual absl::StatusOr<std::optional<AccessToken>> FindAccessToken(
      const std::string& token_hash) = 0;

  // ListAccessTokens returns the owner's tokens, oldest first.
  virtual absl::StatusOr<std::vector<AccessToken>> ListAccessTokens(OwnerId owner_id) = 0;

  // TouchAccessToken sets the token's last use to `now`; OK when there is none.
  virtual absl::Status TouchAccessToken(AccessTokenId id, absl::Time now) = 0;

  // DeleteAccessToken removes the owner's token `id`; NOT_FOUND when the
  // owner has no such token.
  virtual absl::Status DeleteAccessToken(OwnerId owner_id, AccessTokenId id) = 0;

  // RecordAttempt notes one attempt of `kind` for the normalised `email` from
  // `address` at `time`, and may forget attempts older than `forget_before`.
  virtual absl::Status RecordAttempt(AttemptKind kind, const std::string& email,
                                     const std::string& address, absl::Time time,
                                     absl::Time forget_before) = 0;

  // CountAttempts counts the attempts of `kind` in `scope` at or after `since`.
  virtual absl::StatusOr<AttemptCount> CountAttempts(AttemptKind kind, const AttemptScope& scope,
                                                     absl::Time since) = 0;

  // ClearAttempts forgets the attempts of `kind` for `email`.
  virtual absl::Status ClearAttempts(AttemptKind kind, const std::string& email) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_ACCOUNT_STORE_H_
