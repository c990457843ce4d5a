#include "server/domain/leaky_bucket.h"

#include <algorithm>

namespace opinus::server {

LeakyBucket::LeakyBucket(LeakyBucketLimits limits)
    : burst_(std::max(1, limits.burst)),
      interval_(absl::Seconds(1) / std::max(limits.per_second, 1e-3)) {}

absl::Time LeakyBucket::Reserve(absl::Time now) {
  // The bucket's level is (empty_at_ - t) / interval_; a call fits while the
  // level it adds stays within the burst.
  empty_at_ = std::max(empty_at_, now) + interval_;
  return std::max({now, empty_at_ - burst_ * interval_, hold_until_});
}

void LeakyBucket::HoldUntil(absl::Time time) {
  hold_until_ = std::max(hold_until_, time);
  // Full at `time`: the next call fits just then, the one after one drain later.
  empty_at_ = std::max(empty_at_, time + (burst_ - 1) * interval_);
}

}  // namespace opinus::server
