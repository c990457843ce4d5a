// InMemoryStorage as a DashboardStore: the same figures as the MySQL store's
// queries, counted over the maps.
#include <algorithm>

#include "tests/support/in_memory_storage.h"

namespace opinus::server {

absl::StatusOr<ShopDashboard> InMemoryStorage::GetShopDashboard(ShopId shop_id, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  ShopDashboard dashboard;
  for (const EventRecord& event : events_) {
    if (event.shop_id != shop_id || event.source != EventSource::kWebhook) continue;
    if (event.receive_time >= now - kDashboardWebhookWindow) ++dashboard.webhooks_last_7_days;
    if (!dashboard.last_webhook_time || *dashboard.last_webhook_time < event.receive_time) {
      dashboard.last_webhook_time = event.receive_time;
    }
  }
  for (const auto& [id, invitation] : invitations_) {
    if (invitation.shop_id != shop_id) continue;
    switch (invitation.state) {
      case InvitationState::kScheduled:
      case InvitationState::kSending:
        ++dashboard.invitations_scheduled;
        break;
      case InvitationState::kSent:
      case InvitationState::kReviewed:
        ++dashboard.invitations_sent;
        break;
      case InvitationState::kBounced:
        ++dashboard.invitations_sent;
        ++dashboard.invitations_bounced;
        break;
      case InvitationState::kFailed:
        ++dashboard.invitations_failed;
        break;
      case InvitationState::kSuppressed:
        ++dashboard.invitations_suppressed;
        break;
      case InvitationState::kCancelled:
        ++dashboard.invitations_cancelled;
        break;
    }
  }
  for (absl::Time start : DashboardWeekStarts(now)) dashboard.weeks.push_back({start, 0, {}});
  const absl::Time first = dashboard.weeks.front().start;
  for (const auto& [id, opinion] : opinions_) {
    if (opinion.shop_id != shop_id) continue;
    ++dashboard.opinions_received;
    const bool published = opinion.status == OpinionStatus::kPublished;
    const int rating = opinion.input.rating;
    if (published && opinion.create_time >= now - kDashboardShortWindow) {
      ++dashboard.last_30_days.count;
      dashboard.last_30_days.rating_sum += rating;
    }
    if (published && opinion.create_time >= now - kDashboardLongWindow) {
      ++dashboard.last_90_days.count;
      dashboard.last_90_days.rating_sum += rating;
    }
    if (opinion.create_time < first) continue;
    absl::Duration into_week;  // IDivDuration needs somewhere to put it.
    const int64_t week = std::min<int64_t>(
        absl::IDivDuration(opinion.create_time - first, kDashboardWeek, &into_week),
        kDashboardWeeks - 1);
    DashboardWeek& into = dashboard.weeks[static_cast<std::size_t>(week)];
    ++into.received;
    if (published) {
      ++into.published.count;
      into.published.rating_sum += rating;
    }
  }
  return dashboard;
}

}  // namespace opinus::server
