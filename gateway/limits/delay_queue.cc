#include "gateway/limits/delay_queue.h"

#include <utility>

#include "absl/time/clock.h"

namespace opinus::gateway {

DelayQueue::DelayQueue(size_t capacity) : capacity_(capacity), thread_([this] { Run(); }) {}

DelayQueue::~DelayQueue() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
    changed_.Signal();
  }
  thread_.join();
}

bool DelayQueue::Schedule(absl::Time due, Task& task) {
  absl::MutexLock lock(&mutex_);
  if (stopping_ || entries_.size() >= capacity_) return false;
  entries_.push(Entry{due, next_sequence_++, std::move(task)});
  changed_.Signal();
  return true;
}

size_t DelayQueue::Waiting() const {
  absl::MutexLock lock(&mutex_);
  return entries_.size();
}

void DelayQueue::Run() {
  while (true) {
    Task task;
    {
      absl::MutexLock lock(&mutex_);
      // Wakes for a new entry or the stop, else at the first entry's due
      // time; a CondVar rather than a Condition, whose evaluation on the
      // unlocking thread ThreadSanitizer cannot see is under the lock.
      while (!stopping_) {
        const absl::Time due = entries_.empty() ? absl::InfiniteFuture() : entries_.top().due;
        if (due <= absl::Now()) break;
        changed_.WaitWithDeadline(&mutex_, due);
      }
      if (entries_.empty()) return;  // Stopping, nothing left.
      // priority_queue::top is const: the entry is moved out before its pop.
      task = std::move(const_cast<Entry&>(entries_.top()).task);
      entries_.pop();
    }
    std::move(task)();
  }
}

}  // namespace opinus::gateway
