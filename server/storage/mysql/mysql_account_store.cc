#include "server/storage/mysql/mysql_account_store.h"

#include "absl/strings/str_cat.h"
#include "server/storage/mysql/placeholders.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

constexpr char kOwnerColumns[] =
    "id, email, password_hash, created_at, email_confirmed_at, deletion_due_at";
constexpr char kAccessTokenColumns[] =
    "id, owner_id, name, token_hash, created_at, expires_at, last_used_at";

Owner ReadOwner(const soci::row& row) {
  Owner owner;
  owner.id = row.get<long long>(0);
  owner.email = row.get<std::string>(1);
  owner.password_hash = row.get<std::string>(2);
  owner.create_time = FromDbTime(row.get<std::tm>(3));
  if (row.get_indicator(4) == soci::i_ok)
    owner.email_confirm_time = FromDbTime(row.get<std::tm>(4));
  if (row.get_indicator(5) == soci::i_ok) owner.deletion_due_time = FromDbTime(row.get<std::tm>(5));
  return owner;
}

AccessToken ReadAccessToken(const soci::row& row) {
  AccessToken token;
  token.id = row.get<long long>(0);
  token.owner_id = row.get<long long>(1);
  token.name = row.get<std::string>(2);
  token.token_hash = row.get<std::string>(3);
  token.create_time = FromDbTime(row.get<std::tm>(4));
  token.expire_time = FromDbTime(row.get<std::tm>(5));
  if (row.get_indicator(6) == soci::i_ok) token.last_use_time = FromDbTime(row.get<std::tm>(6));
  return token;
}

const char* AttemptKindName(AttemptKind kind) {
  switch (kind) {
    case AttemptKind::kSignUp:
      return "sign_up";
    case AttemptKind::kConfirmationMail:
      return "confirm_mail";
    case AttemptKind::kFailedLogIn:
      break;
  }
  return "failed_log_in";
}

}  // namespace

absl::StatusOr<Owner> MysqlAccountStore::CreateOwner(const Owner& owner) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Owner> {
    std::tm created = ToDbTime(owner.create_time);
    std::tm confirmed = ToDbTime(owner.email_confirm_time.value_or(absl::UnixEpoch()));
    soci::indicator confirmed_indicator = owner.email_confirm_time ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO owners (email, password_hash, created_at, email_confirmed_at) "
           "VALUES (:email, :hash, :created, :confirmed)",
        soci::use(owner.email, "email"), soci::use(owner.password_hash, "hash"),
        soci::use(created, "created"), soci::use(confirmed, confirmed_indicator, "confirmed");
    long long id = 0;
    sql.get_last_insert_id("owners", id);
    Owner stored = owner;
    stored.id = id;
    return stored;
  });
}

absl::StatusOr<Owner> MysqlAccountStore::GetOwner(OwnerId id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Owner> {
    long long owner_id = id;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kOwnerColumns << " FROM owners WHERE id = :id",
         soci::use(owner_id, "id"));
    for (const soci::row& row : rows) return ReadOwner(row);
    return absl::NotFoundError(absl::StrCat("owner ", id, " not found"));
  });
}

absl::StatusOr<std::optional<Owner>> MysqlAccountStore::FindOwnerByEmail(const std::string& email) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<Owner>> {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kOwnerColumns << " FROM owners WHERE email = :email",
         soci::use(email, "email"));
    for (const soci::row& row : rows) return std::optional<Owner>(ReadOwner(row));
    return std::optional<Owner>();
  });
}

