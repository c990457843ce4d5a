#include "gateway/panel/dashboard_page.h"

#include <cmath>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gateway/pages/page.h"
#include "gateway/pages/weekly_chart.h"

namespace opinus::gateway {

namespace v1 = ::opinus::v1;

namespace {

absl::Time ToTime(const google::protobuf::Timestamp& time) {
  return absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
}

// The chart's words live here, beside the only page that draws it.
ChartWords Words(absl::string_view language) {
  if (language == "en") {
    return {"Opinions per week and the week's average rating",
            "Bars: opinions given each week of the last 12; line: their average rating, 1 to 5.",
            "Week from",
            "Opinions",
            "Average rating",
            "No opinions in the last 12 weeks yet."};
  }
  return {"Opinie w tygodniach i średnia ocena tygodnia",
          "Słupki: opinie z każdego z ostatnich 12 tygodni; linia: ich średnia ocena, od 1 do 5.",
          "Tydzień od",
          "Opinie",
          "Średnia ocena",
          "Brak opinii w ostatnich 12 tygodniach."};
}

// Average writes a mean rating of `count` opinions, "—" with none.
std::string Average(int64_t count, double average, absl::string_view language) {
  return count == 0 ? "\xE2\x80\x94" : FormatOneDecimal(average, language);
}

std::string Chart(const v1::ShopDashboard& dashboard, absl::string_view language,
                  const absl::TimeZone& zone) {
  std::vector<ChartWeek> weeks;
  for (const v1::DashboardWeek& week : dashboard.weeks()) {
    ChartWeek shown;
    shown.label =
        absl::FormatTime(language == "en" ? "%m-%d" : "%d.%m", ToTime(week.start_time()), zone);
    shown.opinions = week.opinions_received();
    if (week.opinions_published() > 0) {
      shown.average = week.average_rating();
      shown.average_text = FormatOneDecimal(week.average_rating(), language);
    }
    weeks.push_back(std::move(shown));
  }
  return WeeklyChart(weeks, Words(language), "weekly-chart");
}

}  // namespace

bool WebhooksSilent(const v1::ShopDashboard& dashboard, const v1::Shop& shop) {
  if (!shop.settings().sending_enabled()) return false;
  const google::protobuf::Timestamp& since =
      dashboard.has_last_webhook_time() ? dashboard.last_webhook_time() : shop.create_time();
  return ToTime(dashboard.compute_time()) - ToTime(since) >= kWebhookSilenceWarning;
}

std::map<std::string, std::string> DashboardValues(const v1::ShopDashboard& dashboard,
                                                   const v1::Shop& shop, absl::string_view language,
                                                   const PageTimeZone& zone) {
  const long rate = std::lround(dashboard.response_rate() * 100);
  return {
      {"shop_id", absl::StrCat(shop.id())},
      {"shop_name", shop.name()},
      {"time_zone", zone.name},
      {"computed", FormatDateTime(dashboard.compute_time(), language, zone.zone)},
      {"silent_hidden", WebhooksSilent(dashboard, shop) ? "" : "hidden"},
      {"webhooks_7d", absl::StrCat(dashboard.webhooks_last_7_days())},
      {"last_webhook", FormatDateTime(dashboard.last_webhook_time(), language, zone.zone)},
      {"scheduled", absl::StrCat(dashboard.invitations_scheduled())},
      {"sent", absl::StrCat(dashboard.invitations_sent())},
      {"failed", absl::StrCat(dashboard.invitations_failed())},
      {"bounced", absl::StrCat(dashboard.invitations_bounced())},
      {"suppressed", absl::StrCat(dashboard.invitations_suppressed())},
      {"cancelled", absl::StrCat(dashboard.invitations_cancelled())},
      {"opinions", absl::StrCat(dashboard.opinions_received())},
      {"response_rate", absl::StrCat(rate, "%")},
      {"opinions_30d", absl::StrCat(dashboard.opinions_last_30_days())},
      {"average_30d", Average(dashboard.opinions_last_30_days(),
                              dashboard.average_rating_last_30_days(), language)},
      {"opinions_90d", absl::StrCat(dashboard.opinions_last_90_days())},
      {"average_90d", Average(dashboard.opinions_last_90_days(),
                              dashboard.average_rating_last_90_days(), language)},
      {"chart", Chart(dashboard, language, zone.zone)},
  };
}

}  // namespace opinus::gateway
