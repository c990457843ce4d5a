// SuppressionStore: the addresses that asked not to be mailed, per shop and
// for every shop.
#ifndef OPINUS_SERVER_STORAGE_SUPPRESSION_STORE_H_
#define OPINUS_SERVER_STORAGE_SUPPRESSION_STORE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace opinus::server {

// SuppressionStore keeps suppressions. An address is known to it only as its
// keyed hash (AddressHasher::Hash, computed by the caller): a store never
// sees, keeps or returns the address itself. Hashes are looked up by
// equality; the key keeps a caller from steering a hash, so how long a
// comparison takes tells nothing of the address. Implementations are
// thread-safe; every method may return UNAVAILABLE when the storage cannot be
// reached.
class SuppressionStore {
 public:
  virtual ~SuppressionStore() = default;

  // FindSuppression returns what stops `shop_id` from mailing the address
  // whose hash is `email_hash`: the shop's own suppression or the one for all
  // shops; nullopt when none.
  [[nodiscard]] virtual absl::StatusOr<std::optional<Suppression>> FindSuppression(
      ShopId shop_id, const std::string& email_hash) = 0;

  // FindSuppressions answers FindSuppression for each (shop, e-mail hash) of
  // `addresses` at once, in their order. This one calls FindSuppression for each.
  [[nodiscard]] virtual absl::StatusOr<std::vector<std::optional<Suppression>>> FindSuppressions(
      const std::vector<std::pair<ShopId, std::string>>& addresses) {
    std::vector<std::optional<Suppression>> found;
    for (const auto& [shop_id, email_hash] : addresses) {
      absl::StatusOr<std::optional<Suppression>> one = FindSuppression(shop_id, email_hash);
      if (!one.ok()) return one.status();
      found.push_back(*std::move(one));
    }
    return found;
  }

  // AddSuppression stores `suppression` and returns it; when the address is
  // already suppressed in that scope, returns the one stored before unchanged.
  [[nodiscard]] virtual absl::StatusOr<Suppression> AddSuppression(
      const Suppression& suppression) = 0;

  // RemoveSuppression deletes the suppression of the address hashed as
  // `email_hash` in the scope `shop_id` (Suppression::kAllShops for the global
  // one). NOT_FOUND when none.
  [[nodiscard]] virtual absl::Status RemoveSuppression(ShopId shop_id,
                                                       const std::string& email_hash) = 0;

  // ListSuppressions returns the scope's suppressions, newest first.
  [[nodiscard]] virtual absl::StatusOr<Page<Suppression>> ListSuppressions(
      ShopId shop_id, const PageRequest& page) = 0;

  // Unsubscribe records, in one transaction, `suppression` (as
  // AddSuppression) and its effect on the invitation `id` whose link was
  // used: a sent invitation becomes suppressed (no reminder follows) with
  // `reason`; in any other state it stays as it is. Returns the invitation
  // afterwards; NOT_FOUND when there is none.
  [[nodiscard]] virtual absl::StatusOr<Invitation> Unsubscribe(InvitationId id,
                                                               const Suppression& suppression,
                                                               const InvitationReason& reason,
                                                               absl::Time now) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_SUPPRESSION_STORE_H_