absl::Status MysqlAccountStore::SetEmailConfirmation(OwnerId id, const std::string& token_hash,
                                                     absl::Time expire_time) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long owner_id = id;
    std::tm expires = ToDbTime(expire_time);
    soci::statement update =
        (sql.prepare << "UPDATE owners SET confirm_token_hash = :hash, "
                        "confirm_token_expires_at = :expires WHERE id = :id",
         soci::use(token_hash, "hash"), soci::use(expires, "expires"), soci::use(owner_id, "id"));
    update.execute(true);
    // Affected rows are changed rows (no CLIENT_FOUND_ROWS); the hash is new
    // every time, so an owner's row always changes.
    if (update.get_affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("owner ", id, " not found"));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<Owner> MysqlAccountStore::ConfirmEmail(const std::string& token_hash,
                                                      absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Owner> {
    std::tm at = ToDbTime(now);
    soci::transaction transaction(sql);
    long long id = 0;
    soci::indicator found = soci::i_null;
    sql << "SELECT id FROM owners WHERE confirm_token_hash = :hash "
           "AND confirm_token_expires_at > :now FOR UPDATE",
        soci::use(token_hash, "hash"), soci::use(at, "now"), soci::into(id, found);
    if (found != soci::i_ok) return absl::NotFoundError("unknown or expired confirmation link");
    sql << "UPDATE owners SET email_confirmed_at = COALESCE(email_confirmed_at, :now), "
           "confirm_token_hash = NULL, confirm_token_expires_at = NULL WHERE id = :id",
        soci::use(at, "now"), soci::use(id, "id");
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kOwnerColumns << " FROM owners WHERE id = :id",
         soci::use(id, "id"));
    std::optional<Owner> owner;
    for (const soci::row& row : rows) owner = ReadOwner(row);
    transaction.commit();
    if (!owner) return absl::NotFoundError("unknown or expired confirmation link");
    return *std::move(owner);
  });
}

absl::StatusOr<std::map<OwnerId, OwnerHold>> MysqlAccountStore::HeldOwners(
    const std::vector<OwnerId>& ids) {
  if (ids.empty()) return std::map<OwnerId, OwnerHold>{};
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::map<OwnerId, OwnerHold>> {
    std::vector<long long> bound(ids.begin(), ids.end());
    soci::statement select(sql);
    long long id = 0;
    int unconfirmed = 0;
    select.exchange(soci::into(id));
    select.exchange(soci::into(unconfirmed));
    const std::string list = BindEach(select, "id", bound);
    select.alloc();
    select.prepare(absl::StrCat(
        "SELECT id, email_confirmed_at IS NULL FROM owners WHERE (email_confirmed_at IS NULL "
        "OR deletion_due_at IS NOT NULL) AND id IN (",
        list, ")"));
    select.define_and_bind();
    std::map<OwnerId, OwnerHold> held;
    for (bool more = select.execute(true); more; more = select.fetch()) {
      held[id] = unconfirmed != 0 ? OwnerHold::kUnconfirmed : OwnerHold::kDeletionPending;
    }
    return held;
  });
}

absl::Status MysqlAccountStore::ScheduleDeletion(OwnerId id, absl::Time due_time) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long owner_id = id;
    std::tm due = ToDbTime(due_time);
    soci::transaction transaction(sql);
    int found = 0;
    sql << "SELECT COUNT(*) FROM owners WHERE id = :id FOR UPDATE", soci::use(owner_id, "id"),
        soci::into(found);
    if (found == 0) return absl::NotFoundError(absl::StrCat("owner ", id, " not found"));
    sql << "UPDATE owners SET deletion_due_at = :due WHERE id = :id", soci::use(due, "due"),
        soci::use(owner_id, "id");
    sql << "DELETE FROM owner_sessions WHERE owner_id = :id", soci::use(owner_id, "id");
    sql << "DELETE FROM owner_access_tokens WHERE owner_id = :id", soci::use(owner_id, "id");
    transaction.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<bool> MysqlAccountStore::CancelDeletion(OwnerId id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<bool> {
    long long owner_id = id;
    soci::transaction transaction(sql);
    // Locks the row: a sweep deleting this owner now is waited for, and then
    // there is nothing to cancel.
    soci::indicator due = soci::i_null;
    std::tm due_at{};
    int found = 0;
    sql << "SELECT 1, deletion_due_at FROM owners WHERE id = :id FOR UPDATE",
        soci::use(owner_id, "id"), soci::into(found), soci::into(due_at, due);
    if (found == 0) return absl::NotFoundError(absl::StrCat("owner ", id, " not found"));
    if (due != soci::i_ok) return false;
    sql << "UPDATE owners SET deletion_due_at = NULL WHERE id = :id", soci::use(owner_id, "id");
    transaction.commit();
    return true;
  });
}

