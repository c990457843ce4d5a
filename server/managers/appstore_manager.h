// AppStoreManager: Shoper's App Store callbacks (install, uninstall, upgrade,
// billing), checked against the App Store secret, then recorded.
#ifndef OPINUS_SERVER_MANAGERS_APPSTORE_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_APPSTORE_MANAGER_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/appstore.h"
#include "server/domain/clock.h"
#include "server/domain/key_generator.h"
#include "server/managers/shop_manager.h"
#include "server/storage/appstore_store.h"

namespace opinus::server {

// AppStoreSettings: the App Store secret callbacks are signed with (empty:
// the App Store is not connected, and every callback is refused), how far a
// callback's timestamp may be from now, and whether installs are connected
// (AppStoreConnector): only then is an install's auth code kept.
struct AppStoreSettings {
  std::string secret;
  absl::Duration max_age = absl::Minutes(10);
  bool connect_installs = false;
};

// AppStoreManager does not own its collaborators. Thread-safe.
class AppStoreManager final : public KeyRotationListener {
 public:
  AppStoreManager(AppStoreStore* store, KeyGenerator* keys, const Clock* clock,
                  AppStoreSettings settings)
      : store_(store), keys_(keys), clock_(clock), settings_(std::move(settings)) {}

  // HandleCallback checks the form `fields` of one callback
  // (ReadAppStoreCallback) and records it; returns the installation as it
  // now stands. An uninstall disconnects the licence's shop: a fresh webhook
  // key, its pending invitations cancelled, the tokens deleted
  // (AppStoreStore::RecordCallback). FAILED_PRECONDITION when no App Store
  // secret is set; the check's errors change nothing.
  absl::StatusOr<AppInstallation> HandleCallback(const std::map<std::string, std::string>& fields);

  // ListInstallations returns every installation, the latest changed first.
  absl::StatusOr<std::vector<AppInstallation>> ListInstallations();

  // KeyRotated makes the webhook URL update of the shop's installation due,
  // when one connects it (AppStoreConnector::UpdateWebhookUrlsDue); a
  // failure is logged, the rotation stands.
  void KeyRotated(ShopId shop_id) override;

 private:
  AppStoreStore* store_;
  KeyGenerator* keys_;
  const Clock* clock_;
  const AppStoreSettings settings_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_APPSTORE_MANAGER_H_
