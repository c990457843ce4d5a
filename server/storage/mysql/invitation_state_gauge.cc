#include "server/storage/mysql/invitation_state_gauge.h"

#include <map>
#include <string>

#include "absl/time/clock.h"
#include "server/domain/model.h"

namespace opinus::server {

InvitationStateGauge::InvitationStateGauge(SessionPool* pool, metrics::Registry* registry,
                                           absl::Duration refresh)
    : pool_(pool),
      refresh_(refresh),
      invitations_(registry->AddGauge("opinus_invitations",
                                      "Invitations in the database by state (refreshed at most "
                                      "every few seconds, on scrape).",
                                      {"state"})),
      failures_(registry
                    ->AddCounter("opinus_invitations_refresh_failures_total",
                                 "Scrapes whose count of invitations by state failed.")
                    .With({})) {
  registry->AddCollector([this] { Refresh(); });
}

void InvitationStateGauge::Refresh() {
  // Held through the query, so that concurrent scrapes wait for one query
  // instead of running one each.
  absl::MutexLock lock(&mutex_);
  const absl::Time now = absl::Now();
  if (now - last_refresh_ < refresh_) return;
  std::map<std::string, long long> counts;
  for (InvitationState state :
       {InvitationState::kScheduled, InvitationState::kSending, InvitationState::kSent,
        InvitationState::kFailed, InvitationState::kCancelled, InvitationState::kSuppressed,
        InvitationState::kBounced}) {
    counts[InvitationStateName(state)] = 0;
  }
  absl::Status counted = pool_->Run([&counts](soci::session& sql) {
    std::string state;
    long long count = 0;
    soci::statement query =
        (sql.prepare << "SELECT state, COUNT(*) FROM invitations GROUP BY state", soci::into(state),
         soci::into(count));
    query.execute();
    while (query.fetch()) counts[state] = count;
    return absl::OkStatus();
  });
  if (!counted.ok()) {
    failures_.Increment();
    return;
  }
  last_refresh_ = now;
  for (const auto& [state, count] : counts) {
    invitations_.With({state}).Set(static_cast<double>(count));
  }
}

}  // namespace opinus::server
