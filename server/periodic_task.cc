#include "server/periodic_task.h"

#include <utility>

namespace opinus::server {

PeriodicTask::PeriodicTask(std::function<void()> run, absl::Duration interval)
    : run_(std::move(run)), interval_(interval), thread_([this] { Loop(); }) {}

PeriodicTask::~PeriodicTask() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void PeriodicTask::Loop() {
  absl::MutexLock lock(&mutex_);
  while (!stopping_) {
    mutex_.Unlock();
    run_();
    mutex_.Lock();
    mutex_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
  }
}

}  // namespace opinus::server
