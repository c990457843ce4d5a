// AppStoreStore: the App Store's callbacks and the installations they make.
#ifndef OPINUS_SERVER_STORAGE_APPSTORE_STORE_H_
#define OPINUS_SERVER_STORAGE_APPSTORE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/appstore.h"
#include "server/domain/shoper_api.h"

namespace opinus::server {

// PendingConnection is a claimed installation to connect, with its secrets:
// the install's auth code until it is exchanged (then empty), and the
// tokens once granted.
struct PendingConnection {
  AppInstallation installation;
  std::string auth_code;
  std::optional<ShoperTokens> tokens;
};

// WebhookUrlUpdate is a claimed, connected installation whose shop's key was
// rotated, so that our webhook in the Shoper shop must be pointed at the new
// key: its tokens, and how many rotations it had had when claimed. Of the
// installation only id, licence, shop_url, shop_id and webhook_id are read.
struct WebhookUrlUpdate {
  AppInstallation installation;
  ShoperTokens tokens;
  int64_t rotations = 0;
  // Failed attempts since the last rotation.
  int attempts = 0;
};

// AppStoreStore keeps one installation per licence and a log of every
// callback. Implementations are thread-safe; every method may return
// UNAVAILABLE when the storage cannot be reached.
class AppStoreStore {
 public:
  virtual ~AppStoreStore() = default;

  // RecordCallback logs `callback`, received at `now`, and stores its
  // licence's installation as ApplyAppStoreCallback leaves it, in one
  // transaction (callbacks of one licence one after another); returns the
  // installation as stored. An auth code is kept until SaveTokens, and
  // never returned but by ClaimConnection.
  //
  // An uninstall also disconnects the licence's shop (when it has one), in
  // the same transaction: its webhook key becomes `new_key` and no previous
  // key is kept (ShopStore::SetWebhookKey), so the old key is refused at
  // once; its pending invitations are cancelled (InvitationReasonCode::kAppUninstalled)
  // as InvitationStore::CancelInvitation does (waiting for a send in
  // progress); its tokens and auth code are deleted. `new_key` is not used
  // by other actions. ALREADY_EXISTS when another shop has `new_key`.
  [[nodiscard]] virtual absl::StatusOr<AppInstallation> RecordCallback(
      const AppStoreCallback& callback, absl::Time now, const std::string& new_key) = 0;

  // ClaimConnection returns an installation that is installed, pending or
  // connected (due for its tokens' refresh), with its attempt due at `now`,
  // the earliest due first, having moved its next attempt to `lease_until`
  // so that no other claimer takes it meanwhile; nullopt when none is due.
  [[nodiscard]] virtual absl::StatusOr<std::optional<PendingConnection>> ClaimConnection(
      absl::Time now, absl::Time lease_until) = 0;

  // SaveTokens keeps `tokens` for installation `id` and forgets its auth
  // code (it is used up). ABORTED, changing nothing, when a callback came
  // since the claim (the installation's callbacks are no longer
  // `callbacks`).
  [[nodiscard]] virtual absl::Status SaveTokens(int64_t id, int64_t callbacks,
                                                const ShoperTokens& tokens) = 0;

  // ReplaceTokens keeps refreshed `tokens` for installation `id` in place of
  // those whose refresh token was `old_refresh_token` (compared in constant
  // time). Only an uninstall (tokens deleted) or a re-install's exchange
  // (tokens replaced) stops it, with ABORTED: other callbacks leave the
  // tokens as they were, and a refresh token Shoper has replaced must not be
  // lost.
  [[nodiscard]] virtual absl::Status ReplaceTokens(int64_t id, const std::string& old_refresh_token,
                                                   const ShoperTokens& tokens) = 0;

  // SaveConnection stores `installation`'s connection, attempts, next
  // attempt, error, shop id and webhook id. When a callback came since the
  // claim (its callbacks are no longer installation.callbacks) it stores
  // only the ids, which name what exists whatever the callback said, and
  // returns ABORTED.
  [[nodiscard]] virtual absl::Status SaveConnection(const AppInstallation& installation) = 0;

  // MarkWebhookUrlDue counts a rotation of shop `shop_id`'s key and makes
  // its webhook URL update due at `now`, when an installed installation
  // connects that shop (connected, or connecting: a connect that read the
  // key before the rotation registers the old URL, and the update, claimed
  // once connected, corrects it); otherwise it changes nothing.
  [[nodiscard]] virtual absl::Status MarkWebhookUrlDue(int64_t shop_id, absl::Time now) = 0;

  // ClaimWebhookUrlUpdate returns a connected installation with tokens whose
  // webhook URL update is due at `now`, having moved the update to
  // `lease_until` so that no other claimer takes it meanwhile; nullopt when
  // none is due.
  [[nodiscard]] virtual absl::StatusOr<std::optional<WebhookUrlUpdate>> ClaimWebhookUrlUpdate(
      absl::Time now, absl::Time lease_until) = 0;

  // FinishWebhookUrlUpdate records that installation `id`'s webhook, now
  // `webhook_id` (made again when Shoper had dropped it), points at the key
  // of its `rotations`-th rotation: the update is done, unless a rotation
  // came since (then it stays due).
  [[nodiscard]] virtual absl::Status FinishWebhookUrlUpdate(int64_t id, int64_t rotations,
                                                            int64_t webhook_id) = 0;

  // RetryWebhookUrlUpdate records that updating installation `id`'s webhook
  // URL to its `rotations`-th key failed with `error` (no secret in it), its
  // `attempts`-th failure, and retries it at `retry_at`; a rotation since
  // keeps its own (due at once, no failure yet).
  [[nodiscard]] virtual absl::Status RetryWebhookUrlUpdate(int64_t id, int64_t rotations,
                                                           int attempts, const std::string& error,
                                                           absl::Time retry_at) = 0;

  // ListInstallations returns every installation, the latest changed first.
  [[nodiscard]] virtual absl::StatusOr<std::vector<AppInstallation>> ListInstallations() = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_APPSTORE_STORE_H_
