// MysqlSuppressionStore: SuppressionStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_SUPPRESSION_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_SUPPRESSION_STORE_H_

#include "server/storage/mysql/session_pool.h"
#include "server/storage/suppression_store.h"

namespace opinus::server {

// InsertSuppression stores `suppression` in `sql`'s transaction unless its
// scope holds the address already, and returns what the scope holds.
Suppression InsertSuppression(soci::session& sql, const Suppression& suppression);

// MysqlSuppressionStore reads and changes the `suppressions` table (shop_id
// 0 holding the list for all shops). It does not own `pool`. Thread-safe.
class MysqlSuppressionStore final : public SuppressionStore {
 public:
  explicit MysqlSuppressionStore(SessionPool* pool) : pool_(pool) {}

  // FindSuppressions reads all in one SELECT.
  absl::StatusOr<std::vector<std::optional<Suppression>>> FindSuppressions(
      const std::vector<std::pair<ShopId, std::string>>& addresses) override;
  absl::StatusOr<std::optional<Suppression>> FindSuppression(
      ShopId shop_id, const std::string& email_hash) override;
  absl::StatusOr<Suppression> AddSuppression(const Suppression& suppression) override;
  absl::Status RemoveSuppression(ShopId shop_id, const std::string& email_hash) override;
  absl::StatusOr<Page<Suppression>> ListSuppressions(ShopId shop_id,
                                                     const PageRequest& page) override;
  absl::StatusOr<Invitation> Unsubscribe(InvitationId id, const Suppression& suppression,
                                         const InvitationReason& reason, absl::Time now) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_SUPPRESSION_STORE_H_
