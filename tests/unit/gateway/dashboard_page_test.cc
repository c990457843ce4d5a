// The "Podsumowanie" tab's figures: rates, averages, local times and when
// the page warns that webhooks stopped.
#include "gateway/panel/dashboard_page.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;
using ::testing::HasSubstr;

constexpr int64_t kNow = 1788775200;  // 2026-09-07 10:00:00 UTC, 12:00 in Warsaw.

v1::Shop SendingShop() {
  v1::Shop shop;
  shop.set_id(7);
  shop.set_name("Ceramika");
  shop.mutable_settings()->set_sending_enabled(true);
  shop.mutable_create_time()->set_seconds(kNow - 100 * 24 * 3600);
  return shop;
}

v1::ShopDashboard Dashboard(int64_t last_webhook_seconds_ago) {
  v1::ShopDashboard dashboard;
  dashboard.mutable_compute_time()->set_seconds(kNow);
  dashboard.mutable_last_webhook_time()->set_seconds(kNow - last_webhook_seconds_ago);
  return dashboard;
}

TEST(DashboardPageTest, WarnsAfter48HoursWithoutAWebhookOnlyWhileSending) {
  EXPECT_FALSE(WebhooksSilent(Dashboard(47 * 3600), SendingShop()));
  EXPECT_TRUE(WebhooksSilent(Dashboard(48 * 3600), SendingShop()));
  v1::Shop paused = SendingShop();
  paused.mutable_settings()->set_sending_enabled(false);
  EXPECT_FALSE(WebhooksSilent(Dashboard(48 * 3600), paused));
}

TEST(DashboardPageTest, WithoutAnyWebhookTheShopsAgeCounts) {
  v1::ShopDashboard none = Dashboard(0);
  none.clear_last_webhook_time();
  v1::Shop shop = SendingShop();
  EXPECT_TRUE(WebhooksSilent(none, shop));
  shop.mutable_create_time()->set_seconds(kNow - 3600);
  EXPECT_FALSE(WebhooksSilent(none, shop));
}

TEST(DashboardPageTest, FiguresAreWrittenInThePagesLanguageAndTheShopsZone) {
  v1::ShopDashboard dashboard = Dashboard(3600);
  dashboard.set_response_rate(2.0 / 3);
  dashboard.set_opinions_last_30_days(2);
  dashboard.set_average_rating_last_30_days(4.5);
  const PageTimeZone warsaw = PanelTimeZone("Europe/Warsaw");

  auto pl = DashboardValues(dashboard, SendingShop(), "pl", warsaw);
  EXPECT_EQ(pl["response_rate"], "67%");
  EXPECT_EQ(pl["average_30d"], "4,5");
  EXPECT_EQ(pl["average_90d"], "\xE2\x80\x94");
  EXPECT_EQ(pl["last_webhook"], "07.09.2026 11:00");
  EXPECT_EQ(pl["time_zone"], "Europe/Warsaw");
  EXPECT_EQ(pl["silent_hidden"], "hidden");

  auto en = DashboardValues(dashboard, SendingShop(), "en", warsaw);
  EXPECT_EQ(en["average_30d"], "4.5");
  EXPECT_EQ(en["last_webhook"], "2026-09-07 11:00");
  EXPECT_THAT(en["chart"], HasSubstr("No opinions in the last 12 weeks yet."));
}

}  // namespace
}  // namespace opinus::gateway
