#include "server/retention_sweeper.h"

#include <string>

#include "common/log.h"

namespace opinus::server {

RetentionSweeper::RetentionSweeper(PrivacyManager* privacy, absl::Duration interval)
    : privacy_(privacy), interval_(interval), thread_([this] { Loop(); }) {}

RetentionSweeper::~RetentionSweeper() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void RetentionSweeper::Loop() {
  absl::MutexLock lock(&mutex_);
  while (!stopping_) {
    mutex_.Unlock();
    const absl::StatusOr<Purged> purged = privacy_->Purge();
    mutex_.Lock();
    if (!purged.ok()) {
      Log(LogLevel::kWarning, "retention_sweep_failed",
          {{"error", std::string(purged.status().message())}});
    }
    mutex_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
  }
}

}  // namespace opinus::server
