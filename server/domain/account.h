// Shop owners' accounts, login sessions and personal access tokens, free of
// proto, gRPC and SQL.
#ifndef OPINUS_SERVER_DOMAIN_ACCOUNT_H_
#define OPINUS_SERVER_DOMAIN_ACCOUNT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

using AccessTokenId = int64_t;

// Owner is someone who owns shops.
struct Owner {
  OwnerId id = 0;
  // Normalised (NormalizeEmail).
  std::string email;
  // Argon2id in libsodium's string form; never leaves the core.
  std::string password_hash;
  absl::Time create_time;
  // When the owner opened the link that confirms their e-mail; unset until
  // then, and none of their shops sends.
  std::optional<absl::Time> email_confirm_time;
  // When the account and its shops are to be deleted, set while the owner's
  // request waits out kAccountDeletionGrace; logging in clears it.
  std::optional<absl::Time> deletion_due_time;
};

// How long an owner's request to delete their account waits before the
// retention sweep carries it out; logging in meanwhile undoes it.
inline constexpr absl::Duration kAccountDeletionGrace = absl::Hours(24 * 14);

// Why a shop's owner holds its invitations back (AccountStore::HeldOwners).
enum class OwnerHold {
  // The owner has not confirmed their e-mail yet.
  kUnconfirmed,
  // The owner asked to delete their account; the grace runs.
  kDeletionPending,
};

// How long a link that confirms an owner's e-mail works.
inline constexpr absl::Duration kEmailConfirmationLifetime = absl::Hours(24 * 7);

// OwnerSession is a login session; the store knows its token by hash only.
struct OwnerSession {
  // SHA-256 of the session token.
  std::string token_hash;
  OwnerId owner_id = 0;
  absl::Time create_time;
  // The absolute end, however busy the session is.
  absl::Time expire_time;
  // Refreshed at most once per kSessionTouchInterval.
  absl::Time last_use_time;
};

// AccessToken is a personal access token; the store knows its secret by hash only.
struct AccessToken {
  AccessTokenId id = 0;
  OwnerId owner_id = 0;
  std::string name;
  // SHA-256 of the secret.
  std::string token_hash;
  absl::Time create_time;
  absl::Time expire_time;
  // Unset when never used; refreshed at most once per kSessionTouchInterval.
  std::optional<absl::Time> last_use_time;
};

// What a recorded attempt was, for the rate limits.
enum class AttemptKind { kFailedLogIn, kSignUp, kConfirmationMail };

// AttemptCount is how many attempts fell in a window, and the oldest of them
// (meaningless when count is 0).
struct AttemptCount {
  int count = 0;
  absl::Time oldest;
};

// AttemptScope is whose attempts to count: of one e-mail, from one address,
// or both at once; an empty field matches any.
struct AttemptScope {
  std::string email;
  std::string address;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_ACCOUNT_H_
