// ClaimLinkStore: the one-time links the app's admin page gives, which attach
// an installation's shop to an owner account, kept only as their hashes.
#ifndef OPINUS_SERVER_STORAGE_CLAIM_LINK_STORE_H_
#define OPINUS_SERVER_STORAGE_CLAIM_LINK_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/account.h"
#include "server/domain/appstore.h"
#include "server/domain/appstore_admin_page.h"
#include "server/domain/model.h"

namespace opinus::server {

// InstallationView is an installation as its admin page shows it, with its
// shop's name and owner (empty and 0 without a shop).
struct InstallationView {
  AppInstallation installation;
  std::string shop_name;
  OwnerId owner_id = 0;
};

// ClaimLinkView is the shop a claim link attaches, and where the link stands.
struct ClaimLinkView {
  ClaimLinkState state = ClaimLinkState::kValid;
  ShopId shop_id = 0;
  std::string shop_name;
  std::string shop_url;
  absl::Time expire_time;
};

// ClaimLinkStore keeps at most one claim link per installation: a new one
// replaces the one before. Implementations are thread-safe; every method may
// return UNAVAILABLE when the storage cannot be reached.
class ClaimLinkStore {
 public:
  virtual ~ClaimLinkStore() = default;

  // FindInstallation returns licence `licence`'s installation; nullopt for a
  // licence never installed.
  [[nodiscard]] virtual absl::StatusOr<std::optional<InstallationView>> FindInstallation(
      const std::string& licence) = 0;

  // SaveClaimLink keeps the link whose token's SHA-256 is `token_hash` for
  // installation `installation_id`'s shop `shop_id`, valid until
  // `expire_time`, in place of the installation's link before.
  [[nodiscard]] virtual absl::Status SaveClaimLink(int64_t installation_id, ShopId shop_id,
                                                   const std::string& token_hash, absl::Time now,
                                                   absl::Time expire_time) = 0;

  // FindClaimLink returns the link with `token_hash` as it stands at `now`;
  // NOT_FOUND when no link has it (never given, or replaced).
  [[nodiscard]] virtual absl::StatusOr<ClaimLinkView> FindClaimLink(const std::string& token_hash,
                                                                    absl::Time now) = 0;

  // ClaimShop attaches the shop of the link with `token_hash` to `owner`
  // (its owner id and contact e-mail), and uses the link up, in one
  // transaction that locks the link: of claims at once, one wins and the
  // others find it used. Returns the link as it now stands (kUsed).
  // NOT_FOUND for an unknown token; FAILED_PRECONDITION "claim link: used"
  // or "claim link: expired"; ALREADY_EXISTS when the shop has an owner.
  // None of these changes anything.
  [[nodiscard]] virtual absl::StatusOr<ClaimLinkView> ClaimShop(const std::string& token_hash,
                                                                const Owner& owner,
                                                                absl::Time now) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_CLAIM_LINK_STORE_H_
