#include "server/managers/appstore_connector.h"

#include <iterator>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "server/domain/appstore.h"

namespace opinus::server {
namespace {

// ShopHost returns the host of `shop_url` ("https://sklep1.shoparena.pl"),
// the name and domain of the shop made for it.
std::string ShopHost(absl::string_view shop_url) {
  absl::string_view host = shop_url.substr(shop_url.find("://") + 3);
  host = host.substr(0, host.find_first_of("/:?#"));
  return std::string(host);
}

}  // namespace

absl::StatusOr<int> AppStoreConnector::ConnectDue(int max_installations) {
  int tried = 0;
  while (tried < max_installations) {
    const absl::Time now = clock_->Now();
    OPINUS_ASSIGN_OR_RETURN(std::optional<PendingConnection> pending,
                            store_->ClaimConnection(now, now + settings_.lease));
    if (!pending) break;
    ++tried;
    AppInstallation progress = pending->installation;
    absl::StatusOr<AppInstallation> connected = Connect(*std::move(pending), progress);
    if (connected.ok()) {
      Log(LogLevel::kInfo, "appstore_connected",
          {{"licence", connected->licence},
           {"shop", absl::StrCat(connected->shop_id)},
           {"webhook", absl::StrCat(connected->webhook_id)}});
      continue;
    }
    if (absl::IsAborted(connected.status())) continue;  // A newer install took over.
    const FailureDecision decision = DecideAfterFailure(
        settings_.retry, FailureKind::kTemporary, progress.connect_attempts,
        std::string(connected.status().message()), clock_->Now(), random_->NextUnit());
    ++progress.connect_attempts;
    progress.connect_error = decision.reason;
    progress.connection = decision.give_up ? ShopConnection::kFailed : ShopConnection::kPending;
    progress.next_attempt_time =
        decision.give_up ? std::nullopt : std::optional<absl::Time>(decision.retry_at);
    Log(LogLevel::kWarning, "appstore_connect_failed",
        {{"licence", progress.licence},
         {"attempt", absl::StrCat(progress.connect_attempts)},
         {"connection", ShopConnectionName(progress.connection)},
         {"error", decision.reason}});
    if (absl::Status saved = store_->SaveConnection(progress);
        !saved.ok() && !absl::IsAborted(saved)) {
      return saved;
    }
  }
  return tried;
}

absl::StatusOr<AppInstallation> AppStoreConnector::Connect(PendingConnection pending,
                                                           AppInstallation& progress) {
  if (!pending.auth_code.empty()) {
    OPINUS_ASSIGN_OR_RETURN(
        ShoperTokens tokens,
        shoper_->ExchangeAuthCode(progress.shop_url, pending.auth_code, clock_->Now()));
    OPINUS_RETURN_IF_ERROR(store_->SaveTokens(progress.id, progress.callbacks, tokens));
    pending.tokens = std::move(tokens);
  }
  if (!pending.tokens) {
    return absl::FailedPreconditionError("no tokens and no auth code: the shop must reinstall");
  }
  OPINUS_ASSIGN_OR_RETURN(const Shop shop, AttachShop(progress));
  if (progress.shop_id != shop.id) {
    progress.shop_id = shop.id;
    OPINUS_RETURN_IF_ERROR(store_->SaveConnection(progress));
  }
  OPINUS_RETURN_IF_ERROR(RegisterWebhook(progress, *pending.tokens, shop));
  progress.connection = ShopConnection::kConnected;
  progress.next_attempt_time.reset();
  progress.connect_error.clear();
  OPINUS_RETURN_IF_ERROR(store_->SaveConnection(progress));
  return progress;
}

absl::StatusOr<Shop> AppStoreConnector::AttachShop(const AppInstallation& installation) {
  if (installation.shop_id != 0) {
    absl::StatusOr<Shop> shop = shops_->GetShop(installation.shop_id);
    if (!absl::IsNotFound(shop.status())) return shop;
  }
  const std::string host = ShopHost(installation.shop_url);
  return shops_->CreateShop(host, host, settings_.contact_email);
}

absl::Status AppStoreConnector::RegisterWebhook(AppInstallation& progress,
                                                const ShoperTokens& tokens, const Shop& shop) {
  ShoperWebhook webhook;
  webhook.url =
      absl::StrCat(absl::StripSuffix(settings_.public_url, "/"), "/api/", shop.webhook_key);
  webhook.secret = secrets_->NewToken();
  webhook.events.assign(std::begin(kWebhookEvents), std::end(kWebhookEvents));
  if (progress.webhook_id != 0) {
    const absl::Status updated = shoper_->UpdateWebhook(progress.shop_url, tokens.access_token,
                                                        progress.webhook_id, webhook);
    if (!updated.ok() && !absl::IsNotFound(updated)) return updated;
    if (absl::IsNotFound(updated)) progress.webhook_id = 0;
  }
  if (progress.webhook_id == 0) {
    OPINUS_ASSIGN_OR_RETURN(
        progress.webhook_id,
        shoper_->CreateWebhook(progress.shop_url, tokens.access_token, webhook));
    // Kept at once, so that a later failure updates this webhook rather
    // than making a second.
    OPINUS_RETURN_IF_ERROR(store_->SaveConnection(progress));
  }
  SettingsUpdate secret;
  secret.webhook_secret = webhook.secret;
  return shops_->UpdateSettings(shop.id, secret).status();
}

}  // namespace opinus::server
