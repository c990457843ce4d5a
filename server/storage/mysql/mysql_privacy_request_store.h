// MysqlPrivacyRequestStore: PrivacyRequestStore on MariaDB through SOCI.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_MYSQL_PRIVACY_REQUEST_STORE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_MYSQL_PRIVACY_REQUEST_STORE_H_

#include <string>

#include "server/storage/mysql/session_pool.h"
#include "server/storage/privacy_request_store.h"

namespace opinus::server {

// MysqlPrivacyRequestStore keeps requests in `privacy_requests`. It does
// not own `pool`. Thread-safe.
class MysqlPrivacyRequestStore final : public PrivacyRequestStore {
 public:
  explicit MysqlPrivacyRequestStore(SessionPool* pool) : pool_(pool) {}

  absl::StatusOr<RecentPrivacyRequests> CountRequests(const std::string& email_hash,
                                                      const std::string& client_address,
                                                      absl::Time since) override;
  absl::StatusOr<int64_t> AddRequest(const PrivacyRequest& request, const std::string& token_hash,
                                     const std::string& email_hash,
                                     const std::string& client_address) override;
  absl::StatusOr<PrivacyRequest> FindOpenRequest(const std::string& token_hash,
                                                 absl::Time now) override;
  absl::StatusOr<PrivacyRequest> ClaimRequest(const std::string& token_hash,
                                              absl::Time now) override;
  absl::Status ReleaseRequest(int64_t id) override;
  absl::Status ForgetAddress(int64_t id) override;
  absl::StatusOr<int> DeleteRequestsBefore(absl::Time before) override;

 private:
  SessionPool* pool_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_MYSQL_PRIVACY_REQUEST_STORE_H_
