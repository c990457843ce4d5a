#include "server/storage/mysql/mysql_shop_store.h"

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/paging.h"
#include "server/domain/scheduling.h"
#include "server/storage/mysql/placeholders.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

const std::string& SelectShopById() {
  static const std::string* sql =
      new std::string(absl::StrCat("SELECT ", kShopColumns, " FROM shops WHERE id = :value"));
  return *sql;
}

// Two lookups, each by an index of its own, rather than one OR.
const std::string& SelectShopByKey() {
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT ", kShopColumns, " FROM shops WHERE webhook_key = :key UNION ALL SELECT ",
      kShopColumns, " FROM shops WHERE previous_webhook_key = :previous LIMIT 1"));
  return *sql;
}

const std::string& SelectShopBySlug() {
  static const std::string* sql =
      new std::string(absl::StrCat("SELECT ", kShopColumns, " FROM shops WHERE slug = :slug"));
  return *sql;
}

// SelectShop runs `select` (of kShopColumns), whose placeholders `bind`
// exchanges (soci::statement::exchange), and returns the first shop, or
// nullopt.
template <typename Bind>
std::optional<Shop> SelectShop(soci::session& sql, const std::string& select, Bind bind) {
  ShopFields fields;
  soci::statement statement(sql);
  bind(statement);
  fields.Into(statement);
  statement.alloc();
  statement.prepare(select);
  statement.define_and_bind();
  if (!statement.execute(true)) return std::nullopt;
  return fields.ToShop();
}

// LoadShop returns the shop with `id`; NOT_FOUND when there is none.
absl::StatusOr<Shop> LoadShop(soci::session& sql, ShopId id) {
  const long long shop_id = id;
  std::optional<Shop> shop = SelectShop(sql, SelectShopById(), [&](soci::statement& statement) {
    statement.exchange(soci::use(shop_id, "value"));
  });
  if (!shop) return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
  return *std::move(shop);
}

// UpdateAndLoad sets `assignments` (which may use :now) and updated_at on
// shop `id` and returns the shop as stored; NOT_FOUND when there is none.
absl::StatusOr<Shop> UpdateAndLoad(SessionPool& pool, ShopId id, absl::Time now,
                                   absl::string_view assignments) {
  return pool.Run([&](soci::session& sql) -> absl::StatusOr<Shop> {
    long long shop_id = id;
    std::tm at = ToDbTime(now);
    soci::transaction transaction(sql);
    sql << absl::StrCat("UPDATE shops SET ", assignments, ", updated_at = :now WHERE id = :id"),
        soci::use(at, "now"), soci::use(shop_id, "id");
    // Not the affected rows: an update that changes nothing (a shop without
    // a previous key, within the same second) affects none.
    absl::StatusOr<Shop> stored = LoadShop(sql, id);
    transaction.commit();
    return stored;
  });
}

}  // namespace

