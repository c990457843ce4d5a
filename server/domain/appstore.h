// Shoper's App Store callbacks: what a shop's install, uninstall, upgrade or
// billing tells us, checked against the App Store secret before it is read.
#ifndef OPINUS_SERVER_DOMAIN_APPSTORE_H_
#define OPINUS_SERVER_DOMAIN_APPSTORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::server {

enum class AppStoreAction {
  kInstall,
  kUninstall,
  kUpgrade,
  kBillingInstall,
  kBillingSubscription,
};

// AppStoreActionName returns the `action` field's value ("install", ...);
// AppStoreActionFromName reads it back, nullopt for an unknown one.
const char* AppStoreActionName(AppStoreAction action);
std::optional<AppStoreAction> AppStoreActionFromName(absl::string_view name);

// ShopConnection is where connecting an installed shop through Shoper's REST
// API stands (tokens, the Opinus shop, our webhook: AppStoreConnector).
enum class ShopConnection {
  // Never asked for: installed before connecting was configured.
  kNone,
  // An install asked for it; the next attempt is due at next_attempt_time.
  kPending,
  kConnected,
  // Every attempt failed; only a new install starts again.
  kFailed,
  // Uninstalled: the shop's webhook key replaced, its pending invitations
  // cancelled (InvitationReasonCode::kAppUninstalled), the tokens deleted
  // (AppStoreStore::RecordCallback); an install connects it again.
  kDisconnected,
};

// ShopConnectionName returns "none", "pending", "connected", "failed" or
// "disconnected"; ShopConnectionFromName reads it back, nullopt for anything
// else.
const char* ShopConnectionName(ShopConnection connection);
std::optional<ShopConnection> ShopConnectionFromName(absl::string_view name);

// AppStoreCallback is one callback as checked and read.
struct AppStoreCallback {
  AppStoreAction action = AppStoreAction::kInstall;
  // The shop's licence id (`shop`): the key an installation is known by.
  std::string licence;
  std::string shop_url;
  std::string application_code;
  std::string application_version;
  // The one-time code to exchange for tokens; only with install. A secret.
  std::string auth_code;
  // billing_subscription's `subscription_end_time`, as sent.
  std::string subscription_end;
  absl::Time sent_time;
};

// AppInstallation is what the App Store told of one shop's installation of
// the app, keyed by its licence.
struct AppInstallation {
  int64_t id = 0;
  std::string licence;
  std::string shop_url;
  std::string application_code;
  std::string application_version;
  // Until an uninstall; an install after it makes it true again.
  bool installed = true;
  absl::Time install_time;
  std::optional<absl::Time> uninstall_time;
  absl::Time update_time;
  // The last billing_subscription's end, as sent; empty when none came.
  std::string subscription_end;
  // How many callbacks came for it.
  int64_t callbacks = 0;
  ShopConnection connection = ShopConnection::kNone;
  // Attempts to connect since the last install that asked for it; while
  // connected, it counts on with each failed refresh, back to 0 when one
  // succeeds.
  int connect_attempts = 0;
  // While pending: when the next attempt is due; while connected: when the
  // tokens are refreshed next.
  std::optional<absl::Time> next_attempt_time;
  // Why the last attempt (or refresh) failed (no secret in it); empty after
  // success.
  std::string connect_error;
  // The Opinus shop and our webhook in the Shoper shop, once made; 0 before.
  int64_t shop_id = 0;
  int64_t webhook_id = 0;
};

// ApplyAppStoreCallback returns `installation` (the licence's, nullopt for
// the first callback) as `callback`, received at `now`, leaves it. An install
// carrying an auth code makes the connection pending, due at once, with no
// attempt made yet; the shop and webhook ids stay, to be re-attached. An
// uninstall makes a connection that was ever asked for disconnected.
AppInstallation ApplyAppStoreCallback(const std::optional<AppInstallation>& installation,
                                      const AppStoreCallback& callback, absl::Time now);

// AppStoreHash returns the hex HMAC-SHA512, keyed with `secret`, of every
// field but `hash`, sorted by name and joined as "name=value&name=value".
std::string AppStoreHash(const std::map<std::string, std::string>& fields,
                         absl::string_view secret);

// CheckAppStoreSignature checks what the App Store signs (its callbacks, and
// the query of the app's admin page) and returns when it was sent:
// UNAUTHENTICATED when `hash` is missing or not AppStoreHash's (compared in
// constant time), or `timestamp` (Unix seconds) is more than `max_age` away
// from `now`; INVALID_ARGUMENT when `timestamp` is not a number.
absl::StatusOr<absl::Time> CheckAppStoreSignature(const std::map<std::string, std::string>& fields,
                                                  absl::string_view secret, absl::Time now,
                                                  absl::Duration max_age);

// ReadAppStoreCallback checks `fields` (CheckAppStoreSignature) and reads them: UNAUTHENTICATED
// when `hash` is missing or not AppStoreHash's (compared in constant time), or `timestamp` (Unix
// seconds) is more than `max_age` away from `now`; INVALID_ARGUMENT naming the field when a needed
// one is missing or wrong.
absl::StatusOr<AppStoreCallback> ReadAppStoreCallback(
    const std::map<std::string, std::string>& fields, absl::string_view secret, absl::Time now,
    absl::Duration max_age);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_APPSTORE_H_
