// FakeClock: a Clock whose time the test sets and advances, so scheduling is
// tested without sleeping.
#ifndef OPINUS_TESTS_UNIT_SERVER_FAKE_CLOCK_H_
#define OPINUS_TESTS_UNIT_SERVER_FAKE_CLOCK_H_

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/domain/clock.h"

namespace opinus::server {

// FakeClock tells the time it was last set to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time now) : now_(now) {}

  absl::Time Now() const override {
    absl::MutexLock lock(&mutex_);
    return now_;
  }

  // Set makes Now() return `now`.
  void Set(absl::Time now) {
    absl::MutexLock lock(&mutex_);
    now_ = now;
  }

  // Advance moves Now() forward by `duration`.
  void Advance(absl::Duration duration) {
    absl::MutexLock lock(&mutex_);
    now_ += duration;
  }

 private:
  mutable absl::Mutex mutex_;
  absl::Time now_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::server

#endif  // OPINUS_TESTS_UNIT_SERVER_FAKE_CLOCK_H_
