// MysqlAppStoreStore's webhook URL updates after a key rotation, kept in
// app_installations (schema 26).
#include <optional>
#include <string>

#include "server/domain/validation.h"
#include "server/storage/mysql/mysql_appstore_store.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {

absl::Status MysqlAppStoreStore::MarkWebhookUrlDue(int64_t shop_id, absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long shop = shop_id;
    std::tm at = ToDbTime(now);
    // Due now even when claimed: a second update meanwhile only sends the
    // same URL again, which Shoper takes as it took the first. Also while
    // (re)connecting: the connect may have read the key before this
    // rotation, and the update waits for the connection to be claimed.
    sql << "UPDATE app_installations SET webhook_rotations = webhook_rotations + 1, "
           "webhook_update_at = :now, webhook_update_attempts = 0, webhook_update_error = '' "
           "WHERE shop_id = :shop AND installed = 1",
        soci::use(at, "now"), soci::use(shop, "shop");
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<WebhookUrlUpdate>> MysqlAppStoreStore::ClaimWebhookUrlUpdate(
    absl::Time now, absl::Time lease_until) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<WebhookUrlUpdate>> {
    soci::transaction transaction(sql);
    std::tm at = ToDbTime(now);
    std::optional<WebhookUrlUpdate> update;
    {
      // SKIP LOCKED: another core's claim, or a callback in progress, is
      // passed over rather than waited for.
      soci::rowset<soci::row> rows =
          (sql.prepare << "SELECT id, licence, shop_url, shop_id, COALESCE(webhook_id, 0), "
                          "access_token, refresh_token, token_expires_at, token_scope, "
                          "webhook_rotations, webhook_update_attempts FROM app_installations "
                          "WHERE webhook_update_at <= :now AND connect_state = 'connected' AND "
                          "installed = 1 AND shop_id IS NOT NULL AND access_token IS NOT NULL "
                          "ORDER BY webhook_update_at LIMIT 1 FOR UPDATE SKIP LOCKED",
           soci::use(at, "now"));
      for (const soci::row& row : rows) {
        update.emplace();
        update->installation.id = row.get<long long>(0);
        update->installation.licence = row.get<std::string>(1);
        update->installation.shop_url = row.get<std::string>(2);
        update->installation.shop_id = row.get<long long>(3);
        update->installation.webhook_id = row.get<long long>(4);
        update->tokens = ShoperTokens{row.get<std::string>(5), row.get<std::string>(6),
                                      FromDbTime(row.get<std::tm>(7)), row.get<std::string>(8)};
        update->rotations = row.get<long long>(9);
        update->attempts = row.get<int>(10);
      }
    }
    if (!update) return update;
    std::tm lease = ToDbTime(lease_until);
    long long id = update->installation.id;
    sql << "UPDATE app_installations SET webhook_update_at = :lease WHERE id = :id",
        soci::use(lease, "lease"), soci::use(id, "id");
    transaction.commit();
    return update;
  });
}

absl::Status MysqlAppStoreStore::FinishWebhookUrlUpdate(int64_t id, int64_t rotations,
                                                        int64_t webhook_id) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long row = id;
    long long sent = rotations;
    long long webhook = webhook_id;
    sql << "UPDATE app_installations SET webhook_id = :webhook, webhook_rotations_sent = :sent, "
           "webhook_update_attempts = 0, webhook_update_error = '', webhook_update_at = "
           "IF(webhook_rotations = :sent2, NULL, webhook_update_at) WHERE id = :id",
        soci::use(webhook, "webhook"), soci::use(sent, "sent"), soci::use(sent, "sent2"),
        soci::use(row, "id");
    return absl::OkStatus();
  });
}

absl::Status MysqlAppStoreStore::RetryWebhookUrlUpdate(int64_t id, int64_t rotations, int attempts,
                                                       const std::string& error,
                                                       absl::Time retry_at) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long row = id;
    long long seen = rotations;
    int failed = attempts;
    const std::string reason = TruncateUtf8(error, 500);
    std::tm at = ToDbTime(retry_at);
    sql << "UPDATE app_installations SET webhook_update_attempts = :attempts, "
           "webhook_update_error = :error, webhook_update_at = :at "
           "WHERE id = :id AND webhook_rotations = :seen AND webhook_update_at IS NOT NULL",
        soci::use(failed, "attempts"), soci::use(reason, "error"), soci::use(at, "at"),
        soci::use(row, "id"), soci::use(seen, "seen");
    return absl::OkStatus();
  });
}

}  // namespace opinus::server
