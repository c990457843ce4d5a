#include "server/managers/appstore_manager.h"

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace opinus::server {

absl::StatusOr<AppInstallation> AppStoreManager::HandleCallback(
    const std::map<std::string, std::string>& fields) {
  if (settings_.secret.empty()) {
    return absl::FailedPreconditionError(
        "the App Store is not connected (--shoper_appstore_secret)");
  }
  const absl::Time now = clock_->Now();
  absl::StatusOr<AppStoreCallback> callback =
      ReadAppStoreCallback(fields, settings_.secret, now, settings_.max_age);
  if (!callback.ok()) return callback.status();
  // Nothing would ever use it up.
  if (!settings_.connect_installs) callback->auth_code.clear();
  const bool uninstall = callback->action == AppStoreAction::kUninstall;
  // A fresh key rather than none (a shop always has one): known to no one
  // until an install registers it again.
  absl::StatusOr<AppInstallation> recorded =
      store_->RecordCallback(*callback, now, uninstall ? keys_->NewKey() : "");
  if (uninstall && recorded.ok() && recorded->shop_id != 0) {
    Log(LogLevel::kInfo, "appstore_disconnected",
        {{"licence", recorded->licence}, {"shop", absl::StrCat(recorded->shop_id)}});
  }
  return recorded;
}

absl::StatusOr<std::vector<AppInstallation>> AppStoreManager::ListInstallations() {
  return store_->ListInstallations();
}

void AppStoreManager::KeyRotated(ShopId shop_id) {
  if (absl::Status marked = store_->MarkWebhookUrlDue(shop_id, clock_->Now()); !marked.ok()) {
    // The shop keeps its new key; the owner can paste it by hand, and a
    // re-install registers it.
    Log(LogLevel::kWarning, "appstore_webhook_url_not_marked",
        {{"shop", absl::StrCat(shop_id)}, {"error", std::string(marked.message())}});
  }
}

}  // namespace opinus::server
