// ShopDashboard: the figures that tell an owner what Opinus does for a shop.
#ifndef OPINUS_SERVER_DOMAIN_DASHBOARD_H_
#define OPINUS_SERVER_DOMAIN_DASHBOARD_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/time.h"

namespace opinus::server {

// The dashboard looks back this far for webhooks, ratings and weeks.
inline constexpr absl::Duration kDashboardWebhookWindow = absl::Hours(7 * 24);
inline constexpr absl::Duration kDashboardShortWindow = absl::Hours(30 * 24);
inline constexpr absl::Duration kDashboardLongWindow = absl::Hours(90 * 24);
inline constexpr int kDashboardWeeks = 12;
inline constexpr absl::Duration kDashboardWeek = absl::Hours(7 * 24);

// RatingTally counts published opinions and sums their overall ratings.
struct RatingTally {
  int64_t count = 0;
  int64_t rating_sum = 0;
};

// RatingAverage returns the tally's mean rating; 0 when it counts none.
double RatingAverage(const RatingTally& tally);

// DashboardWeek is one week of opinions: `received` counts every opinion
// given in it, `published` those the public page shows (the average's base).
struct DashboardWeek {
  absl::Time start;
  int64_t received = 0;
  RatingTally published;
};

// ShopDashboard is one shop's figures at a moment. Invitations are counted by
// their state now, over the shop's whole history; "sent" counts every
// invitation whose mail left (also those since answered or bounced).
struct ShopDashboard {
  int64_t webhooks_last_7_days = 0;
  // The last webhook ever received; nullopt when none.
  std::optional<absl::Time> last_webhook_time;
  int64_t invitations_scheduled = 0;
  int64_t invitations_sent = 0;
  int64_t invitations_failed = 0;
  int64_t invitations_bounced = 0;
  int64_t invitations_suppressed = 0;
  int64_t invitations_cancelled = 0;
  // Every opinion given, whatever became of it.
  int64_t opinions_received = 0;
  RatingTally last_30_days;
  RatingTally last_90_days;
  // kDashboardWeeks weeks ending at the moment asked for, oldest first.
  std::vector<DashboardWeek> weeks;
};

// DashboardWeekStarts returns the starts of the kDashboardWeeks weeks that end
// at `now`, oldest first.
std::vector<absl::Time> DashboardWeekStarts(absl::Time now);

// ResponseRate returns opinions received per invitation sent, 0 to 1 (more
// than 1 cannot happen: an opinion needs a mailed link); 0 when none was sent.
double ResponseRate(const ShopDashboard& dashboard);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_DASHBOARD_H_
