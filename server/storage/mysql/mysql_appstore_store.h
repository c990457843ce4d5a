// MysqlAppStoreStore: AppStoreStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_APPSTORE_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_APPSTORE_STORE_H_

#include <vector>

#include "server/storage/appstore_store.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// MysqlAppStoreStore keeps installations in `app_installations` (one row a
// licence, locked while a callback changes it) and the log in
// `appstore_callbacks`. It does not own `pool`. Thread-safe.
class MysqlAppStoreStore final : public AppStoreStore {
 public:
  explicit MysqlAppStoreStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<AppInstallation> RecordCallback(const AppStoreCallback& callback,
                                                 absl::Time now) override;
  absl::StatusOr<std::vector<AppInstallation>> ListInstallations() override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_APPSTORE_STORE_H_
