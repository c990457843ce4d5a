// DelayQueue: work run at a set time on one thread of its own, so that an
// answer held back (the unknown-key floor) holds no serving thread meanwhile.
#ifndef OPINUS_GATEWAY_LIMITS_DELAY_QUEUE_H_
#define OPINUS_GATEWAY_LIMITS_DELAY_QUEUE_H_

#include <cstddef>
#include <queue>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace opinus::gateway {

// DelayQueue runs each task at (or soon after) its due time, in due order, on
// its one thread; at most `capacity` wait at once. Destroying it runs every
// task still waiting at once, so none is lost. Thread-safe.
class DelayQueue {
 public:
  using Task = absl::AnyInvocable<void() &&>;

  explicit DelayQueue(size_t capacity);
  ~DelayQueue();
  DelayQueue(const DelayQueue&) = delete;
  DelayQueue& operator=(const DelayQueue&) = delete;

  // Schedule takes `task` to run at `due`; false when `capacity` tasks wait
  // already, when `task` is left to the caller untouched.
  [[nodiscard]] bool Schedule(absl::Time due, Task& task);

  // Waiting returns how many tasks wait.
  size_t Waiting() const;

 private:
  struct Entry {
    absl::Time due;
    // Ties keep the order of scheduling.
    uint64_t sequence;
    Task task;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.due != b.due ? a.due > b.due : a.sequence > b.sequence;
    }
  };

  void Run();

  const size_t capacity_;
  mutable absl::Mutex mutex_;
  std::priority_queue<Entry, std::vector<Entry>, Later> entries_ ABSL_GUARDED_BY(mutex_);
  uint64_t next_sequence_ ABSL_GUARDED_BY(mutex_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  // Signalled on every new entry and on the stop.
  absl::CondVar changed_;
  std::thread thread_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_LIMITS_DELAY_QUEUE_H_