absl::StatusOr<Shop> MysqlShopStore::CreateShop(const Shop& shop) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Shop> {
    std::tm created = ToDbTime(shop.create_time);
    int delay = shop.settings.invitation_delay_days;
    int trigger_type = static_cast<int>(shop.settings.trigger.status_type);
    std::string trigger_ids = JoinStatusIds(shop.settings.trigger.status_ids);
    int trigger_parcel = shop.settings.trigger.parcel_dispatch ? 1 : 0;
    int sending = shop.settings.sending_enabled ? 1 : 0;
    int hour_start = shop.settings.sending_hours.start_hour;
    int hour_end = shop.settings.sending_hours.end_hour;
    int reminder_days = shop.settings.reminder_days;
    long long owner_id = shop.owner_id;
    soci::indicator owner_indicator = shop.owner_id != 0 ? soci::i_ok : soci::i_null;
    std::tm approved = ToDbTime(shop.approve_time.value_or(absl::UnixEpoch()));
    soci::indicator approved_indicator = shop.approve_time ? soci::i_ok : soci::i_null;
    soci::transaction transaction(sql);
    sql << "INSERT INTO shops (name, domain, owner_email, webhook_key, invitation_delay_days, "
           "trigger_status_type, trigger_status_ids, time_zone, sending_enabled, created_at, "
           "updated_at, sender_name, language, sending_hour_start, sending_hour_end, "
           "webhook_secret, reminder_days, owner_id, approved_at, trigger_parcel_dispatch) VALUES "
           "(:name, :domain, :email, :key, :delay, :type, :ids, :zone, :sending, :created, "
           ":created, :sender, :language, :hour_start, :hour_end, :secret, :reminder_days, "
           ":owner_id, :approved, :parcel)",
        soci::use(shop.name, "name"), soci::use(shop.domain, "domain"),
        soci::use(shop.owner_email, "email"), soci::use(shop.webhook_key, "key"),
        soci::use(delay, "delay"), soci::use(trigger_type, "type"), soci::use(trigger_ids, "ids"),
        soci::use(shop.settings.time_zone, "zone"), soci::use(sending, "sending"),
        soci::use(created, "created"), soci::use(shop.settings.sender_name, "sender"),
        soci::use(shop.settings.language, "language"), soci::use(hour_start, "hour_start"),
        soci::use(hour_end, "hour_end"), soci::use(shop.settings.webhook_secret, "secret"),
        soci::use(reminder_days, "reminder_days"), soci::use(owner_id, owner_indicator, "owner_id"),
        soci::use(approved, approved_indicator, "approved"), soci::use(trigger_parcel, "parcel");
    long long id = 0;
    sql.get_last_insert_id("shops", id);
    absl::StatusOr<Shop> stored = LoadShop(sql, id);
    transaction.commit();
    return stored;
  });
}

absl::StatusOr<Shop> MysqlShopStore::GetShop(ShopId id) {
  return pool_->Run([&](soci::session& sql) { return LoadShop(sql, id); });
}

absl::StatusOr<std::vector<Shop>> MysqlShopStore::GetShops(const std::vector<ShopId>& ids) {
  if (ids.empty()) return std::vector<Shop>{};
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::vector<Shop>> {
    std::vector<long long> bound(ids.begin(), ids.end());
    soci::statement select(sql);
    soci::row row;
    select.exchange(soci::into(row));
    const std::string list = BindEach(select, "id", bound);
    select.alloc();
    select.prepare(absl::StrCat("SELECT ", kShopColumns, " FROM shops WHERE id IN (", list, ")"));
    select.define_and_bind();
    std::vector<Shop> shops;
    for (bool more = select.execute(true); more; more = select.fetch()) {
      shops.push_back(ReadShop(row));
    }
    return shops;
  });
}

absl::StatusOr<std::optional<Shop>> MysqlShopStore::FindShopByKey(const std::string& key) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<Shop>> {
    return SelectShop(sql, SelectShopByKey(), [&](soci::statement& statement) {
      statement.exchange(soci::use(key, "key"));
      statement.exchange(soci::use(key, "previous"));
    });
  });
}

absl::StatusOr<std::optional<Shop>> MysqlShopStore::FindShopBySlug(const std::string& slug) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::optional<Shop>> {
    return SelectShop(sql, SelectShopBySlug(), [&](soci::statement& statement) {
      statement.exchange(soci::use(slug, "slug"));
    });
  });
}

absl::StatusOr<Shop> MysqlShopStore::SetShopSlug(ShopId id, const std::string& slug) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Shop> {
    long long shop_id = id;
    soci::transaction transaction(sql);
    // A slug once given stays: only a shop without one takes it. Another
    // shop's slug fails on the unique key (ALREADY_EXISTS).
    sql << "UPDATE shops SET slug = :slug WHERE id = :id AND slug IS NULL", soci::use(slug, "slug"),
        soci::use(shop_id, "id");
    absl::StatusOr<Shop> stored = LoadShop(sql, id);
    transaction.commit();
    return stored;
  });
}

