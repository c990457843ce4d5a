#include "server/domain/dashboard.h"

namespace opinus::server {

double RatingAverage(const RatingTally& tally) {
  if (tally.count == 0) return 0;
  return static_cast<double>(tally.rating_sum) / static_cast<double>(tally.count);
}

std::vector<absl::Time> DashboardWeekStarts(absl::Time now) {
  std::vector<absl::Time> starts;
  for (int i = kDashboardWeeks; i >= 1; --i) starts.push_back(now - i * kDashboardWeek);
  return starts;
}

double ResponseRate(const ShopDashboard& dashboard) {
  if (dashboard.invitations_sent == 0) return 0;
  return static_cast<double>(dashboard.opinions_received) /
         static_cast<double>(dashboard.invitations_sent);
}

}  // namespace opinus::server
