// InvitationStateGauge: opinus_invitations{state}, how many invitations are
// in each state, read from the database when metrics are scraped.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_INVITATION_STATE_GAUGE_H_
#define OPINUS_SERVER_STORAGE_MYSQL_INVITATION_STATE_GAUGE_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/metrics.h"
#include "server/storage/mysql/session_pool.h"

namespace opinus::server {

// InvitationStateGauge counts invitations by state with one GROUP BY over the
// (state, send_at) index, at most once per `refresh` however many scrapers
// ask: between refreshes a scrape shows the last counts. Every state has a
// series (0 when none). A failed query keeps the last counts and is counted
// in opinus_invitations_refresh_failures_total. Registers itself as a
// collector of `registry`; the pool and the registry must outlive it, and it
// must outlive every Render. Thread-safe.
class InvitationStateGauge {
 public:
  InvitationStateGauge(SessionPool* pool, metrics::Registry* registry,
                       absl::Duration refresh = absl::Seconds(10));

 private:
  void Refresh();

  SessionPool* pool_;
  const absl::Duration refresh_;
  metrics::Family<metrics::Gauge>& invitations_;
  metrics::Counter& failures_;
  absl::Mutex mutex_;
  absl::Time last_refresh_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_INVITATION_STATE_GAUGE_H_
