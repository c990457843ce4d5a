#include "server/storage/mysql/mysql_dashboard_store.h"

#include <string>

#include "server/domain/model.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {

namespace {

void CountWebhooks(soci::session& sql, long long shop, absl::Time now, ShopDashboard& dashboard) {
  std::tm since = ToDbTime(now - kDashboardWebhookWindow);
  long long count = 0;
  // Only deliveries: a backfill's orders were fetched by the core.
  sql << "SELECT COUNT(*) FROM order_events WHERE shop_id = :shop AND received_at >= :since "
         "AND source = 'webhook'",
      soci::use(shop, "shop"), soci::use(since, "since"), soci::into(count);
  dashboard.webhooks_last_7_days = count;
  std::tm last{};
  soci::indicator last_indicator = soci::i_null;
  sql << "SELECT MAX(received_at) FROM order_events WHERE shop_id = :shop "
         "AND source = 'webhook'",
      soci::use(shop, "shop"), soci::into(last, last_indicator);
  if (last_indicator == soci::i_ok) dashboard.last_webhook_time = FromDbTime(last);
}

void CountInvitations(soci::session& sql, long long shop, ShopDashboard& dashboard) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT state, CAST(COUNT(*) AS SIGNED) FROM invitations "
                      "WHERE shop_id = :shop GROUP BY state",
       soci::use(shop, "shop"));
  for (const soci::row& row : rows) {
    const long long count = row.get<long long>(1);
    switch (InvitationStateFromName(row.get<std::string>(0))) {
      case InvitationState::kScheduled:
      case InvitationState::kSending:
        dashboard.invitations_scheduled += count;
        break;
      case InvitationState::kSent:
      case InvitationState::kReviewed:
        dashboard.invitations_sent += count;
        break;
      case InvitationState::kBounced:
        dashboard.invitations_sent += count;
        dashboard.invitations_bounced += count;
        break;
      case InvitationState::kFailed:
        dashboard.invitations_failed += count;
        break;
      case InvitationState::kSuppressed:
        dashboard.invitations_suppressed += count;
        break;
      case InvitationState::kCancelled:
        dashboard.invitations_cancelled += count;
        break;
    }
  }
}

RatingTally PublishedSince(soci::session& sql, long long shop, absl::Time since) {
  std::tm from = ToDbTime(since);
  long long count = 0;
  long long sum = 0;
  sql << "SELECT COUNT(*), CAST(COALESCE(SUM(rating), 0) AS SIGNED) FROM opinions "
         "WHERE shop_id = :shop AND created_at >= :since AND status = 'published'",
      soci::use(shop, "shop"), soci::use(from, "since"), soci::into(count), soci::into(sum);
  return RatingTally{count, sum};
}

// Weeks are counted back from `now` in seconds, so that they need no time zone.
void CountWeeks(soci::session& sql, long long shop, absl::Time now, ShopDashboard& dashboard) {
  for (absl::Time start : DashboardWeekStarts(now)) dashboard.weeks.push_back({start, 0, {}});
  std::tm first = ToDbTime(dashboard.weeks.front().start);
  long long week_seconds = absl::ToInt64Seconds(kDashboardWeek);
  long long last_week = kDashboardWeeks - 1;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT CAST(LEAST(FLOOR(TIMESTAMPDIFF(SECOND, :first, created_at) / "
                      ":week_seconds), :last_week) AS SIGNED) AS week, "
                      "CAST(COUNT(*) AS SIGNED), "
                      "CAST(SUM(status = 'published') AS SIGNED), "
                      "CAST(SUM(IF(status = 'published', rating, 0)) AS SIGNED) "
                      "FROM opinions WHERE shop_id = :shop AND created_at >= :since "
                      "GROUP BY week",
       soci::use(first, "first"), soci::use(week_seconds, "week_seconds"),
       soci::use(last_week, "last_week"), soci::use(shop, "shop"), soci::use(first, "since"));
  for (const soci::row& row : rows) {
    const long long week = row.get<long long>(0);
    if (week < 0 || week >= kDashboardWeeks) continue;
    DashboardWeek& into = dashboard.weeks[static_cast<std::size_t>(week)];
    into.received = row.get<long long>(1);
    into.published = RatingTally{row.get<long long>(2), row.get<long long>(3)};
  }
}

}  // namespace

absl::StatusOr<ShopDashboard> MysqlDashboardStore::GetShopDashboard(ShopId shop_id,
                                                                    absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<ShopDashboard> {
    long long shop = shop_id;
    ShopDashboard dashboard;
    CountWebhooks(sql, shop, now, dashboard);
    CountInvitations(sql, shop, dashboard);
    long long opinions = 0;
    sql << "SELECT COUNT(*) FROM opinions WHERE shop_id = :shop", soci::use(shop, "shop"),
        soci::into(opinions);
    dashboard.opinions_received = opinions;
    dashboard.last_30_days = PublishedSince(sql, shop, now - kDashboardShortWindow);
    dashboard.last_90_days = PublishedSince(sql, shop, now - kDashboardLongWindow);
    CountWeeks(sql, shop, now, dashboard);
    return dashboard;
  });
}

}  // namespace opinus::server
