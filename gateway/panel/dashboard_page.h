// DashboardPage: what the "Podsumowanie" tab of a shop shows: webhooks,
// invitations, opinions, ratings and the weekly chart, from the core's
// ShopDashboard. Pure functions; every text is escaped where it is rendered.
#ifndef OPINUS_GATEWAY_PANEL_DASHBOARD_PAGE_H_
#define OPINUS_GATEWAY_PANEL_DASHBOARD_PAGE_H_

#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/panel/panel_views.h"
#include "opinus/v1/shop.pb.h"

namespace opinus::gateway {

// How long without a webhook, while invitations are on, before the page warns.
inline constexpr absl::Duration kWebhookSilenceWarning = absl::Hours(48);

// WebhooksSilent returns whether the page warns: `shop` sends invitations
// and no webhook arrived in the kWebhookSilenceWarning before the
// dashboard's compute time (counted from the shop's creation when none ever did).
bool WebhooksSilent(const opinus::v1::ShopDashboard& dashboard, const opinus::v1::Shop& shop);

// DashboardValues returns the values of the template panel_dashboard_<language>.html
// for `shop`'s `dashboard`, times written in `zone`; "chart" is HTML
// (WeeklyChart), the rest plain text.
std::map<std::string, std::string> DashboardValues(const opinus::v1::ShopDashboard& dashboard,
                                                   const opinus::v1::Shop& shop,
                                                   absl::string_view language,
                                                   const PageTimeZone& zone);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_DASHBOARD_PAGE_H_
