// RetentionSweeper: runs the retention sweep (PrivacyManager::Purge) in the
// core, at start and then periodically.
#ifndef OPINUS_SERVER_RETENTION_SWEEPER_H_
#define OPINUS_SERVER_RETENTION_SWEEPER_H_

#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/managers/privacy_manager.h"

namespace opinus::server {

// RetentionSweeper calls `privacy`->Purge() on its own thread at once and
// then every `interval`, logging failures (the next sweep tries again). Cores
// sharing a database may each run one (see PrivacyStore::PurgeEnded). It does
// not own `privacy`, which must outlive it. The destructor waits for a sweep
// in progress and joins the thread.
class RetentionSweeper {
 public:
  RetentionSweeper(PrivacyManager* privacy, absl::Duration interval);
  ~RetentionSweeper();

  RetentionSweeper(const RetentionSweeper&) = delete;
  RetentionSweeper& operator=(const RetentionSweeper&) = delete;

 private:
  void Loop();

  PrivacyManager* const privacy_;
  const absl::Duration interval_;
  absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_RETENTION_SWEEPER_H_