absl::StatusOr<Page<Shop>> MysqlShopStore::ListShops(std::optional<OwnerId> owner_id,
                                                     const PageRequest& page) {
  absl::StatusOr<int64_t> after = ParsePageToken(page.token);
  if (!after.ok()) return after.status();
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Page<Shop>> {
    long long after_id = *after;
    int limit = page.size + 1;
    long long owner = owner_id.value_or(0);
    const std::string select =
        absl::StrCat("SELECT ", kShopColumns, " FROM shops WHERE id > :after",
                     owner_id ? " AND owner_id = :owner" : "", " ORDER BY id LIMIT :limit");
    std::vector<Shop> items = FetchRows<Shop>(
        sql, select,
        [&](soci::statement& statement) {
          statement.exchange(soci::use(after_id, "after"));
          if (owner_id) statement.exchange(soci::use(owner, "owner"));
          statement.exchange(soci::use(limit, "limit"));
        },
        ReadShop);
    return PageFrom(std::move(items), page.size);
  });
}

absl::StatusOr<Shop> MysqlShopStore::SetWebhookKey(ShopId id, const std::string& key,
                                                   std::optional<absl::Time> keep_previous_until,
                                                   absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Shop> {
    long long shop_id = id;
    std::tm updated = ToDbTime(now);
    int keep = keep_previous_until.has_value() ? 1 : 0;
    std::tm until = ToDbTime(keep_previous_until.value_or(now));
    soci::indicator until_indicator = keep != 0 ? soci::i_ok : soci::i_null;
    soci::transaction transaction(sql);
    // MariaDB assigns from left to right, each seeing the ones before: the
    // previous key is taken from webhook_key before that is replaced.
    soci::statement update =
        (sql.prepare << "UPDATE shops SET previous_webhook_key = IF(:keep = 1, webhook_key, NULL), "
                        "previous_key_valid_until = :until, webhook_key = :key, updated_at = :now "
                        "WHERE id = :id",
         soci::use(keep, "keep"), soci::use(until, until_indicator, "until"), soci::use(key, "key"),
         soci::use(updated, "now"), soci::use(shop_id, "id"));
    update.execute(true);
    if (update.get_affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));
    }
    absl::StatusOr<Shop> stored = LoadShop(sql, id);
    transaction.commit();
    return stored;
  });
}

absl::StatusOr<Shop> MysqlShopStore::ApproveShop(ShopId id, absl::Time now) {
  return UpdateAndLoad(*pool_, id, now, "approved_at = COALESCE(approved_at, :now)");
}

absl::StatusOr<Shop> MysqlShopStore::DropPreviousKey(ShopId id, absl::Time now) {
  return UpdateAndLoad(*pool_, id, now,
                       "previous_webhook_key = NULL, previous_key_valid_until = NULL");
}

absl::StatusOr<std::map<ShopId, int>> MysqlShopStore::CountMailsSentSince(
    const std::vector<ShopId>& ids, absl::Time since) {
  if (ids.empty()) return std::map<ShopId, int>{};
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::map<ShopId, int>> {
    std::vector<long long> bound(ids.begin(), ids.end());
    std::tm from = ToDbTime(since);
    long long shop_id = 0;
    long long sent = 0;
    soci::statement select(sql);
    select.exchange(soci::into(shop_id));
    select.exchange(soci::into(sent));
    const std::string list = BindEach(select, "id", bound);
    select.exchange(soci::use(from, "since"));
    select.alloc();
    // Reminders count too: each is a mail to a stranger's address.
    select.prepare(absl::StrCat(
        "SELECT shop_id, SUM(COALESCE(sent_at >= :since, 0)) + "
        "SUM(COALESCE(reminder_sent_at >= :since, 0)) FROM invitations WHERE shop_id IN (",
        list, ") AND (sent_at >= :since OR reminder_sent_at >= :since) GROUP BY shop_id"));
    select.define_and_bind();
    select.execute(false);
    std::map<ShopId, int> counts;
    while (select.fetch()) counts[shop_id] = static_cast<int>(sent);
    return counts;
  });
}

