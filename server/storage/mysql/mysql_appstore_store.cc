#include "server/storage/mysql/mysql_appstore_store.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/secrets.h"
#include "common/status_macros.h"
#include "server/domain/invitation_transitions.h"
#include "server/domain/validation.h"
#include "server/storage/mysql/guarded_transition.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

constexpr char kInstallationColumns[] =
    "id, licence, shop_url, application_code, application_version, installed, installed_at, "
    "uninstalled_at, updated_at, subscription_end, callbacks, connect_state, connect_attempts, "
    "next_connect_at, connect_error, shop_id, webhook_id";
// After kInstallationColumns in a claim's select.
constexpr char kSecretColumns[] =
    "auth_code, access_token, refresh_token, token_expires_at, token_scope";
constexpr int kSecretsAt = 17;

long long IdOrZero(const soci::row& row, int column) {
  return row.get_indicator(column) == soci::i_ok ? row.get<long long>(column) : 0;
}

AppInstallation ReadInstallation(const soci::row& row) {
  AppInstallation installation;
  installation.id = row.get<long long>(0);
  installation.licence = row.get<std::string>(1);
  installation.shop_url = row.get<std::string>(2);
  installation.application_code = row.get<std::string>(3);
  installation.application_version = row.get<std::string>(4);
  installation.installed = row.get<int>(5) != 0;
  installation.install_time = FromDbTime(row.get<std::tm>(6));
  if (row.get_indicator(7) == soci::i_ok) {
    installation.uninstall_time = FromDbTime(row.get<std::tm>(7));
  }
  installation.update_time = FromDbTime(row.get<std::tm>(8));
  installation.subscription_end = row.get<std::string>(9);
  installation.callbacks = row.get<long long>(10);
  installation.connection =
      ShopConnectionFromName(row.get<std::string>(11)).value_or(ShopConnection::kNone);
  installation.connect_attempts = row.get<int>(12);
  if (row.get_indicator(13) == soci::i_ok) {
    installation.next_attempt_time = FromDbTime(row.get<std::tm>(13));
  }
  installation.connect_error = row.get<std::string>(14);
  installation.shop_id = IdOrZero(row, 15);
  installation.webhook_id = IdOrZero(row, 16);
  return installation;
}

PendingConnection ReadPending(const soci::row& row) {
  PendingConnection pending;
  pending.installation = ReadInstallation(row);
  if (row.get_indicator(kSecretsAt) == soci::i_ok) {
    pending.auth_code = row.get<std::string>(kSecretsAt);
  }
  if (row.get_indicator(kSecretsAt + 1) == soci::i_ok) {
    pending.tokens = ShoperTokens{
        row.get<std::string>(kSecretsAt + 1), row.get<std::string>(kSecretsAt + 2),
        FromDbTime(row.get<std::tm>(kSecretsAt + 3)), row.get<std::string>(kSecretsAt + 4)};
  }
  return pending;
}

// Unchanged locks installation `id`'s row until the commit and checks that no
// callback came since the claim that saw `callbacks`. (Affected rows would
// not do: MariaDB counts only rows whose values change.)
absl::Status Unchanged(soci::session& sql, long long id, long long callbacks) {
  long long now_callbacks = -1;
  sql << "SELECT callbacks FROM app_installations WHERE id = :id FOR UPDATE", soci::use(id, "id"),
      soci::into(now_callbacks);
  if (now_callbacks == callbacks) return absl::OkStatus();
  return absl::AbortedError("a callback changed the installation since it was claimed");
}

// WriteTokens keeps `tokens` in installation `id`'s row, in place of its
// auth code (used up) and any tokens before.
void WriteTokens(soci::session& sql, long long id, const ShoperTokens& tokens) {
  std::tm expires_at = ToDbTime(tokens.expire_time);
  const std::string scope = TruncateUtf8(tokens.scope, 500);
  sql << "UPDATE app_installations SET auth_code = NULL, access_token = :access, "
         "refresh_token = :refresh, token_expires_at = :expires_at, token_scope = :scope "
         "WHERE id = :id",
      soci::use(tokens.access_token, "access"), soci::use(tokens.refresh_token, "refresh"),
      soci::use(expires_at, "expires_at"), soci::use(scope, "scope"), soci::use(id, "id");
}

