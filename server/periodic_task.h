// PeriodicTask: a function run on a thread of its own, at once and then
// periodically, until the task is destroyed.
#ifndef OPINUS_SERVER_PERIODIC_TASK_H_
#define OPINUS_SERVER_PERIODIC_TASK_H_

#include <functional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace opinus::server {

// PeriodicTask calls `run` at once and then `interval` after each call
// returns, on its own thread. The destructor waits for a call in progress
// and joins the thread.
class PeriodicTask {
 public:
  PeriodicTask(std::function<void()> run, absl::Duration interval);
  ~PeriodicTask();

  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

 private:
  void Loop();

  const std::function<void()> run_;
  const absl::Duration interval_;
  absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_PERIODIC_TASK_H_
