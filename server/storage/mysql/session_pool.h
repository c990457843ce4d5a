// SessionPool: a fixed pool of SOCI MySQL sessions with bounded waits, and
// Run(), the one way storage code touches the database.
#ifndef OPINUS_SERVER_STORAGE_MYSQL_SESSION_POOL_H_
#define OPINUS_SERVER_STORAGE_MYSQL_SESSION_POOL_H_

#include <soci/soci.h>

#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/metrics.h"
#include "server/storage/mysql/soci_errors.h"

namespace opinus::server {

struct SessionPoolOptions {
  // SOCI connection string: "mysql://host=... port=... db=... user=... password=..."
  // or the same without the "mysql://" prefix.
  std::string connect_string;
  int size = 8;
  // How long a caller waits for a free session before UNAVAILABLE.
  absl::Duration lease_timeout = absl::Seconds(2);
  // Where waits for a session are counted (opinus_db_pool_wait_seconds,
  // opinus_db_pool_timeouts_total); nullptr: nowhere anyone reads. Not owned.
  metrics::Registry* metrics = nullptr;
};

// SessionPool owns `size` sessions. Thread-safe.
class SessionPool {
 public:
  // Open connects every session; UNAVAILABLE when the database cannot be reached.
  static absl::StatusOr<std::unique_ptr<SessionPool>> Open(const SessionPoolOptions& options);

  ~SessionPool();
  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;

  // Run leases a session and calls `work(session)`, which returns an
  // absl::Status or absl::StatusOr<T>. A SOCI exception becomes a status
  // (SociErrorToStatus). After a lost connection the session reconnects and
  // `work` runs once more; after a write conflict (a deadlock, a lock wait
  // timeout, a Galera certification failure) it runs again up to
  // kConflictRetries times, each after a random pause. So `work` must be one
  // transaction, safe to repeat from its start.
  template <typename Work>
  auto Run(Work&& work) -> decltype(work(std::declval<soci::session&>()));

  // Held is a session leased beyond one Run, for a transaction that stays
  // open while its holder works outside the database (a row lock held across
  // an SMTP send). Its statements throw SOCI errors; after a lost connection
  // the holder calls MarkBroken so that the next lease reconnects. Gives the
  // session back when destroyed. Not thread-safe.
  class Held {
   public:
    Held(SessionPool* pool, std::size_t position) : pool_(pool), position_(position) {}
    ~Held() { pool_->GiveBack(position_); }
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;

    soci::session& session() { return pool_->At(position_); }
    void MarkBroken() { pool_->broken_[position_] = true; }

   private:
    SessionPool* pool_;
    std::size_t position_;
  };

  // Hold leases a session (reconnected first if its connection was lost)
  // until the returned Held is destroyed; UNAVAILABLE as Run.
  absl::StatusOr<std::unique_ptr<Held>> Hold();

  // Ping runs a trivial query: OK when the database answers, UNAVAILABLE
  // otherwise. A lost connection is re-established on the way.
  absl::Status Ping();

 private:
  explicit SessionPool(const SessionPoolOptions& options);

  // Lease returns the position of a free session, or UNAVAILABLE after the timeout.
  absl::StatusOr<std::size_t> Lease();
  void GiveBack(std::size_t position) { pool_.give_back(position); }
  soci::session& At(std::size_t position) { return pool_.at(position); }
  // BackOffAfterConflict counts a write conflict and sleeps a random while
  // that grows with `retry`, so that two writers that collided do not meet
  // again in step.
  void BackOffAfterConflict(int retry);
  // Recover reconnects the session at `position`, whose connection was lost,
  // and clears its broken mark; when that fails the mark stays, and the next
  // lease tries again.
  void Recover(std::size_t position);

  SessionPoolOptions options_;
  metrics::Registry own_metrics_;
  metrics::Histogram& lease_wait_;
  metrics::Counter& lease_timeouts_;
  metrics::Counter& conflicts_;
  soci::connection_pool pool_;
  // broken_[i] is only touched by the holder of session i's lease.
  std::vector<char> broken_;
};

template <typename Work>
auto SessionPool::Run(Work&& work) -> decltype(work(std::declval<soci::session&>())) {
  absl::StatusOr<std::size_t> position = Lease();
  if (!position.ok()) return position.status();
  struct Return {
    SessionPool* pool;
    std::size_t position;
    ~Return() { pool->GiveBack(position); }
  } give_back{this, *position};
  soci::session& session = At(*position);

  constexpr int kConflictRetries = 4;
  absl::Status last_error;
  int conflicts = 0;
  for (int attempt = 0;; ++attempt) {
    if (broken_[*position]) {
      Recover(*position);
      if (broken_[*position]) return absl::UnavailableError("database unreachable");
    }
    try {
      return work(session);
    } catch (const std::exception& error) {
      last_error = SociErrorToStatus(error);
      if (IsConnectionLost(error)) {
        broken_[*position] = true;
        // One fresh connection is worth a try; a second loss means an outage.
        if (attempt == 0) continue;
        break;
      }
      if (IsTransientConflict(error) && conflicts < kConflictRetries) {
        BackOffAfterConflict(conflicts++);
        continue;
      }
      break;
    }
  }
  return last_error;
}

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MYSQL_SESSION_POOL_H_
