// AccountManager: the rules for owners' accounts: signing up, logging in and
// out, sessions, personal access tokens and the limits on login attempts.
#ifndef OPINUS_SERVER_MANAGERS_ACCOUNT_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_ACCOUNT_MANAGER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/account.h"
#include "server/domain/account_mailer.h"
#include "server/domain/clock.h"
#include "server/domain/password_hasher.h"
#include "server/domain/token.h"
#include "server/storage/account_store.h"

namespace opinus::server {

inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordLength = 128;
// Longer client addresses are cut (the store keeps 100 characters).
inline constexpr size_t kMaxClientAddressLength = 100;
// A session ends this long after it began, or when idle this long.
inline constexpr absl::Duration kSessionLifetime = absl::Hours(24 * 30);
inline constexpr absl::Duration kSessionIdleTimeout = absl::Hours(24);
// The last use of a session or access token is written at most this often,
// not on every call.
inline constexpr absl::Duration kCredentialTouchInterval = absl::Minutes(1);
inline constexpr int kDefaultAccessTokenDays = 90;
inline constexpr int kMaxAccessTokenDays = 365;
// Failed logins allowed per account from one client address, and per client
// address, within kLogInWindow; per account from all addresses within
// kAccountSlowDownWindow; sign-ups per client address within kSignUpWindow.
inline constexpr int kMaxFailedLogInsPerAccount = 5;
inline constexpr int kMaxFailedLogInsPerAddress = 20;
inline constexpr absl::Duration kLogInWindow = absl::Minutes(15);
inline constexpr absl::Duration kAccountSlowDownWindow = absl::Minutes(1);
inline constexpr int kMaxSignUpsPerAddress = 10;
inline constexpr absl::Duration kSignUpWindow = absl::Hours(1);
// Confirmation mails per account (the sign-up's included) within kConfirmationMailWindow.
inline constexpr int kMaxConfirmationMails = 5;
inline constexpr absl::Duration kConfirmationMailWindow = absl::Hours(1);

// NewSession is a session just opened, with the secrets the owner gets once.
struct NewSession {
  std::string session_token;
  std::string csrf_token;
  absl::Time expire_time;
  Owner owner;
  // Of a sign-up: whether the mail with the confirmation link was sent (a
  // failure does not fail the sign-up; the owner may ask again).
  absl::Status confirmation_mail;
  // Of a log-in: the deletion of the account this log-in undid, when one
  // was pending (its due time).
  std::optional<absl::Time> deletion_cancelled;
};

// ActingOwner is whom a credential stands for.
struct ActingOwner {
  Owner owner;
  // Set for a session credential, empty for an access token.
  std::string csrf_token;
  // When the credential stops working (for a session: unless used again).
  absl::Time expire_time;

  bool is_session() const { return !csrf_token.empty(); }
};

// AccessTokenGrant is a new access token and its secret, shown once.
struct AccessTokenGrant {
  AccessToken token;
  std::string secret;
};

// ValidatePassword returns OK for 10 to 128 characters (UTF-8 code points),
// else INVALID_ARGUMENT naming "password".
[[nodiscard]] absl::Status ValidatePassword(absl::string_view password);

// CheckCsrf returns OK when `owner` acts with an access token, or with a
// session whose CSRF token is `csrf_token` (compared in constant time); else
// PERMISSION_DENIED.
[[nodiscard]] absl::Status CheckCsrf(const ActingOwner& owner, absl::string_view csrf_token);

// AccountManager keeps owners' accounts. It does not own its collaborators,
// which must outlive it. Thread-safe.
class AccountManager {
 public:
  // Hashes a dummy password with `hasher` once, to verify against when an
  // e-mail is unknown.
  AccountManager(AccountStore* store, const PasswordHasher* hasher, TokenGenerator* tokens,
                 AccountMailer* mailer, const Clock* clock);

  // SignUp creates an owner, opens a session and mails the owner a link
  // confirming the e-mail (its outcome in NewSession::confirmation_mail).
  // INVALID_ARGUMENT names the bad field ("email", "password");
  // ALREADY_EXISTS when the e-mail has an account; RESOURCE_EXHAUSTED when
  // `client_address` signed up too often.
  absl::StatusOr<NewSession> SignUp(absl::string_view email, absl::string_view password,
                                    absl::string_view client_address);