// WriteConnection stores `installation`'s connection fields in its row.
void WriteConnection(soci::session& sql, const AppInstallation& installation) {
  const std::string state = ShopConnectionName(installation.connection);
  int attempts = installation.connect_attempts;
  std::tm next_at{};
  soci::indicator next = soci::i_null;
  if (installation.next_attempt_time) {
    next_at = ToDbTime(*installation.next_attempt_time);
    next = soci::i_ok;
  }
  const std::string error = TruncateUtf8(installation.connect_error, 500);
  long long shop_id = installation.shop_id;
  soci::indicator shop = shop_id != 0 ? soci::i_ok : soci::i_null;
  long long webhook_id = installation.webhook_id;
  soci::indicator webhook = webhook_id != 0 ? soci::i_ok : soci::i_null;
  long long id = installation.id;
  sql << "UPDATE app_installations SET connect_state = :state, connect_attempts = :attempts, "
         "next_connect_at = :next_at, connect_error = :error, shop_id = :shop_id, "
         "webhook_id = :webhook_id WHERE id = :id",
      soci::use(state, "state"), soci::use(attempts, "attempts"),
      soci::use(next_at, next, "next_at"), soci::use(error, "error"),
      soci::use(shop_id, shop, "shop_id"), soci::use(webhook_id, webhook, "webhook_id"),
      soci::use(id, "id");
}

// LockedRow is the licence's row as LockInstallation found it: its id, and
// the installation it holds; nullopt for a licence not seen before.
struct LockedRow {
  int64_t id = 0;
  std::optional<AppInstallation> installation;
};

// LockInstallation returns the licence's row, locked until the commit; a
// licence not seen before gets its row created (callbacks 0) so that the
// lock holds for it too.
LockedRow LockInstallation(soci::session& sql, const std::string& licence, absl::Time now) {
  std::tm at = ToDbTime(now);
  sql << "INSERT INTO app_installations (licence, shop_url, application_code, "
         "application_version, installed, installed_at, updated_at, subscription_end, callbacks) "
         "VALUES (:licence, '', '', '', 0, :at, :at2, '', 0) "
         "ON DUPLICATE KEY UPDATE licence = licence",
      soci::use(licence, "licence"), soci::use(at, "at"), soci::use(at, "at2");
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kInstallationColumns
                   << " FROM app_installations WHERE licence = :licence FOR UPDATE",
       soci::use(licence, "licence"));
  LockedRow locked;
  for (const soci::row& row : rows) {
    AppInstallation installation = ReadInstallation(row);
    locked.id = installation.id;
    if (installation.callbacks > 0) locked.installation = std::move(installation);
  }
  return locked;
}

