// MysqlPrivacyStore: PrivacyStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_PRIVACY_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_PRIVACY_STORE_H_

#include <optional>
#include <string>

#include "server/storage/mysql/session_pool.h"
#include "server/storage/privacy_store.h"

namespace opinus::server {

// MysqlPrivacyStore reads every table that may hold a customer's data,
// records erasures in `erasures` and deleted owners' accounts in
// `deleted_accounts`, and marks what retention purged in
// personal_data_purged_at. It does not own `pool`. Thread-safe.
class MysqlPrivacyStore final : public PrivacyStore {
 public:
  explicit MysqlPrivacyStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<PersonalData> FindPersonalData(const std::string& email,
                                                const std::string& email_hash) override;
  absl::StatusOr<Erasure> ErasePersonalData(const std::string& email,
                                            const Erasure& erasure) override;
  absl::StatusOr<Purged> PurgeEnded(absl::Time ended_by, absl::Time now, int limit) override;
  // In mysql_owner_deletion.cc.
  absl::StatusOr<std::optional<DeletedAccount>> DeleteDueOwner(absl::Time now) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_PRIVACY_STORE_H_
