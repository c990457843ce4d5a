#include "gateway/limits/token_bucket.h"

#include <algorithm>

namespace opinus::gateway {

TokenBucket::TokenBucket(RateLimit limit, absl::Time now)
    : limit_(limit), tokens_(std::max(limit.burst, 1.0)), last_(now) {
  limit_.burst = tokens_;
}

void TokenBucket::Refill(absl::Time now) {
  // A clock that steps back must not drain the bucket.
  if (now <= last_) return;
  tokens_ =
      std::min(limit_.burst, tokens_ + absl::ToDoubleSeconds(now - last_) * limit_.per_second);
  last_ = now;
}

absl::Duration TokenBucket::Wait(absl::Time now) {
  if (limit_.per_second <= 0) return absl::ZeroDuration();
  Refill(now);
  if (tokens_ >= 1) return absl::ZeroDuration();
  return absl::Seconds((1 - tokens_) / limit_.per_second);
}

absl::Duration TokenBucket::TryTake(absl::Time now) {
  const absl::Duration wait = Wait(now);
  if (wait > absl::ZeroDuration()) return wait;
  if (limit_.per_second > 0) tokens_ -= 1;
  return absl::ZeroDuration();
}

bool TokenBucket::IsFull(absl::Time now) {
  Refill(now);
  return limit_.per_second <= 0 || tokens_ >= limit_.burst;
}

}  // namespace opinus::gateway
