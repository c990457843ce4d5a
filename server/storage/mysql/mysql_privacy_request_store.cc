#include "server/storage/mysql/mysql_privacy_request_store.h"

#include <optional>

#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

constexpr char kRequestColumns[] = "id, action, email, requested_at, expires_at";
constexpr char kUnknownLink[] = "unknown, used or expired privacy request link";

const char* ActionName(PrivacyAction action) {
  return action == PrivacyAction::kExport ? "export" : "erase";
}

PrivacyRequest ReadRequest(const soci::row& row) {
  PrivacyRequest request;
  request.id = row.get<long long>(0);
  request.action =
      row.get<std::string>(1) == "export" ? PrivacyAction::kExport : PrivacyAction::kErase;
  request.email = row.get<std::string>(2);
  request.request_time = FromDbTime(row.get<std::tm>(3));
  request.expire_time = FromDbTime(row.get<std::tm>(4));
  return request;
}

// LoadOpenRequest returns the open request of `token_hash`, its row locked
// when `for_update`; nullopt when there is none.
std::optional<PrivacyRequest> LoadOpenRequest(soci::session& sql, const std::string& token_hash,
                                              absl::Time now, bool for_update) {
  std::tm at = ToDbTime(now);
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kRequestColumns
                   << " FROM privacy_requests WHERE token_hash = :hash AND confirmed_at IS NULL "
                      "AND expires_at > :now"
                   << (for_update ? " FOR UPDATE" : ""),
       soci::use(token_hash, "hash"), soci::use(at, "now"));
  std::optional<PrivacyRequest> request;
  for (const soci::row& row : rows) request = ReadRequest(row);
  return request;
}

}  // namespace

absl::StatusOr<RecentPrivacyRequests> MysqlPrivacyRequestStore::CountRequests(
    const std::string& email_hash, const std::string& client_address, absl::Time since) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<RecentPrivacyRequests> {
    std::tm from = ToDbTime(since);
    RecentPrivacyRequests recent;
    sql << "SELECT COUNT(*) FROM privacy_requests WHERE email_hash = :hash "
           "AND requested_at >= :since",
        soci::use(email_hash, "hash"), soci::use(from, "since"), soci::into(recent.for_address);
    sql << "SELECT COUNT(*) FROM privacy_requests WHERE client_address = :client "
           "AND requested_at >= :since",
        soci::use(client_address, "client"), soci::use(from, "since"),
        soci::into(recent.from_client);
    return recent;
  });
}

absl::StatusOr<int64_t> MysqlPrivacyRequestStore::AddRequest(const PrivacyRequest& request,
                                                             const std::string& token_hash,
                                                             const std::string& email_hash,
                                                             const std::string& client_address) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<int64_t> {
    std::tm requested = ToDbTime(request.request_time);
    std::tm expires = ToDbTime(request.expire_time);
    const std::string action = ActionName(request.action);
    sql << "INSERT INTO privacy_requests (token_hash, action, email, email_hash, client_address, "
           "requested_at, expires_at) VALUES (:token, :action, :email, :hash, :client, "
           ":requested, :expires)",
        soci::use(token_hash, "token"), soci::use(action, "action"),
        soci::use(request.email, "email"), soci::use(email_hash, "hash"),
        soci::use(client_address, "client"), soci::use(requested, "requested"),
        soci::use(expires, "expires");
    long long id = 0;
    sql << "SELECT LAST_INSERT_ID()", soci::into(id);
    return id;
  });
}

absl::StatusOr<PrivacyRequest> MysqlPrivacyRequestStore::FindOpenRequest(
    const std::string& token_hash, absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<PrivacyRequest> {
    std::optional<PrivacyRequest> request = LoadOpenRequest(sql, token_hash, now, false);
    if (!request) return absl::NotFoundError(kUnknownLink);
    return *std::move(request);
  });
}

absl::StatusOr<PrivacyRequest> MysqlPrivacyRequestStore::ClaimRequest(const std::string& token_hash,
                                                                      absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<PrivacyRequest> {
    soci::transaction transaction(sql);
    std::optional<PrivacyRequest> request = LoadOpenRequest(sql, token_hash, now, true);
    if (!request) return absl::NotFoundError(kUnknownLink);
    std::tm at = ToDbTime(now);
    long long id = request->id;
    sql << "UPDATE privacy_requests SET confirmed_at = :now WHERE id = :id", soci::use(at, "now"),
        soci::use(id, "id");
    transaction.commit();
    return *std::move(request);
  });
}

absl::Status MysqlPrivacyRequestStore::ReleaseRequest(int64_t id) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long request_id = id;
    sql << "UPDATE privacy_requests SET confirmed_at = NULL WHERE id = :id",
        soci::use(request_id, "id");
    return absl::OkStatus();
  });
}

absl::Status MysqlPrivacyRequestStore::ForgetAddress(int64_t id) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long request_id = id;
    sql << "UPDATE privacy_requests SET email = '' WHERE id = :id", soci::use(request_id, "id");
    return absl::OkStatus();
  });
}

absl::StatusOr<int> MysqlPrivacyRequestStore::DeleteRequestsBefore(absl::Time before) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<int> {
    std::tm at = ToDbTime(before);
    soci::statement remove =
        (sql.prepare << "DELETE FROM privacy_requests WHERE requested_at < :before",
         soci::use(at, "before"));
    remove.execute(true);
    return static_cast<int>(remove.get_affected_rows());
  });
}

}  // namespace opinus::server
