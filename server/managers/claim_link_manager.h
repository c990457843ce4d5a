// ClaimLinkManager: the app's admin page in Shoper (its query checked, the
// installation's state) and the one-time link it gives, which attaches the
// installation's shop to an owner account.
#ifndef OPINUS_SERVER_MANAGERS_CLAIM_LINK_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_CLAIM_LINK_MANAGER_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/clock.h"
#include "server/domain/token.h"
#include "server/managers/appstore_manager.h"
#include "server/storage/claim_link_store.h"

namespace opinus::server {

// AdminPageAnswer is what the admin page shows: the installation, and a
// fresh claim link's token (empty when none was given) with its expiry.
struct AdminPageAnswer {
  InstallationView view;
  std::string locale;
  std::string claim_token;
  absl::Time claim_expire_time;
};

// ClaimLinkManager does not own its collaborators. Thread-safe.
class ClaimLinkManager {
 public:
  ClaimLinkManager(ClaimLinkStore* store, TokenGenerator* tokens, const Clock* clock,
                   AppStoreSettings settings)
      : store_(store), tokens_(tokens), clock_(clock), settings_(std::move(settings)) {}

  // ShowAdminPage checks `query` (ReadAdminPageRequest) and returns its
  // installation; when the installation is installed and has a shop without
  // an owner, with a fresh claim link valid for kClaimLinkLifetime, which
  // replaces the link shown before (only its hash is kept). Each showing
  // gives a new link because the page can show a token only when it makes
  // it. FAILED_PRECONDITION without an App Store secret (or no store);
  // NOT_FOUND for a licence never installed; the check's errors. Only a
  // link given changes anything.
  absl::StatusOr<AdminPageAnswer> ShowAdminPage(const std::map<std::string, std::string>& query);

  // DescribeLink returns the link of `token` as it stands now.
  // INVALID_ARGUMENT for a string that cannot be a token; NOT_FOUND as
  // ClaimLinkStore::FindClaimLink.
  absl::StatusOr<ClaimLinkView> DescribeLink(absl::string_view token);

  // Claim attaches the shop of `token`'s link to `owner` and uses the link
  // up (ClaimLinkStore::ClaimShop, with its errors); INVALID_ARGUMENT as
  // DescribeLink.
  absl::StatusOr<ClaimLinkView> Claim(absl::string_view token, const Owner& owner);

 private:
  absl::Status CheckReady() const;

  ClaimLinkStore* store_;
  TokenGenerator* tokens_;
  const Clock* clock_;
  const AppStoreSettings settings_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_CLAIM_LINK_MANAGER_H_
