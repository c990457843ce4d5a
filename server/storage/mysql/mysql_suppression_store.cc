#include "server/storage/mysql/mysql_suppression_store.h"

#include <climits>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/domain/paging.h"
#include "server/domain/validation.h"
#include "server/storage/mysql/guarded_transition.h"
#include "server/storage/mysql/placeholders.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

// FindInScopes returns the suppression of `email_hash` in scope `shop_id` or,
// when `or_global`, in the list for all shops; the shop's own first.
std::optional<Suppression> FindInScopes(soci::session& sql, ShopId shop_id,
                                        const std::string& email_hash, bool or_global) {
  long long shop = shop_id;
  long long global = or_global ? Suppression::kAllShops : shop_id;
  // The unique (email_hash, shop_id) index answers this with at most two rows.
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kSuppressionColumns
                   << " FROM suppressions WHERE email_hash = :hash AND shop_id IN (:shop, :global) "
                      "ORDER BY shop_id DESC LIMIT 1",
       soci::use(email_hash, "hash"), soci::use(shop, "shop"), soci::use(global, "global"));
  for (const soci::row& row : rows) return ReadSuppression(row);
  return std::nullopt;
}

// Insert stores `suppression` unless its scope already holds the address,
// and returns what the scope holds afterwards.
}  // namespace

Suppression InsertSuppression(soci::session& sql, const Suppression& suppression) {
  long long shop = suppression.shop_id;
  std::tm created = ToDbTime(suppression.create_time);
  const std::string reason = TruncateUtf8(suppression.reason, 500);
  const std::string source = TruncateUtf8(suppression.source, 32);
  sql << "INSERT IGNORE INTO suppressions (shop_id, email_hash, created_at, source, reason) "
         "VALUES (:shop, :hash, :created, :source, :reason)",
      soci::use(shop, "shop"), soci::use(suppression.email_hash, "hash"),
      soci::use(created, "created"), soci::use(source, "source"), soci::use(reason, "reason");
  return *FindInScopes(sql, suppression.shop_id, suppression.email_hash, false);
}

absl::StatusOr<std::optional<Suppression>> MysqlSuppressionStore::FindSuppression(
    ShopId shop_id, const std::string& email_hash) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<Suppression>> {
    return FindInScopes(sql, shop_id, email_hash, true);
  });
}

absl::StatusOr<std::vector<std::optional<Suppression>>> MysqlSuppressionStore::FindSuppressions(
    const std::vector<std::pair<ShopId, std::string>>& addresses) {
  std::vector<std::optional<Suppression>> found(addresses.size());
  if (addresses.empty()) return found;
  return pool_->Run(
      [&](soci::session& sql) -> absl::StatusOr<std::vector<std::optional<Suppression>>> {
        std::vector<std::string> hashes;
        hashes.reserve(addresses.size());
        for (const auto& address : addresses) hashes.push_back(address.second);
        soci::statement select(sql);
        soci::row row;
        select.exchange(soci::into(row));
        const std::string list = BindEach(select, "hash", hashes);
        select.alloc();
        // Every list that holds any of the addresses: few rows, by the unique
        // (email_hash, shop_id) index; each address then takes its shop's or the global one.
        select.prepare(absl::StrCat("SELECT ", kSuppressionColumns,
                                    " FROM suppressions WHERE email_hash IN (", list, ")"));
        select.define_and_bind();
        std::map<std::pair<ShopId, std::string>, Suppression> lists;
        for (bool more = select.execute(true); more; more = select.fetch()) {
          Suppression suppression = ReadSuppression(row);
          lists.emplace(std::make_pair(suppression.shop_id, suppression.email_hash),
                        std::move(suppression));
        }
        for (size_t i = 0; i < addresses.size(); ++i) {
          const auto& [shop_id, email_hash] = addresses[i];
          auto own = lists.find({shop_id, email_hash});
          auto global = lists.find({Suppression::kAllShops, email_hash});
          if (own != lists.end()) {
            found[i] = own->second;
          } else if (global != lists.end()) {
            found[i] = global->second;
          }
        }
        return found;
      });
}

absl::StatusOr<Suppression> MysqlSuppressionStore::AddSuppression(const Suppression& suppression) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Suppression> {
    soci::transaction transaction(sql);
    Suppression stored = InsertSuppression(sql, suppression);
    transaction.commit();
    return stored;
  });
}

absl::Status MysqlSuppressionStore::RemoveSuppression(ShopId shop_id,
                                                      const std::string& email_hash) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long shop = shop_id;
    soci::statement remove =
        (sql.prepare << "DELETE FROM suppressions WHERE email_hash = :hash AND shop_id = :shop",
         soci::use(email_hash, "hash"), soci::use(shop, "shop"));
    remove.execute(true);
    if (remove.get_affected_rows() == 0) {
      return absl::NotFoundError("the address is not on that suppression list");
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<Page<Suppression>> MysqlSuppressionStore::ListSuppressions(ShopId shop_id,
                                                                          const PageRequest& page) {
  absl::StatusOr<int64_t> before = ParsePageToken(page.token);
  if (!before.ok()) return before.status();
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Page<Suppression>> {
    long long shop = shop_id;
    long long before_id = *before == 0 ? LLONG_MAX : *before;
    int limit = page.size + 1;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kSuppressionColumns
                     << " FROM suppressions WHERE shop_id = :shop AND id < :before "
                        "ORDER BY id DESC LIMIT :limit",
         soci::use(shop, "shop"), soci::use(before_id, "before"), soci::use(limit, "limit"));
    std::vector<Suppression> items;
    for (const soci::row& row : rows) items.push_back(ReadSuppression(row));
    return PageFrom(std::move(items), page.size);
  });
}

absl::StatusOr<Invitation> MysqlSuppressionStore::Unsubscribe(InvitationId id,
                                                              const Suppression& suppression,
                                                              const InvitationReason& reason,
                                                              absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Invitation> {
    soci::transaction transaction(sql);
    OPINUS_ASSIGN_OR_RETURN(const LockedInvitation locked, LockInvitation(sql, id));
    InsertSuppression(sql, suppression);
    Invitation invitation = locked.invitation;
    // Once the invitation was suppressed, reviewed or cancelled there is
    // nothing left to stop: the suppression alone stands.
    if (CheckTransition(invitation, InvitationEvent::kUnsubscribe).ok()) {
      OPINUS_ASSIGN_OR_RETURN(
          invitation, ApplyTransition(sql, locked, InvitationEvent::kUnsubscribe, reason, now));
    }
    transaction.commit();
    return invitation;
  });
}

}  // namespace opinus::server