// Disconnect does what an uninstall does to installation `id` and its shop
// `shop_id` (0: none), in the caller's transaction: the shop's key becomes
// `new_key` with no previous key, its pending invitations are cancelled
// (each under its row lock, so a send in progress is waited for), the tokens
// and auth code are deleted.
absl::Status Disconnect(soci::session& sql, long long id, long long shop_id,
                        const std::string& new_key, absl::Time now) {
  sql << "UPDATE app_installations SET auth_code = NULL, access_token = NULL, "
         "refresh_token = NULL, token_expires_at = NULL, token_scope = '' WHERE id = :id",
      soci::use(id, "id");
  if (shop_id == 0) return absl::OkStatus();
  // The shop's row changes before any event of it commits again: every core
  // refuses the old key from here on (docs/deployment.md).
  std::tm at = ToDbTime(now);
  sql << "UPDATE shops SET webhook_key = :key, previous_webhook_key = NULL, "
         "previous_key_valid_until = NULL, updated_at = :now WHERE id = :shop",
      soci::use(new_key, "key"), soci::use(at, "now"), soci::use(shop_id, "shop");
  std::vector<long long> pending;
  {
    soci::rowset<long long> rows =
        (sql.prepare << "SELECT id FROM invitations WHERE shop_id = :shop AND (state IN "
                        "('scheduled', 'sending') OR (state = 'sent' AND reminder_at IS NOT "
                        "NULL)) ORDER BY id",
         soci::use(shop_id, "shop"));
    for (long long invitation : rows) pending.push_back(invitation);
  }
  for (long long invitation : pending) {
    OPINUS_ASSIGN_OR_RETURN(const LockedInvitation locked, LockInvitation(sql, invitation));
    // Sent meanwhile, its reminder too: nothing left to stop.
    if (!CheckTransition(locked.invitation, InvitationEvent::kCancel).ok()) continue;
    OPINUS_RETURN_IF_ERROR(
        ApplyTransition(sql, locked, InvitationEvent::kCancel,
                        InvitationReasonOf(InvitationReasonCode::kAppUninstalled), now)
            .status());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AppInstallation> MysqlAppStoreStore::RecordCallback(const AppStoreCallback& callback,
                                                                   absl::Time now,
                                                                   const std::string& new_key) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<AppInstallation> {
    soci::transaction transaction(sql);
    const std::string licence = TruncateUtf8(callback.licence, 64);
    const LockedRow locked = LockInstallation(sql, licence, now);
    AppInstallation after = ApplyAppStoreCallback(locked.installation, callback, now);
    after.id = locked.id;
    const std::string shop_url = TruncateUtf8(after.shop_url, 255);
    const std::string code = TruncateUtf8(after.application_code, 64);
    const std::string version = TruncateUtf8(after.application_version, 32);
    const std::string subscription_end = TruncateUtf8(after.subscription_end, 32);
    int installed = after.installed ? 1 : 0;
    std::tm installed_at = ToDbTime(after.install_time);
    std::tm uninstalled_at{};
    soci::indicator uninstalled = soci::i_null;
    if (after.uninstall_time) {
      uninstalled_at = ToDbTime(*after.uninstall_time);
      uninstalled = soci::i_ok;
    }
    std::tm at = ToDbTime(now);
    long long callbacks = after.callbacks;
    sql << "UPDATE app_installations SET shop_url = :url, application_code = :code, "
           "application_version = :version, installed = :installed, installed_at = :installed_at, "
           "uninstalled_at = :uninstalled_at, updated_at = :at, subscription_end = :end, "
           "callbacks = :callbacks WHERE licence = :licence",
        soci::use(shop_url, "url"), soci::use(code, "code"), soci::use(version, "version"),
        soci::use(installed, "installed"), soci::use(installed_at, "installed_at"),
        soci::use(uninstalled_at, uninstalled, "uninstalled_at"), soci::use(at, "at"),
        soci::use(subscription_end, "end"), soci::use(callbacks, "callbacks"),
        soci::use(licence, "licence");
    WriteConnection(sql, after);
    if (callback.action == AppStoreAction::kUninstall) {
      OPINUS_RETURN_IF_ERROR(Disconnect(sql, after.id, after.shop_id, new_key, now));
    }
    if (!callback.auth_code.empty()) {
      const std::string auth_code = TruncateUtf8(callback.auth_code, 255);
      sql << "UPDATE app_installations SET auth_code = :code WHERE licence = :licence",
          soci::use(auth_code, "code"), soci::use(licence, "licence");
    }
    long long id = after.id;
    const std::string action = AppStoreActionName(callback.action);
    std::tm sent_at = ToDbTime(callback.sent_time);
    const std::string callback_version = TruncateUtf8(callback.application_version, 32);
    sql << "INSERT INTO appstore_callbacks (installation_id, received_at, action, sent_at, "
           "application_version) VALUES (:id, :at, :action, :sent_at, :version)",
        soci::use(id, "id"), soci::use(at, "at"), soci::use(action, "action"),
        soci::use(sent_at, "sent_at"), soci::use(callback_version, "version");
    transaction.commit();
    return after;
  });
}

