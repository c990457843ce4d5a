#include "server/managers/appstore_manager.h"

namespace opinus::server {

absl::StatusOr<AppInstallation> AppStoreManager::HandleCallback(
    const std::map<std::string, std::string>& fields) {
  if (settings_.secret.empty()) {
    return absl::FailedPreconditionError("the App Store is not connected (--appstore_secret_file)");
  }
  const absl::Time now = clock_->Now();
  absl::StatusOr<AppStoreCallback> callback =
      ReadAppStoreCallback(fields, settings_.secret, now, settings_.max_age);
  if (!callback.ok()) return callback.status();
  // Nothing would ever use it up.
  if (!settings_.connect_installs) callback->auth_code.clear();
  return store_->RecordCallback(*callback, now);
}

absl::StatusOr<std::vector<AppInstallation>> AppStoreManager::ListInstallations() {
  return store_->ListInstallations();
}

}  // namespace opinus::server
