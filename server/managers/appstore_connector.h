// AppStoreConnector: connects the shops the App Store installed Opinus in:
// trades the install's auth code for tokens, creates or re-attaches the
// licence's Opinus shop, reads its time zone and order statuses, and
// registers our webhook in the Shoper shop; then keeps the tokens fresh.
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
#include "server/storage/backfill_store.h"

namespace opinus::server {

// The events our webhook asks Shoper for.
inline constexpr const char* kWebhookEvents[] = {"order.status", "parcel.dispatch"};

// AppStoreConnectSettings: the gateway's public base URL (our webhook is
// <public_url>/api/<the shop's key>), the contact address of the shops it
// creates (the operator's, until an owner takes the shop), how failed
// attempts are retried (every failure is retried until `retry.max_attempts`
// attempts have failed), how long a claim keeps other cores off an
// installation (longer than an attempt's calls take), and how long before
// the access token expires it is refreshed.
struct AppStoreConnectSettings {
  std::string public_url;
  std::string contact_email;
  RetryPolicy retry{absl::Minutes(1), absl::Hours(1), 8};
  absl::Duration lease = absl::Minutes(2);
  absl::Duration refresh_before = absl::Hours(24);
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
  // tried: a pending one is connected, a connected one has its tokens
  // refreshed. A connection that fails is stored with its reason and retried
  // after the backoff, or fails after the last attempt; a refresh that fails
  // leaves the installation connected, its tokens as they were, with the
  // reason in connect_error, and is retried after the backoff for as long as
  // it takes. An error of the store itself is returned (what was claimed is
  // retried after the lease).
  absl::StatusOr<int> ConnectDue(int max_installations = 16);

  // UpdateWebhookUrlsDue points the webhook of each installation whose
  // shop's key was rotated (ClaimWebhookUrlUpdate), at most
  // `max_installations`, at the shop's current key (PUT, its secret and
  // events as they are; made again with POST when Shoper dropped it), and
  // returns how many it tried. A failure is kept with its reason and
  // retried after the backoff, for as long as it takes (the previous key
  // keeps working meanwhile only for its grace). An error of the store
  // itself is returned (what was claimed is retried after the lease). In
  // appstore_webhook_url.cc.
  absl::StatusOr<int> UpdateWebhookUrlsDue(int max_installations = 16);

  // RefreshAccess refreshes the tokens of `access`'s installation, as a 401
  // asks, by the same path as every refresh: the new tokens, refresh token
  // included, kept at once in place of `access`'s refresh token. Returns
  // `access` with the new tokens; ABORTED when the installation's tokens were
  // replaced or deleted since `access` was read; the API's errors as
  // ShoperApi says.
  absl::StatusOr<ShopApiAccess> RefreshAccess(ShopApiAccess access);

 private:
  // Connect runs the steps `pending` still lacks, keeping each one's result
  // in `progress` (its installation) and the store as it is made, and
  // returns the installation connected.
  absl::StatusOr<AppInstallation> Connect(PendingConnection pending, AppInstallation& progress);
  // RecordConnectFailure records in `progress` that connecting failed with
  // `failure`: retried after the backoff, or failed after the last attempt.
  void RecordConnectFailure(const absl::Status& failure, AppInstallation& progress);
  // RecordRefreshFailure records in `progress` that refreshing failed with
  // `failure`: still connected, retried after the backoff.
  void RecordRefreshFailure(const absl::Status& failure, AppInstallation& progress);
  // KeepFresh refreshes the tokens of connected `pending` and returns the
  // installation with its next refresh due.
  absl::StatusOr<AppInstallation> KeepFresh(PendingConnection pending, AppInstallation& progress);
  // Refresh replaces `tokens` with new ones, kept at once for `progress`.
  absl::Status Refresh(const AppInstallation& progress, ShoperTokens& tokens);
  // Authorized returns `call(access token)`; on UNAUTHENTICATED it
  // refreshes `tokens` once and returns the call made again.
  template <typename Call>
  auto Authorized(const AppInstallation& progress, ShoperTokens& tokens, const Call& call)
      -> decltype(call(std::string()));
  // ReadShopSettings reads the shop's time zone and order statuses into
  // `shop`'s settings: the zone when tzdata knows it; the statuses of type
  // closed as the trigger's ids while the shop's trigger names none.
  absl::Status ReadShopSettings(const AppInstallation& progress, ShoperTokens& tokens,
                                const Shop& shop);
  // RefreshTime returns when `tokens` are due for a refresh.
  absl::Time RefreshTime(const ShoperTokens& tokens) const {
    return tokens.expire_time - settings_.refresh_before;
  }
  // UpdateWebhookUrl points `update`'s webhook at its shop's current key.
  absl::Status UpdateWebhookUrl(WebhookUrlUpdate& update);
  // WebhookFor returns our webhook for `shop`: its URL at the shop's key,
  // our events, and `secret`.
  ShoperWebhook WebhookFor(const Shop& shop, std::string secret) const;
  // AttachShop returns the licence's Opinus shop, making it when it has
  // none (or it is gone).
  absl::StatusOr<Shop> AttachShop(const AppInstallation& installation);
  // RegisterWebhook points our webhook (`progress`'s, else a new one whose
  // id it keeps there) at `shop`'s URL with a fresh secret, then makes that
  // the shop's secret.
  absl::Status RegisterWebhook(AppInstallation& progress, ShoperTokens& tokens, const Shop& shop);

  AppStoreStore* store_;
  ShopManager* shops_;
  ShoperApi* shoper_;
  TokenGenerator* secrets_;
  RandomSource* random_;
  const Clock* clock_;
  const AppStoreConnectSettings settings_;
};

namespace appstore_internal {

// StatusOf returns how a call went, whether it answers a bare status or a
// value.
inline const absl::Status& StatusOf(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& answer) {
  return answer.status();
}

}  // namespace appstore_internal

// Here, as both the connection (appstore_connector.cc) and the webhook URL
// updates (appstore_webhook_url.cc) call it.
template <typename Call>
auto AppStoreConnector::Authorized(const AppInstallation& progress, ShoperTokens& tokens,
                                   const Call& call) -> decltype(call(std::string())) {
  auto answer = call(tokens.access_token);
  if (!absl::IsUnauthenticated(appstore_internal::StatusOf(answer))) return answer;
  if (absl::Status refreshed = Refresh(progress, tokens); !refreshed.ok()) return refreshed;
  return call(tokens.access_token);
}

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_APPSTORE_CONNECTOR_H_