absl::StatusOr<Shop> MysqlShopStore::UpdateSettings(ShopId id, const ShopSettings& settings,
                                                    absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<Shop> {
    long long shop_id = id;
    int old_delay = 0;
    int old_reminder_days = 0;
    soci::transaction transaction(sql);
    sql << "SELECT invitation_delay_days, reminder_days FROM shops WHERE id = :id FOR UPDATE",
        soci::use(shop_id, "id"), soci::into(old_delay), soci::into(old_reminder_days);
    if (!sql.got_data()) return absl::NotFoundError(absl::StrCat("shop ", id, " not found"));

    std::tm updated = ToDbTime(now);
    int delay = settings.invitation_delay_days;
    int trigger_type = static_cast<int>(settings.trigger.status_type);
    std::string trigger_ids = JoinStatusIds(settings.trigger.status_ids);
    int trigger_parcel = settings.trigger.parcel_dispatch ? 1 : 0;
    int sending = settings.sending_enabled ? 1 : 0;
    int hour_start = settings.sending_hours.start_hour;
    int hour_end = settings.sending_hours.end_hour;
    int reminder_days = settings.reminder_days;
    sql << "UPDATE shops SET invitation_delay_days = :delay, trigger_status_type = :type, "
           "trigger_status_ids = :ids, trigger_parcel_dispatch = :parcel, time_zone = :zone, "
           "sending_enabled = :sending, sender_name = :sender, language = :language, "
           "sending_hour_start = :hour_start, sending_hour_end = :hour_end, "
           "webhook_secret = :secret, "
           "reminder_days = :reminder_days, updated_at = :now "
           "WHERE id = :id",
        soci::use(delay, "delay"), soci::use(trigger_type, "type"), soci::use(trigger_ids, "ids"),
        soci::use(trigger_parcel, "parcel"), soci::use(settings.time_zone, "zone"),
        soci::use(sending, "sending"), soci::use(settings.sender_name, "sender"),
        soci::use(settings.language, "language"), soci::use(hour_start, "hour_start"),
        soci::use(hour_end, "hour_end"), soci::use(settings.webhook_secret, "secret"),
        soci::use(reminder_days, "reminder_days"), soci::use(updated, "now"),
        soci::use(shop_id, "id");
    // The domain's rules give the delays; the statements only add them.
    if (old_delay != delay) {
      long long seconds = absl::ToInt64Seconds(InvitationDelay(delay));
      sql << "UPDATE invitations SET send_at = status_time + INTERVAL :seconds SECOND, "
             "updated_at = :now, version = version + 1 WHERE shop_id = :id AND state = 'scheduled'",
          soci::use(seconds, "seconds"), soci::use(updated, "now"), soci::use(shop_id, "id");
    }
    if (old_reminder_days != reminder_days) {
      // Pending reminders follow the new setting; none (0) drops them.
      const std::optional<absl::Duration> reminder_delay = ReminderDelay(reminder_days);
      long long seconds = reminder_delay ? absl::ToInt64Seconds(*reminder_delay) : 0;
      soci::indicator none = reminder_delay ? soci::i_ok : soci::i_null;
      sql << "UPDATE invitations SET reminder_at = sent_at + INTERVAL :seconds SECOND, "
             "updated_at = :now, version = version + 1 "
             "WHERE shop_id = :id AND state = 'sent' AND reminder_at IS NOT NULL",
          soci::use(seconds, none, "seconds"), soci::use(updated, "now"), soci::use(shop_id, "id");
    }
    absl::StatusOr<Shop> stored = LoadShop(sql, id);
    transaction.commit();
    return stored;
  });
}

}  // namespace opinus::server
