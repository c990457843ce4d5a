// AppStoreConnector's webhook URL updates: after a shop's key is rotated, our
// webhook in its Shoper shop is pointed at the new key.
#include <iterator>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "server/managers/appstore_connector.h"

namespace opinus::server {

ShoperWebhook AppStoreConnector::WebhookFor(const Shop& shop, std::string secret) const {
  ShoperWebhook webhook;
  webhook.url =
      absl::StrCat(absl::StripSuffix(settings_.public_url, "/"), "/api/", shop.webhook_key);
  webhook.secret = std::move(secret);
  webhook.events.assign(std::begin(kWebhookEvents), std::end(kWebhookEvents));
  return webhook;
}

absl::StatusOr<int> AppStoreConnector::UpdateWebhookUrlsDue(int max_installations) {
  int tried = 0;
  while (tried < max_installations) {
    const absl::Time now = clock_->Now();
    OPINUS_ASSIGN_OR_RETURN(std::optional<WebhookUrlUpdate> update,
                            store_->ClaimWebhookUrlUpdate(now, now + settings_.lease));
    if (!update) break;
    ++tried;
    const absl::Status updated = UpdateWebhookUrl(*update);
    if (updated.ok()) {
      OPINUS_RETURN_IF_ERROR(store_->FinishWebhookUrlUpdate(
          update->installation.id, update->rotations, update->installation.webhook_id));
      Log(LogLevel::kInfo, "appstore_webhook_url_updated",
          {{"licence", update->installation.licence},
           {"shop", absl::StrCat(update->installation.shop_id)},
           {"webhook", absl::StrCat(update->installation.webhook_id)}});
      continue;
    }
    // The shop's previous key works for its grace only, so this is retried
    // for as long as it takes, never given up.
    const int attempts = update->attempts + 1;
    const absl::Time retry_at =
        clock_->Now() + BackoffDelay(settings_.retry, attempts, random_->NextUnit());
    Log(LogLevel::kWarning, "appstore_webhook_url_failed",
        {{"licence", update->installation.licence},
         {"attempt", absl::StrCat(attempts)},
         {"error", std::string(updated.message())}});
    OPINUS_RETURN_IF_ERROR(store_->RetryWebhookUrlUpdate(update->installation.id, update->rotations,
                                                         attempts, std::string(updated.message()),
                                                         retry_at));
  }
  return tried;
}

absl::Status AppStoreConnector::UpdateWebhookUrl(WebhookUrlUpdate& update) {
  AppInstallation& installation = update.installation;
  OPINUS_ASSIGN_OR_RETURN(const Shop shop, shops_->GetShop(installation.shop_id));
  // The secret stays: a new one would refuse deliveries Shoper signed
  // before, and retries them with.
  const ShoperWebhook webhook = WebhookFor(shop, shop.settings.webhook_secret);
  if (installation.webhook_id != 0) {
    const absl::Status updated = Authorized(installation, update.tokens, [&](const std::string& t) {
      return shoper_->UpdateWebhook(installation.shop_url, t, installation.webhook_id, webhook);
    });
    if (!absl::IsNotFound(updated)) return updated;
  }
  OPINUS_ASSIGN_OR_RETURN(installation.webhook_id,
                          Authorized(installation, update.tokens, [&](const std::string& t) {
                            return shoper_->CreateWebhook(installation.shop_url, t, webhook);
                          }));
  return absl::OkStatus();
}

}  // namespace opinus::server
