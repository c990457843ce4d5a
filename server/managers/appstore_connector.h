// AppStoreConnector: connects the shops the App Store installed Opinus in:
// trades the install's auth code for tokens, creates or re-attaches the
// licence's Opinus shop, and registers our webhook in the Shoper shop.
#ifndef OPINUS_SERVER_MANAGERS_APPSTORE_CONNECTOR_H_
#define OPINUS_SERVER_MANAGERS_APPSTORE_CONNECTOR_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/clock.h"
#include "server/domain/delivery_rules.h"
#include "server/domain/random.h"
#include "server/domain/shoper_api.h"
#include "server/domain/token.h"
#include "server/managers/shop_manager.h"
#include "server/storage/appstore_store.h"

namespace opinus::server {

// The events our webhook asks Shoper for.
inline constexpr const char* kWebhookEvents[] = {"order.status", "parcel.dispatch"};

// AppStoreConnectSettings: the gateway's public base URL (our webhook is
// <public_url>/api/<the shop's key>), the contact address of the shops it
// creates (the operator's, until an owner takes the shop), how failed
// attempts are retried (every failure is retried until `retry.max_attempts`
// attempts have failed), and how long a claim keeps other cores off an
// installation (longer than an attempt's calls take).
struct AppStoreConnectSettings {
  std::string public_url;
  std::string contact_email;
  RetryPolicy retry{absl::Minutes(1), absl::Hours(1), 8};
  absl::Duration lease = absl::Minutes(2);
};

// AppStoreConnector does not own its collaborators. Thread-safe; several
// connectors (cores) on one store each claim their own installations.
class AppStoreConnector {
 public:
  AppStoreConnector(AppStoreStore* store, ShopManager* shops, ShoperApi* shoper,
                    TokenGenerator* secrets, RandomSource* random, const Clock* clock,
                    AppStoreConnectSettings settings)
      : store_(store),
        shops_(shops),
        shoper_(shoper),
        secrets_(secrets),
        random_(random),
        clock_(clock),
        settings_(std::move(settings)) {}

  // ConnectDue makes one attempt for each installation whose attempt is due
  // (ClaimConnection), at most `max_installations`, and returns how many it
  // tried. An attempt that fails is stored with its reason and retried after
  // the backoff, or fails the connection after the last attempt; an error of
  // the store itself is returned (what was claimed is retried after the
  // lease).
  absl::StatusOr<int> ConnectDue(int max_installations = 16);

 private:
  // Connect runs the steps `pending` still lacks, keeping each one's result
  // in `progress` (its installation) and the store as it is made, and
  // returns the installation connected.
  absl::StatusOr<AppInstallation> Connect(PendingConnection pending, AppInstallation& progress);
  // AttachShop returns the licence's Opinus shop, making it when it has
  // none (or it is gone).
  absl::StatusOr<Shop> AttachShop(const AppInstallation& installation);
  // RegisterWebhook points our webhook (`progress`'s, else a new one whose
  // id it keeps there) at `shop`'s URL with a fresh secret, then makes that
  // the shop's secret.
  absl::Status RegisterWebhook(AppInstallation& progress, const ShoperTokens& tokens,
                               const Shop& shop);

  AppStoreStore* store_;
  ShopManager* shops_;
  ShoperApi* shoper_;
  TokenGenerator* secrets_;
  RandomSource* random_;
  const Clock* clock_;
  const AppStoreConnectSettings settings_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_APPSTORE_CONNECTOR_H_
