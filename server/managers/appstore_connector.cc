#include "server/managers/appstore_connector.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "server/domain/appstore.h"
#include "server/domain/time_zones.h"

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
    const bool refresh = progress.connection == ShopConnection::kConnected;
    absl::StatusOr<AppInstallation> done =
        refresh ? KeepFresh(*std::move(pending), progress) : Connect(*std::move(pending), progress);
    if (done.ok()) {
      Log(LogLevel::kInfo, refresh ? "appstore_tokens_refreshed" : "appstore_connected",
          {{"licence", done->licence},
           {"shop", absl::StrCat(done->shop_id)},
           {"webhook", absl::StrCat(done->webhook_id)}});
      continue;
    }
    if (absl::IsAborted(done.status())) continue;  // A newer callback took over.
    if (refresh) {
      RecordRefreshFailure(done.status(), progress);
    } else {
      RecordConnectFailure(done.status(), progress);
    }
    if (absl::Status saved = store_->SaveConnection(progress);
        !saved.ok() && !absl::IsAborted(saved)) {
      return saved;
    }
  }
  return tried;
}

void AppStoreConnector::RecordConnectFailure(const absl::Status& failure,
                                             AppInstallation& progress) {
  const FailureDecision decision =
      DecideAfterFailure(settings_.retry, FailureKind::kTemporary, progress.connect_attempts,
                         std::string(failure.message()), clock_->Now(), random_->NextUnit());
  ++progress.connect_attempts;
  // The connection's error is for operators: the English words.
  progress.connect_error = InvitationReasonText(decision.reason);
  progress.connection = decision.give_up ? ShopConnection::kFailed : ShopConnection::kPending;
  progress.next_attempt_time =
      decision.give_up ? std::nullopt : std::optional<absl::Time>(decision.retry_at);
  Log(LogLevel::kWarning, "appstore_connect_failed",
      {{"licence", progress.licence},
       {"attempt", absl::StrCat(progress.connect_attempts)},
       {"connection", ShopConnectionName(progress.connection)},
       {"error", progress.connect_error}});
}

void AppStoreConnector::RecordRefreshFailure(const absl::Status& failure,
                                             AppInstallation& progress) {
  // Nothing is lost: the tokens stay as they were, and the webhook delivers
  // without them; so it stays connected and is retried for as long as it
  // takes.
  ++progress.connect_attempts;
  progress.connect_error = std::string(failure.message());
  progress.next_attempt_time =
      clock_->Now() + BackoffDelay(settings_.retry, progress.connect_attempts, random_->NextUnit());
  Log(LogLevel::kWarning, "appstore_refresh_failed",
      {{"licence", progress.licence},
       {"attempt", absl::StrCat(progress.connect_attempts)},
       {"error", progress.connect_error}});
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
  ShoperTokens& tokens = *pending.tokens;
  if (RefreshTime(tokens) <= clock_->Now()) OPINUS_RETURN_IF_ERROR(Refresh(progress, tokens));
  OPINUS_ASSIGN_OR_RETURN(const Shop shop, AttachShop(progress));
  if (progress.shop_id != shop.id) {
    progress.shop_id = shop.id;
    OPINUS_RETURN_IF_ERROR(store_->SaveConnection(progress));
  }
  OPINUS_RETURN_IF_ERROR(ReadShopSettings(progress, tokens, shop));
  OPINUS_RETURN_IF_ERROR(RegisterWebhook(progress, tokens, shop));
  progress.connection = ShopConnection::kConnected;
  progress.next_attempt_time = RefreshTime(tokens);
  progress.connect_error.clear();
  OPINUS_RETURN_IF_ERROR(store_->SaveConnection(progress));
  return progress;
}

absl::StatusOr<AppInstallation> AppStoreConnector::KeepFresh(PendingConnection pending,
                                                             AppInstallation& progress) {
  if (!pending.tokens) {
    return absl::FailedPreconditionError("no tokens to refresh: the shop must reinstall");
  }
  OPINUS_RETURN_IF_ERROR(Refresh(progress, *pending.tokens));
  progress.connect_attempts = 0;
  progress.next_attempt_time = RefreshTime(*pending.tokens);
  progress.connect_error.clear();
  OPINUS_RETURN_IF_ERROR(store_->SaveConnection(progress));
  return progress;
}

