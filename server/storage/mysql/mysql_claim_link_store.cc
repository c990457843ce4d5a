#include "server/storage/mysql/mysql_claim_link_store.h"

#include "common/secrets.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

// The link's columns, then its shop's, then its installation's shop URL.
constexpr char kLinkSelect[] =
    "SELECT l.token_hash, l.shop_id, l.expires_at, l.used_at, s.name, s.owner_id, i.shop_url "
    "FROM app_claim_links l JOIN app_installations i ON i.id = l.installation_id "
    "LEFT JOIN shops s ON s.id = l.shop_id WHERE l.token_hash = :hash";

// LinkRow is a link as read, with what decides its state.
struct LinkRow {
  ClaimLinkView view;
  std::optional<absl::Time> use_time;
  long long owner_id = 0;
};

// ReadLink returns the link with `token_hash` (FOR UPDATE when `lock`);
// NOT_FOUND when none has it.
absl::StatusOr<LinkRow> ReadLink(soci::session& sql, const std::string& token_hash, bool lock) {
  std::optional<LinkRow> found;
  soci::rowset<soci::row> rows =
      (sql.prepare << kLinkSelect << (lock ? " FOR UPDATE" : ""), soci::use(token_hash, "hash"));
  for (const soci::row& row : rows) {
    // Found by an index on the hash; compared again in constant time, so
    // that no answer depends on how much of it matched.
    if (!ConstantTimeEquals(row.get<std::string>(0), token_hash)) continue;
    LinkRow link;
    link.view.shop_id = row.get<long long>(1);
    link.view.expire_time = FromDbTime(row.get<std::tm>(2));
    if (row.get_indicator(3) == soci::i_ok) link.use_time = FromDbTime(row.get<std::tm>(3));
    if (row.get_indicator(4) == soci::i_ok) link.view.shop_name = row.get<std::string>(4);
    if (row.get_indicator(5) == soci::i_ok) link.owner_id = row.get<long long>(5);
    link.view.shop_url = row.get<std::string>(6);
    found = std::move(link);
  }
  if (!found) return absl::NotFoundError("claim link: unknown");
  return *found;
}

}  // namespace

absl::StatusOr<std::optional<InstallationView>> MysqlClaimLinkStore::FindInstallation(
    const std::string& licence) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<InstallationView>> {
    std::optional<InstallationView> found;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT i.id, i.licence, i.shop_url, i.installed, i.connect_state, "
                        "i.connect_error, i.shop_id, s.name, s.owner_id FROM app_installations i "
                        "LEFT JOIN shops s ON s.id = i.shop_id WHERE i.licence = :licence AND "
                        "i.callbacks > 0",
         soci::use(licence, "licence"));
    for (const soci::row& row : rows) {
      InstallationView view;
      view.installation.id = row.get<long long>(0);
      view.installation.licence = row.get<std::string>(1);
      view.installation.shop_url = row.get<std::string>(2);
      view.installation.installed = row.get<int>(3) != 0;
      view.installation.connection =
          ShopConnectionFromName(row.get<std::string>(4)).value_or(ShopConnection::kNone);
      view.installation.connect_error = row.get<std::string>(5);
      // A shop deleted since (its owner's account was) counts as none.
      if (row.get_indicator(7) == soci::i_ok) {
        view.installation.shop_id = row.get<long long>(6);
        view.shop_name = row.get<std::string>(7);
        if (row.get_indicator(8) == soci::i_ok) view.owner_id = row.get<long long>(8);
      }
      found = std::move(view);
    }
    return found;
  });
}

absl::Status MysqlClaimLinkStore::SaveClaimLink(int64_t installation_id, ShopId shop_id,
                                                const std::string& token_hash, absl::Time now,
                                                absl::Time expire_time) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long installation = installation_id;
    long long shop = shop_id;
    std::tm created = ToDbTime(now);
    std::tm expires = ToDbTime(expire_time);
    sql << "INSERT INTO app_claim_links (installation_id, shop_id, token_hash, created_at, "
           "expires_at, used_at, used_by_owner_id) VALUES (:installation, :shop, :hash, "
           ":created, :expires, NULL, NULL) ON DUPLICATE KEY UPDATE shop_id = VALUES(shop_id), "
           "token_hash = VALUES(token_hash), created_at = VALUES(created_at), "
           "expires_at = VALUES(expires_at), used_at = NULL, used_by_owner_id = NULL",
        soci::use(installation, "installation"), soci::use(shop, "shop"),
        soci::use(token_hash, "hash"), soci::use(created, "created"), soci::use(expires, "expires");
    return absl::OkStatus();
  });
}

absl::StatusOr<ClaimLinkView> MysqlClaimLinkStore::FindClaimLink(const std::string& token_hash,
                                                                 absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<ClaimLinkView> {
    absl::StatusOr<LinkRow> link = ReadLink(sql, token_hash, false);
    if (!link.ok()) return link.status();
    link->view.state =
        ClaimLinkStateAt(link->use_time, link->owner_id, link->view.expire_time, now);
    return link->view;
  });
}

absl::StatusOr<ClaimLinkView> MysqlClaimLinkStore::ClaimShop(const std::string& token_hash,
                                                             const Owner& owner, absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<ClaimLinkView> {
    soci::transaction transaction(sql);
    // The link's row lock orders claims of one link: the second finds it
    // used. The shop's row is locked with it (the join), so an owner given
    // otherwise meanwhile is seen.
    absl::StatusOr<LinkRow> link = ReadLink(sql, token_hash, true);
    if (!link.ok()) return link.status();
    if (absl::Status refused = ClaimRefusal(
            ClaimLinkStateAt(link->use_time, link->owner_id, link->view.expire_time, now));
        !refused.ok()) {
      return refused;
    }
    if (link->view.shop_name.empty()) return absl::NotFoundError("claim link: its shop is gone");
    long long shop = link->view.shop_id;
    long long owner_id = owner.id;
    std::tm at = ToDbTime(now);
    sql << "UPDATE shops SET owner_id = :owner, owner_email = :email, updated_at = :now "
           "WHERE id = :shop",
        soci::use(owner_id, "owner"), soci::use(owner.email, "email"), soci::use(at, "now"),
        soci::use(shop, "shop");
    sql << "UPDATE app_claim_links SET used_at = :now, used_by_owner_id = :owner "
           "WHERE token_hash = :hash",
        soci::use(at, "now"), soci::use(owner_id, "owner"), soci::use(token_hash, "hash");
    transaction.commit();
    link->view.state = ClaimLinkState::kUsed;
    return link->view;
  });
}

}  // namespace opinus::server