absl::Status MysqlAccountStore::CreateSession(const OwnerSession& session) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long owner_id = session.owner_id;
    std::tm created = ToDbTime(session.create_time);
    std::tm expires = ToDbTime(session.expire_time);
    std::tm used = ToDbTime(session.last_use_time);
    soci::transaction transaction(sql);
    sql << "DELETE FROM owner_sessions WHERE owner_id = :owner AND expires_at < :now",
        soci::use(owner_id, "owner"), soci::use(created, "now");
    sql << "INSERT INTO owner_sessions (token_hash, owner_id, created_at, expires_at, "
           "last_used_at) VALUES (:hash, :owner, :created, :expires, :used)",
        soci::use(session.token_hash, "hash"), soci::use(owner_id, "owner"),
        soci::use(created, "created"), soci::use(expires, "expires"), soci::use(used, "used");
    transaction.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<OwnerSession>> MysqlAccountStore::FindSession(
    const std::string& token_hash) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<OwnerSession>> {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT owner_id, created_at, expires_at, last_used_at "
                        "FROM owner_sessions WHERE token_hash = :hash",
         soci::use(token_hash, "hash"));
    for (const soci::row& row : rows) {
      OwnerSession session;
      session.token_hash = token_hash;
      session.owner_id = row.get<long long>(0);
      session.create_time = FromDbTime(row.get<std::tm>(1));
      session.expire_time = FromDbTime(row.get<std::tm>(2));
      session.last_use_time = FromDbTime(row.get<std::tm>(3));
      return std::optional<OwnerSession>(session);
    }
    return std::optional<OwnerSession>();
  });
}

absl::Status MysqlAccountStore::TouchSession(const std::string& token_hash, absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    std::tm used = ToDbTime(now);
    sql << "UPDATE owner_sessions SET last_used_at = :used WHERE token_hash = :hash",
        soci::use(used, "used"), soci::use(token_hash, "hash");
    return absl::OkStatus();
  });
}

absl::Status MysqlAccountStore::DeleteSession(const std::string& token_hash) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    sql << "DELETE FROM owner_sessions WHERE token_hash = :hash", soci::use(token_hash, "hash");
    return absl::OkStatus();
  });
}

absl::StatusOr<AccessToken> MysqlAccountStore::CreateAccessToken(const AccessToken& token) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<AccessToken> {
    long long owner_id = token.owner_id;
    std::tm created = ToDbTime(token.create_time);
    std::tm expires = ToDbTime(token.expire_time);
    sql << "INSERT INTO owner_access_tokens (owner_id, name, token_hash, created_at, expires_at) "
           "VALUES (:owner, :name, :hash, :created, :expires)",
        soci::use(owner_id, "owner"), soci::use(token.name, "name"),
        soci::use(token.token_hash, "hash"), soci::use(created, "created"),
        soci::use(expires, "expires");
    long long id = 0;
    sql.get_last_insert_id("owner_access_tokens", id);
    AccessToken stored = token;
    stored.id = id;
    return stored;
  });
}

absl::StatusOr<std::optional<AccessToken>> MysqlAccountStore::FindAccessToken(
    const std::string& token_hash) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<AccessToken>> {
    soci::rowset<soci::row> rows = (sql.prepare << "SELECT " << kAccessTokenColumns
                                                << " FROM owner_access_tokens "
                                                   "WHERE token_hash = :hash",
                                    soci::use(token_hash, "hash"));
    for (const soci::row& row : rows) return std::optional<AccessToken>(ReadAccessToken(row));
    return std::optional<AccessToken>();
  });
}

