// InMemoryClaimLinkStore: ClaimLinkStore over plain containers, for unit
// tests of the claim links. Not durable.
#ifndef OPINUS_TESTS_SUPPORT_IN_MEMORY_CLAIM_LINKS_H_
#define OPINUS_TESTS_SUPPORT_IN_MEMORY_CLAIM_LINKS_H_

#include <map>
#include <optional>
#include <string>

#include "absl/synchronization/mutex.h"
#include "server/storage/claim_link_store.h"

namespace opinus::server {

// InMemoryClaimLinkStore behaves like MysqlClaimLinkStore; its
// installations and their shops are what SetInstallation says (the MySQL
// store reads them from their tables). Thread-safe.
class InMemoryClaimLinkStore final : public ClaimLinkStore {
 public:
  // SetInstallation keeps `view` as its licence's installation.
  void SetInstallation(const InstallationView& view);

  absl::StatusOr<std::optional<InstallationView>> FindInstallation(
      const std::string& licence) override;
  absl::Status SaveClaimLink(int64_t installation_id, ShopId shop_id, const std::string& token_hash,
                             absl::Time now, absl::Time expire_time) override;
  absl::StatusOr<ClaimLinkView> FindClaimLink(const std::string& token_hash,
                                              absl::Time now) override;
  absl::StatusOr<ClaimLinkView> ClaimShop(const std::string& token_hash, const Owner& owner,
                                          absl::Time now) override;

  // LinkCount returns how many links are kept (one an installation at most).
  int LinkCount();

 private:
  struct Link {
    int64_t installation_id = 0;
    ShopId shop_id = 0;
    std::string token_hash;
    absl::Time expire_time;
    std::optional<absl::Time> use_time;
  };

  // Locate returns the link of `token_hash` and its installation; NOT_FOUND.
  absl::StatusOr<std::pair<Link*, InstallationView*>> Locate(const std::string& token_hash)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  static ClaimLinkView ViewOf(const Link& link, const InstallationView& installation,
                              absl::Time now);

  absl::Mutex mutex_;
  std::map<std::string, InstallationView> installations_ ABSL_GUARDED_BY(mutex_);
  // By installation id.
  std::map<int64_t, Link> links_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::server

#endif  // OPINUS_TESTS_SUPPORT_IN_MEMORY_CLAIM_LINKS_H_