  // LogIn opens a session for the right e-mail and password; UNAUTHENTICATED
  // with one message for a wrong e-mail or password; RESOURCE_EXHAUSTED, saying
  // when to try again, while the account or `client_address` (when not empty)
  // has too many recent failures. A success clears the account's failures,
  // and undoes a pending deletion of the account (NewSession says so).
  absl::StatusOr<NewSession> LogIn(absl::string_view email, absl::string_view password,
                                   absl::string_view client_address);

  // DeleteAccount schedules the deletion of `acting`'s account and all their
  // shops kAccountDeletionGrace from now, ends every session and access token
  // of theirs, and returns when the deletion is due. `password` must be the
  // account's: INVALID_ARGUMENT naming "password" otherwise (counted as a
  // failed log-in); PERMISSION_DENIED when `acting` is an access token (only
  // the owner in the panel deletes the account).
  absl::StatusOr<absl::Time> DeleteAccount(const ActingOwner& acting, absl::string_view password);

  // ConfirmEmail confirms the e-mail of the owner whose link carries
  // `token` and returns the owner; NOT_FOUND when the link is unknown, used
  // or older than kEmailConfirmationLifetime.
  absl::StatusOr<Owner> ConfirmEmail(absl::string_view token);

  // ResendEmailConfirmation mails `acting`'s owner a new link (the earlier
  // one stops working). FAILED_PRECONDITION when confirmed already;
  // RESOURCE_EXHAUSTED after kMaxConfirmationMails within
  // kConfirmationMailWindow; the mailer's error when it could not send.
  absl::Status ResendEmailConfirmation(const ActingOwner& acting);

  // Authenticate returns whom `credential` (a session token or an access
  // token secret) stands for, and notes its use; UNAUTHENTICATED when it is
  // missing, unknown, expired or revoked.
  absl::StatusOr<ActingOwner> Authenticate(absl::string_view credential);

  // ActFor returns whom `credential` stands for on a call that changes state
  // when `changes`: Authenticate, then CheckCsrf with `csrf_token` when
  // `changes`.
  absl::StatusOr<ActingOwner> ActFor(absl::string_view credential, absl::string_view csrf_token,
                                     bool changes);

  // LogOut ends the session `credential`; errors as ActFor (a change: the
  // CSRF token is checked); FAILED_PRECONDITION for an access token (revoke
  // those).
  absl::Status LogOut(absl::string_view credential, absl::string_view csrf_token);

  // CreateAccessToken gives `acting`'s owner a token named `name` (1 to 100
  // characters) for `lifetime_days` (1 to 365; 0: 90). INVALID_ARGUMENT names
  // the bad field; PERMISSION_DENIED when `acting` is itself an access token,
  // which could otherwise renew itself for good.
  absl::StatusOr<AccessTokenGrant> CreateAccessToken(const ActingOwner& acting,
                                                     absl::string_view name, int lifetime_days);

  // ListAccessTokens returns the owner's tokens, oldest first.
  absl::StatusOr<std::vector<AccessToken>> ListAccessTokens(OwnerId owner_id);

  // RevokeAccessToken ends the owner's token at once; NOT_FOUND when the
  // owner has no such token; PERMISSION_DENIED when `acting` is an access
  // token: a leaked token must not lock its owner's other tools out.
  absl::Status RevokeAccessToken(const ActingOwner& acting, AccessTokenId id);

 private:
  absl::StatusOr<NewSession> OpenSession(const Owner& owner);
  // MailConfirmation counts a confirmation mail for `owner`, within its
  // limit, keeps a new link's hash and mails the link.
  absl::Status MailConfirmation(const Owner& owner, absl::Time now);
  absl::StatusOr<ActingOwner> AuthenticateSession(absl::string_view token, absl::Time now);
  absl::StatusOr<ActingOwner> AuthenticateAccessToken(absl::string_view secret, absl::Time now);
  // CheckLogInLimits returns RESOURCE_EXHAUSTED while `email` or `address`
  // has too many recent failures.
  absl::Status CheckLogInLimits(const std::string& email, const std::string& address,
                                absl::Time now);

  AccountStore* store_;
  const PasswordHasher* hasher_;
  TokenGenerator* tokens_;
  AccountMailer* mailer_;
  const Clock* clock_;
  std::string dummy_hash_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_ACCOUNT_MANAGER_H_