absl::StatusOr<std::vector<AccessToken>> MysqlAccountStore::ListAccessTokens(OwnerId owner_id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::vector<AccessToken>> {
    long long owner = owner_id;
    soci::rowset<soci::row> rows = (sql.prepare << "SELECT " << kAccessTokenColumns
                                                << " FROM owner_access_tokens "
                                                   "WHERE owner_id = :owner ORDER BY id",
                                    soci::use(owner, "owner"));
    std::vector<AccessToken> tokens;
    for (const soci::row& row : rows) tokens.push_back(ReadAccessToken(row));
    return tokens;
  });
}

absl::Status MysqlAccountStore::TouchAccessToken(AccessTokenId id, absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long token_id = id;
    std::tm used = ToDbTime(now);
    sql << "UPDATE owner_access_tokens SET last_used_at = :used WHERE id = :id",
        soci::use(used, "used"), soci::use(token_id, "id");
    return absl::OkStatus();
  });
}

absl::Status MysqlAccountStore::DeleteAccessToken(OwnerId owner_id, AccessTokenId id) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long owner = owner_id;
    long long token_id = id;
    soci::statement remove =
        (sql.prepare << "DELETE FROM owner_access_tokens WHERE id = :id AND owner_id = :owner",
         soci::use(token_id, "id"), soci::use(owner, "owner"));
    remove.execute(true);
    if (remove.get_affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("access token ", id, " not found"));
    }
    return absl::OkStatus();
  });
}

absl::Status MysqlAccountStore::RecordAttempt(AttemptKind kind, const std::string& email,
                                              const std::string& address, absl::Time time,
                                              absl::Time forget_before) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    const std::string kind_name = AttemptKindName(kind);
    std::tm at = ToDbTime(time);
    std::tm cutoff = ToDbTime(forget_before);
    // A bounded delete per attempt keeps the table small without a sweeper.
    sql << "DELETE FROM auth_attempts WHERE at < :cutoff LIMIT 100", soci::use(cutoff, "cutoff");
    sql << "INSERT INTO auth_attempts (kind, email, address, at) "
           "VALUES (:kind, :email, :address, :at)",
        soci::use(kind_name, "kind"), soci::use(email, "email"), soci::use(address, "address"),
        soci::use(at, "at");
    return absl::OkStatus();
  });
}

absl::StatusOr<AttemptCount> MysqlAccountStore::CountAttempts(AttemptKind kind,
                                                              const AttemptScope& scope,
                                                              absl::Time since) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<AttemptCount> {
    const std::string kind_name = AttemptKindName(kind);
    std::tm from = ToDbTime(since);
    long long count = 0;
    std::tm oldest{};
    soci::indicator oldest_indicator = soci::i_null;
    // An empty field matches any.
    sql << "SELECT COUNT(*), MIN(at) FROM auth_attempts WHERE kind = :kind AND at >= :since "
           "AND (:email = '' OR email = :email) AND (:address = '' OR address = :address)",
        soci::use(kind_name, "kind"), soci::use(from, "since"), soci::use(scope.email, "email"),
        soci::use(scope.address, "address"), soci::into(count),
        soci::into(oldest, oldest_indicator);
    AttemptCount result;
    result.count = static_cast<int>(count);
    if (oldest_indicator == soci::i_ok) result.oldest = FromDbTime(oldest);
    return result;
  });
}

absl::Status MysqlAccountStore::ClearAttempts(AttemptKind kind, const std::string& email) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    const std::string kind_name = AttemptKindName(kind);
    sql << "DELETE FROM auth_attempts WHERE kind = :kind AND email = :email",
        soci::use(kind_name, "kind"), soci::use(email, "email");
    return absl::OkStatus();
  });
}

}  // namespace opinus::server