absl::Status AppStoreConnector::Refresh(const AppInstallation& progress, ShoperTokens& tokens) {
  OPINUS_ASSIGN_OR_RETURN(
      ShoperTokens fresh,
      shoper_->RefreshTokens(progress.shop_url, tokens.refresh_token, clock_->Now()));
  // Shoper has already replaced the refresh token: keep the new one before
  // anything else can fail.
  OPINUS_RETURN_IF_ERROR(store_->ReplaceTokens(progress.id, tokens.refresh_token, fresh));
  tokens = std::move(fresh);
  return absl::OkStatus();
}

absl::StatusOr<ShopApiAccess> AppStoreConnector::RefreshAccess(ShopApiAccess access) {
  AppInstallation installation;
  installation.id = access.installation_id;
  installation.shop_url = access.shop_url;
  ShoperTokens tokens;
  tokens.refresh_token = std::move(access.refresh_token);
  OPINUS_RETURN_IF_ERROR(Refresh(installation, tokens));
  Log(LogLevel::kInfo, "appstore_tokens_refreshed_on_401",
      {{"installation", absl::StrCat(installation.id)}});
  access.access_token = std::move(tokens.access_token);
  access.refresh_token = std::move(tokens.refresh_token);
  return access;
}

absl::Status AppStoreConnector::ReadShopSettings(const AppInstallation& progress,
                                                 ShoperTokens& tokens, const Shop& shop) {
  OPINUS_ASSIGN_OR_RETURN(const std::string zone,
                          Authorized(progress, tokens, [&](const std::string& token) {
                            return shoper_->GetTimeZone(progress.shop_url, token);
                          }));
  OPINUS_ASSIGN_OR_RETURN(const std::vector<ShoperStatus> statuses,
                          Authorized(progress, tokens, [&](const std::string& token) {
                            return shoper_->ListStatuses(progress.shop_url, token);
                          }));
  SettingsUpdate update;
  // A zone tzdata does not know would be refused with the whole update.
  if (!zone.empty() && LoadShopTimeZone(zone).ok()) update.time_zone = zone;
  if (shop.settings.trigger.status_ids.empty()) {
    // Only the ids: an owner's parcel trigger stays as it is.
    TriggerRule trigger = shop.settings.trigger;
    for (const ShoperStatus& status : statuses) {
      if (status.type == StatusType::kClosed) trigger.status_ids.push_back(status.id);
    }
    if (!trigger.status_ids.empty()) update.trigger = std::move(trigger);
  }
  return shops_->UpdateSettings(shop.id, update).status();
}

absl::StatusOr<Shop> AppStoreConnector::AttachShop(const AppInstallation& installation) {
  if (installation.shop_id != 0) {
    absl::StatusOr<Shop> shop = shops_->GetShop(installation.shop_id);
    if (!absl::IsNotFound(shop.status())) return shop;
  }
  const std::string host = ShopHost(installation.shop_url);
  return shops_->CreateShop(host, host, settings_.contact_email);
}

absl::Status AppStoreConnector::RegisterWebhook(AppInstallation& progress, ShoperTokens& tokens,
                                                const Shop& shop) {
  const ShoperWebhook webhook = WebhookFor(shop, secrets_->NewToken());
  if (progress.webhook_id != 0) {
    const absl::Status updated = Authorized(progress, tokens, [&](const std::string& token) {
      return shoper_->UpdateWebhook(progress.shop_url, token, progress.webhook_id, webhook);
    });
    if (!updated.ok() && !absl::IsNotFound(updated)) return updated;
    if (absl::IsNotFound(updated)) progress.webhook_id = 0;
  }
  if (progress.webhook_id == 0) {
    OPINUS_ASSIGN_OR_RETURN(progress.webhook_id,
                            Authorized(progress, tokens, [&](const std::string& token) {
                              return shoper_->CreateWebhook(progress.shop_url, token, webhook);
                            }));
    // Kept at once, so that a later failure updates this webhook rather
    // than making a second.
    OPINUS_RETURN_IF_ERROR(store_->SaveConnection(progress));
  }
  SettingsUpdate secret;
  secret.webhook_secret = webhook.secret;
  return shops_->UpdateSettings(shop.id, secret).status();
}

}  // namespace opinus::server
