#include "server/storage/mysql/mysql_backfill_store.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/domain/validation.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

constexpr char kBackfillColumns[] =
    "id, shop_id, days, since_local, status_ids, state, next_page, pages, expected, "
    "scheduled_count, duplicate_count, other_count, attempts, last_error, created_at, "
    "updated_at, next_attempt_at";

OrderBackfill ReadBackfill(const soci::row& row) {
  OrderBackfill backfill;
  backfill.id = row.get<long long>(0);
  backfill.shop_id = row.get<long long>(1);
  backfill.days = row.get<int>(2);
  backfill.query.since_local = row.get<std::string>(3);
  backfill.query.status_ids = SplitStatusIds(row.get<std::string>(4));
  backfill.state = BackfillStateFromName(row.get<std::string>(5));
  backfill.next_page = row.get<int>(6);
  backfill.pages = row.get<int>(7);
  backfill.expected = row.get<long long>(8);
  backfill.scheduled = row.get<long long>(9);
  backfill.duplicates = row.get<long long>(10);
  backfill.other = row.get<long long>(11);
  backfill.attempts = row.get<int>(12);
  backfill.error = row.get<std::string>(13);
  backfill.create_time = FromDbTime(row.get<std::tm>(14));
  backfill.update_time = FromDbTime(row.get<std::tm>(15));
  backfill.next_attempt_time = FromDbTime(row.get<std::tm>(16));
  return backfill;
}

}  // namespace

absl::StatusOr<std::optional<ShopApiAccess>> MysqlBackfillStore::FindShopAccess(ShopId shop_id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<ShopApiAccess>> {
    long long id = shop_id;
    std::optional<ShopApiAccess> access;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT shop_url, access_token, id, refresh_token FROM app_installations "
                        "WHERE shop_id = :shop AND installed = 1 AND connect_state = 'connected' "
                        "AND access_token IS NOT NULL ORDER BY updated_at DESC LIMIT 1",
         soci::use(id, "shop"));
    for (const soci::row& row : rows) {
      access =
          ShopApiAccess{row.get<std::string>(0), row.get<std::string>(1), row.get<long long>(2),
                        row.get_indicator(3) == soci::i_ok ? row.get<std::string>(3) : ""};
    }
    return access;
  });
}

absl::StatusOr<OrderBackfill> MysqlBackfillStore::StartBackfill(OrderBackfill backfill) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<OrderBackfill> {
    soci::transaction transaction(sql);
    long long shop = backfill.shop_id;
    long long running = backfill.shop_id;
    const std::string state = BackfillStateName(backfill.state);
    const std::string ids = JoinStatusIds(backfill.query.status_ids);
    long long expected = backfill.expected;
    std::tm created = ToDbTime(backfill.create_time);
    std::tm updated = ToDbTime(backfill.update_time);
    std::tm due = ToDbTime(backfill.next_attempt_time);
    // The unique running_shop_id refuses a second running backfill of the
    // shop (ALREADY_EXISTS), whichever core inserts it.
    sql << "INSERT INTO order_backfills (shop_id, running_shop_id, days, since_local, "
           "status_ids, state, next_page, pages, expected, scheduled_count, duplicate_count, "
           "other_count, attempts, last_error, created_at, updated_at, next_attempt_at) VALUES "
           "(:shop, :running, :days, :since, :ids, :state, 1, 0, :expected, 0, 0, 0, 0, '', "
           ":created, :updated, :due)",
        soci::use(shop, "shop"), soci::use(running, "running"), soci::use(backfill.days, "days"),
        soci::use(backfill.query.since_local, "since"), soci::use(ids, "ids"),
        soci::use(state, "state"), soci::use(expected, "expected"), soci::use(created, "created"),
        soci::use(updated, "updated"), soci::use(due, "due");
    long long id = 0;
    sql << "SELECT LAST_INSERT_ID()", soci::into(id);
    transaction.commit();
    OrderBackfill stored = backfill;
    stored.id = id;
    return stored;
  });
}

absl::StatusOr<std::optional<OrderBackfill>> MysqlBackfillStore::ClaimBackfill(
    absl::Time now, absl::Time lease_until) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<OrderBackfill>> {
    soci::transaction transaction(sql);
    std::tm at = ToDbTime(now);
    std::optional<OrderBackfill> claimed;
    {
      // SKIP LOCKED: another core's claim is passed over, not waited for.
      soci::rowset<soci::row> rows =
          (sql.prepare << "SELECT " << kBackfillColumns
                       << " FROM order_backfills WHERE state = 'running' AND next_attempt_at "
                          "<= :now ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED",
           soci::use(at, "now"));
      for (const soci::row& row : rows) claimed = ReadBackfill(row);
    }
    if (!claimed) return claimed;
    std::tm lease = ToDbTime(lease_until);
    long long id = claimed->id;
    sql << "UPDATE order_backfills SET next_attempt_at = :lease WHERE id = :id",
        soci::use(lease, "lease"), soci::use(id, "id");
    transaction.commit();
    claimed->next_attempt_time = lease_until;
    return claimed;
  });
}

absl::Status MysqlBackfillStore::SaveBackfill(const OrderBackfill& backfill) {
  return pool_->Run([&](soci::session& sql) -> absl::Status {
    long long id = backfill.id;
    long long shop = backfill.shop_id;
    const bool running = backfill.state == BackfillState::kRunning;
    soci::indicator running_indicator = running ? soci::i_ok : soci::i_null;
    const std::string state = BackfillStateName(backfill.state);
    long long scheduled = backfill.scheduled;
    long long duplicates = backfill.duplicates;
    long long other = backfill.other;
    const std::string error = TruncateUtf8(backfill.error, 500);
    std::tm updated = ToDbTime(backfill.update_time);
    std::tm due = ToDbTime(backfill.next_attempt_time);
    soci::statement update =
        (sql.prepare << "UPDATE order_backfills SET running_shop_id = :running, state = :state, "
                        "next_page = :next_page, pages = :pages, scheduled_count = :scheduled, "
                        "duplicate_count = :duplicates, other_count = :other, attempts = "
                        ":attempts, last_error = :error, updated_at = :updated, next_attempt_at "
                        "= :due WHERE id = :id",
         soci::use(shop, running_indicator, "running"), soci::use(state, "state"),
         soci::use(backfill.next_page, "next_page"), soci::use(backfill.pages, "pages"),
         soci::use(scheduled, "scheduled"), soci::use(duplicates, "duplicates"),
         soci::use(other, "other"), soci::use(backfill.attempts, "attempts"),
         soci::use(error, "error"), soci::use(updated, "updated"), soci::use(due, "due"),
         soci::use(id, "id"));
    update.execute(true);
    // Unchanged rows count as not affected; the id is checked apart.
    int found = 0;
    sql << "SELECT COUNT(*) FROM order_backfills WHERE id = :id", soci::use(id, "id"),
        soci::into(found);
    if (found == 0) return absl::NotFoundError(absl::StrCat("no backfill ", backfill.id));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<OrderBackfill>> MysqlBackfillStore::LatestBackfill(ShopId shop_id) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<OrderBackfill>> {
    long long shop = shop_id;
    std::optional<OrderBackfill> latest;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kBackfillColumns
                     << " FROM order_backfills WHERE shop_id = :shop ORDER BY id DESC LIMIT 1",
         soci::use(shop, "shop"));
    for (const soci::row& row : rows) latest = ReadBackfill(row);
    return latest;
  });
}

}  // namespace opinus::server
