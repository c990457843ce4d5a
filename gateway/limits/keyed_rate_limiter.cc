#include "gateway/limits/keyed_rate_limiter.h"

#include <algorithm>

namespace opinus::gateway {

KeyedRateLimiter::KeyedRateLimiter(RateLimit limit, size_t max_keys)
    : limit_(limit), max_keys_(std::max<size_t>(max_keys, 1)), overflow_(limit) {}

RateBucket& KeyedRateLimiter::BucketFor(absl::string_view key, absl::Time now) {
  auto found = buckets_.find(key);
  if (found != buckets_.end()) return found->second;
  if (buckets_.size() >= max_keys_) {
    // A sweep costs the table's size, but runs only when the table is full,
    // and frees every drained bucket at once.
    absl::erase_if(buckets_, [now](auto& entry) { return entry.second.IdleAt(now); });
    if (buckets_.size() >= max_keys_) return overflow_;
  }
  return buckets_.try_emplace(key, limit_).first->second;
}

absl::Duration KeyedRateLimiter::TryTake(absl::string_view key, absl::Time now) {
  if (!enabled()) return absl::ZeroDuration();
  absl::MutexLock lock(&mutex_);
  return BucketFor(key, now).TryTake(now);
}

absl::Duration KeyedRateLimiter::Wait(absl::string_view key, absl::Time now) {
  if (!enabled()) return absl::ZeroDuration();
  absl::MutexLock lock(&mutex_);
  auto found = buckets_.find(key);
  // A key without a bucket has an empty one.
  return found == buckets_.end() ? absl::ZeroDuration() : found->second.Wait(now);
}

size_t KeyedRateLimiter::size() const {
  absl::MutexLock lock(&mutex_);
  return buckets_.size();
}

}  // namespace opinus::gateway