absl::StatusOr<std::optional<PendingConnection>> MysqlAppStoreStore::ClaimConnection(
    absl::Time now, absl::Time lease_until) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<PendingConnection>> {
    soci::transaction transaction(sql);
    std::tm at = ToDbTime(now);
    std::optional<PendingConnection> pending;
    {
      // SKIP LOCKED: another core's claim, or a callback in progress, is
      // passed over rather than waited for.
      soci::rowset<soci::row> rows =
          (sql.prepare
               << "SELECT " << kInstallationColumns << ", " << kSecretColumns
               << " FROM app_installations WHERE connect_state IN ('pending', 'connected') AND "
                  "installed = 1 AND next_connect_at <= :now ORDER BY next_connect_at "
                  "LIMIT 1 FOR UPDATE SKIP LOCKED",
           soci::use(at, "now"));
      for (const soci::row& row : rows) pending = ReadPending(row);
    }
    if (!pending) return pending;
    std::tm lease = ToDbTime(lease_until);
    long long id = pending->installation.id;
    sql << "UPDATE app_installations SET next_connect_at = :lease WHERE id = :id",
        soci::use(lease, "lease"), soci::use(id, "id");
    transaction.commit();
    pending->installation.next_attempt_time = lease_until;
    return pending;
  });
}

absl::Status MysqlAppStoreStore::SaveTokens(int64_t id, int64_t callbacks,
                                            const ShoperTokens& tokens) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    soci::transaction transaction(sql);
    long long row = id;
    if (absl::Status unchanged = Unchanged(sql, row, callbacks); !unchanged.ok()) return unchanged;
    WriteTokens(sql, row, tokens);
    transaction.commit();
    return absl::OkStatus();
  });
}

absl::Status MysqlAppStoreStore::ReplaceTokens(int64_t id, const std::string& old_refresh_token,
                                               const ShoperTokens& tokens) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    soci::transaction transaction(sql);
    long long row = id;
    std::string stored;
    soci::indicator present = soci::i_null;
    sql << "SELECT refresh_token FROM app_installations WHERE id = :id FOR UPDATE",
        soci::use(row, "id"), soci::into(stored, present);
    if (present != soci::i_ok || !ConstantTimeEquals(stored, old_refresh_token)) {
      return absl::AbortedError("the tokens were deleted or replaced since they were read");
    }
    WriteTokens(sql, row, tokens);
    transaction.commit();
    return absl::OkStatus();
  });
}

absl::Status MysqlAppStoreStore::SaveConnection(const AppInstallation& installation) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    soci::transaction transaction(sql);
    const absl::Status unchanged = Unchanged(sql, installation.id, installation.callbacks);
    if (unchanged.ok()) {
      WriteConnection(sql, installation);
    } else {
      long long id = installation.id;
      long long shop_id = installation.shop_id;
      soci::indicator shop = shop_id != 0 ? soci::i_ok : soci::i_null;
      long long webhook_id = installation.webhook_id;
      soci::indicator webhook = webhook_id != 0 ? soci::i_ok : soci::i_null;
      sql << "UPDATE app_installations SET shop_id = :shop_id, webhook_id = :webhook_id "
             "WHERE id = :id",
          soci::use(shop_id, shop, "shop_id"), soci::use(webhook_id, webhook, "webhook_id"),
          soci::use(id, "id");
    }
    transaction.commit();
    return unchanged;
  });
}

absl::StatusOr<std::vector<AppInstallation>> MysqlAppStoreStore::ListInstallations() {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::vector<AppInstallation>> {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kInstallationColumns
                     << " FROM app_installations WHERE callbacks > 0 ORDER BY updated_at DESC, "
                        "id DESC");
    std::vector<AppInstallation> installations;
    for (const soci::row& row : rows) installations.push_back(ReadInstallation(row));
    return installations;
  });
}

}  // namespace opinus::server
