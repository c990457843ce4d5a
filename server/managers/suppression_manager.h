// SuppressionManager: unsubscribes through mailed links, and the operators'
// hand on the suppression lists.
#ifndef OPINUS_SERVER_MANAGERS_SUPPRESSION_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_SUPPRESSION_MANAGER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/address_hasher.h"
#include "server/domain/clock.h"
#include "server/domain/model.h"
#include "server/storage/invitation_store.h"
#include "server/storage/shop_store.h"
#include "server/storage/suppression_store.h"

namespace opinus::server {

// UnsubscribeView is what an unsubscribe link concerns and where it stands.
struct UnsubscribeView {
  Invitation invitation;
  Shop shop;
  // EmailHint of the invitation's address.
  std::string email_hint;
  bool suppressed_by_shop = false;
  bool suppressed_for_all_shops = false;
};

// How an unsubscribe came; recorded as the suppression's source.
inline constexpr char kSourceOneClick[] = "one-click";
inline constexpr char kSourcePage[] = "unsubscribe page";
inline constexpr char kSourceOperator[] = "operator";

// EmailHint returns `email` with its local part hidden but for the first
// character: "jan.kowalski@example.pl" -> "j***@example.pl".
std::string EmailHint(absl::string_view email);

// SuppressionManager serves unsubscribe links and suppression lists, which
// hold each address as its hash under `addresses`. It does not own its
// collaborators. Thread-safe.
class SuppressionManager {
 public:
  SuppressionManager(ShopStore* shops, InvitationStore* invitations, SuppressionStore* suppressions,
                     const AddressHasher* addresses, const Clock* clock)
      : shops_(shops),
        invitations_(invitations),
        suppressions_(suppressions),
        addresses_(addresses),
        clock_(clock) {}

  // Describe returns the view of the link carrying `token`, changing nothing.
  // INVALID_ARGUMENT for a string that cannot be a token; NOT_FOUND when no
  // e-mail carried it.
  absl::StatusOr<UnsubscribeView> Describe(absl::string_view token);

  // Unsubscribe puts the token's address on the shop's list (or, when
  // `all_shops`, on the list for every shop) with `source`, suppresses the
  // invitation if it was sent, and returns the view afterwards. Idempotent.
  absl::StatusOr<UnsubscribeView> Unsubscribe(absl::string_view token, bool all_shops,
                                              absl::string_view source);

  // AddSuppression puts `email` on the list of `shop_id`
  // (Suppression::kAllShops for all shops) by an operator's hand.
  // INVALID_ARGUMENT for a malformed address; NOT_FOUND for an unknown shop.
  absl::StatusOr<Suppression> AddSuppression(ShopId shop_id, absl::string_view email,
                                             absl::string_view reason);

  // RemoveSuppression takes `email` off the list of `shop_id`; NOT_FOUND when
  // it is not on it.
  absl::Status RemoveSuppression(ShopId shop_id, absl::string_view email);

  // ListSuppressions returns the list of `shop_id`, newest first.
  absl::StatusOr<Page<Suppression>> ListSuppressions(ShopId shop_id, const PageRequest& page);

 private:
  // View completes the view of `invitation`: its shop and suppressions.
  absl::StatusOr<UnsubscribeView> View(Invitation invitation);
  // CheckScope returns NOT_FOUND unless `shop_id` is kAllShops or a shop.
  absl::Status CheckScope(ShopId shop_id);

  ShopStore* shops_;
  InvitationStore* invitations_;
  SuppressionStore* suppressions_;
  const AddressHasher* addresses_;
  const Clock* clock_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_SUPPRESSION_MANAGER_H_
