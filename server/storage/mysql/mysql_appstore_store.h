// MysqlAppStoreStore: AppStoreStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_APPSTORE_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_APPSTORE_STORE_H_

#include <vector>

#include "server/storage/appstore_store.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// MysqlAppStoreStore keeps installations in `app_installations` (one row a
// licence, locked while a callback changes it) and the log in
// `appstore_callbacks`; an install's auth code and the tokens it buys stay
// in their installation's row, in clear (docs/appstore.md). It does not own `pool`. Thread-safe.
class MysqlAppStoreStore final : public AppStoreStore {
 public:
  explicit MysqlAppStoreStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<AppInstallation> RecordCallback(const AppStoreCallback& callback, absl::Time now,
                                                 const std::string& new_key) override;
  absl::StatusOr<std::optional<PendingConnection>> ClaimConnection(absl::Time now,
                                                                   absl::Time lease_until) override;
  absl::Status SaveTokens(int64_t id, int64_t callbacks, const ShoperTokens& tokens) override;
  absl::Status ReplaceTokens(int64_t id, const std::string& old_refresh_token,
                             const ShoperTokens& tokens) override;
  absl::Status SaveConnection(const AppInstallation& installation) override;
  absl::StatusOr<std::vector<AppInstallation>> ListInstallations() override;
  // In mysql_webhook_url_updates.cc.
  absl::Status MarkWebhookUrlDue(int64_t shop_id, absl::Time now) override;
  absl::StatusOr<std::optional<WebhookUrlUpdate>> ClaimWebhookUrlUpdate(
      absl::Time now, absl::Time lease_until) override;
  absl::Status FinishWebhookUrlUpdate(int64_t id, int64_t rotations, int64_t webhook_id) override;
  absl::Status RetryWebhookUrlUpdate(int64_t id, int64_t rotations, int attempts,
                                     const std::string& error, absl::Time retry_at) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_APPSTORE_STORE_H_
