// The App Store's admin page of the app (GET /shoper/app): the query Shoper
// opens it with in an iframe, checked as the callbacks are, and the one-time
// link it shows, which attaches the installation's shop to an owner.
#ifndef OPINUS_SERVER_DOMAIN_APPSTORE_ADMIN_PAGE_H_
#define OPINUS_SERVER_DOMAIN_APPSTORE_ADMIN_PAGE_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::server {

// How long a claim link works after the admin page showed it.
inline constexpr absl::Duration kClaimLinkLifetime = absl::Hours(24);

// AdminPageRequest is the admin page's query as checked and read.
struct AdminPageRequest {
  // The shop's licence id (`shop`), as in the callbacks.
  std::string licence;
  // Where in the admin panel the page is shown (`place`), as sent.
  std::string place;
  // The admin panel's language (`translations`, e.g. "pl_PL"); may be empty.
  std::string locale;
  absl::Time sent_time;
};

// ReadAdminPageRequest checks `query` with CheckAppStoreSignature (the same
// HMAC over the other fields, sorted) and reads it; INVALID_ARGUMENT naming
// `shop` when it is missing or longer than 64 bytes.
absl::StatusOr<AdminPageRequest> ReadAdminPageRequest(
    const std::map<std::string, std::string>& query, absl::string_view secret, absl::Time now,
    absl::Duration max_age);

// ClaimLinkState is where a claim link stands.
enum class ClaimLinkState { kValid, kUsed, kExpired, kOwned };

// ClaimLinkStateAt returns the state at `now` of a link that expires at
// `expire_time`, used at `use_time` (nullopt: never), whose shop has owner
// `owner_id` (0: none): used first (its owner may look again), then owned
// (by someone else, or by an owner who claimed through another way), then
// expired.
ClaimLinkState ClaimLinkStateAt(std::optional<absl::Time> use_time, int64_t owner_id,
                                absl::Time expire_time, absl::Time now);

// ClaimRefusal returns why a link in `state` cannot attach its shop: OK for
// a valid one, else the error both stores answer a claim with.
absl::Status ClaimRefusal(ClaimLinkState state);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_APPSTORE_ADMIN_PAGE_H_
