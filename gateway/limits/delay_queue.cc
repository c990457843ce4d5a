#include "gateway/limits/delay_queue.h"

#include <utility>

#include "absl/time/clock.h"

namespace opinus::gateway {

DelayQueue::DelayQueue(size_t capacity) : capacity_(capacity), thread_([this] { Run(); }) {}

DelayQueue::~DelayQueue() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

bool DelayQueue::Schedule(absl::Time due, Task& task) {
  absl::MutexLock lock(&mutex_);
  if (stopping_ || entries_.size() >= capacity_) return false;
  entries_.push(Entry{due, next_sequence_++, std::move(task)});
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
      // Wakes for a new, earlier entry or for the stop; otherwise at the
      // first entry's due time.
      while (!stopping_) {
        const absl::Time due = entries_.empty() ? absl::InfiniteFuture() : entries_.top().due;
        if (due <= absl::Now()) break;
        const size_t seen = next_sequence_;
        auto changed = [this, seen]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
          return stopping_ || next_sequence_ != seen;
        };
        mutex_.AwaitWithDeadline(absl::Condition(&changed), due);
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
