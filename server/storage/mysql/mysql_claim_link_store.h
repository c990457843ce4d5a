// MysqlClaimLinkStore: ClaimLinkStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_CLAIM_LINK_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_CLAIM_LINK_STORE_H_

#include <optional>
#include <string>

#include "server/storage/claim_link_store.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// MysqlClaimLinkStore keeps links in `app_claim_links` (one row an
// installation, the token's SHA-256 unique) and reads installations and
// shops from their tables. It does not own `pool`. Thread-safe.
class MysqlClaimLinkStore final : public ClaimLinkStore {
 public:
  explicit MysqlClaimLinkStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<std::optional<InstallationView>> FindInstallation(
      const std::string& licence) override;
  absl::Status SaveClaimLink(int64_t installation_id, ShopId shop_id, const std::string& token_hash,
                             absl::Time now, absl::Time expire_time) override;
  absl::StatusOr<ClaimLinkView> FindClaimLink(const std::string& token_hash,
                                              absl::Time now) override;
  absl::StatusOr<ClaimLinkView> ClaimShop(const std::string& token_hash, const Owner& owner,
                                          absl::Time now) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_CLAIM_LINK_STORE_H_
