// MysqlPrivacyStore::DeleteDueOwner: an owner's account and shops, deleted
// once the grace of the owner's request ended.
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/storage/mysql/mysql_privacy_store.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

// kShopRows deletes what hangs on the shop `:shop`, children before their
// parents (the foreign keys), the shop's row last. Global suppressions
// (shop 0) are no shop's and stay.
constexpr const char* kShopRows[] = {
    "DELETE r FROM opinion_revisions r JOIN opinions o ON o.id = r.opinion_id "
    "WHERE o.shop_id = :shop",
    "DELETE FROM opinions WHERE shop_id = :shop",
    "DELETE FROM shop_rating_summaries WHERE shop_id = :shop",
    "DELETE t FROM invitation_tokens t JOIN invitations i ON i.id = t.invitation_id "
    "WHERE i.shop_id = :shop",
    "DELETE t FROM invitation_transitions t JOIN invitations i ON i.id = t.invitation_id "
    "WHERE i.shop_id = :shop",
    "DELETE FROM invitations WHERE shop_id = :shop",
    "DELETE FROM order_events WHERE shop_id = :shop",
    "DELETE FROM orders WHERE shop_id = :shop",
    "DELETE FROM suppressions WHERE shop_id = :shop",
    "DELETE FROM mail_feedback WHERE shop_id = :shop",
    "DELETE c FROM appstore_callbacks c JOIN app_installations a ON a.id = c.installation_id "
    "WHERE a.shop_id = :shop",
    "DELETE FROM app_installations WHERE shop_id = :shop",
    "DELETE FROM shops WHERE id = :shop",
};

int CountOf(soci::session& sql, const char* table, long long shop) {
  long long count = 0;
  sql << "SELECT COUNT(*) FROM " << table << " WHERE shop_id = :shop", soci::use(shop, "shop"),
      soci::into(count);
  return static_cast<int>(count);
}

}  // namespace

absl::StatusOr<std::optional<DeletedAccount>> MysqlPrivacyStore::DeleteDueOwner(absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<DeletedAccount>> {
    // Without gap locks, as the retention sweep: only the owner's rows are held.
    ReadCommittedNext(sql);
    soci::transaction transaction(sql);
    std::tm at = ToDbTime(now);
    long long owner = 0;
    std::string email;
    soci::indicator found = soci::i_null;
    // SKIP LOCKED: cores sweeping at once take different owners; an owner
    // logging in at this moment (CancelDeletion) is left for a later sweep,
    // which finds the deletion undone.
    sql << "SELECT id, email FROM owners WHERE deletion_due_at <= :now "
           "ORDER BY deletion_due_at LIMIT 1 FOR UPDATE SKIP LOCKED",
        soci::use(at, "now"), soci::into(owner, found), soci::into(email);
    if (found != soci::i_ok) return std::optional<DeletedAccount>();
    std::vector<long long> shops;
    {
      soci::rowset<long long> rows =
          (sql.prepare << "SELECT id FROM shops WHERE owner_id = :owner ORDER BY id FOR UPDATE",
           soci::use(owner, "owner"));
      for (long long shop : rows) shops.push_back(shop);
    }
    DeletedAccount deleted;
    deleted.delete_time = now;
    deleted.shops = static_cast<int>(shops.size());
    for (long long shop : shops) {
      // The shop's invitations are locked before anything hanging on them
      // is deleted: a dispatcher claiming one or giving it back (it does not
      // lock the shop) would otherwise add a transition between the
      // deletes, and the invitation's delete would fail on it.
      long long invitations = 0;
      sql << "SELECT COUNT(*) FROM invitations WHERE shop_id = :shop FOR UPDATE",
          soci::use(shop, "shop"), soci::into(invitations);
      deleted.invitations += static_cast<int>(invitations);
      deleted.opinions += CountOf(sql, "opinions", shop);
      for (const char* statement : kShopRows) sql << statement, soci::use(shop, "shop");
    }
    sql << "DELETE FROM owner_sessions WHERE owner_id = :owner", soci::use(owner, "owner");
    sql << "DELETE FROM owner_access_tokens WHERE owner_id = :owner", soci::use(owner, "owner");
    // By (kind, email): auth_attempts_email leads with the kind.
    sql << "DELETE FROM auth_attempts WHERE kind IN ('failed_log_in', 'sign_up', "
           "'confirm_mail') AND email = :email",
        soci::use(email, "email");
    sql << "DELETE FROM owners WHERE id = :owner", soci::use(owner, "owner");
    sql << "INSERT INTO deleted_accounts (deleted_on, shops, invitations, opinions) "
           "VALUES (DATE(:now), :shops, :invitations, :opinions)",
        soci::use(at, "now"), soci::use(deleted.shops, "shops"),
        soci::use(deleted.invitations, "invitations"), soci::use(deleted.opinions, "opinions");
    long long id = 0;
    sql << "SELECT LAST_INSERT_ID()", soci::into(id);
    deleted.id = id;
    transaction.commit();
    return std::optional<DeletedAccount>(deleted);
  });
}

}  // namespace opinus::server
