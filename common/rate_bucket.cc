#include "common/rate_bucket.h"

#include <algorithm>

namespace opinus {

RateBucket::RateBucket(RateLimit limit)
    : enabled_(limit.per_second > 0),
      burst_(std::max(limit.burst, 1.0)),
      interval_(enabled_ ? absl::Seconds(1) / limit.per_second : absl::ZeroDuration()) {}

absl::Time RateBucket::Advance(absl::Time now) {
  latest_ = std::max(latest_, now);
  return latest_;
}

absl::Time RateBucket::FitsAt(absl::Time now) const {
  // The level at t is (empty_at_ - t) / interval_; the added call fits once
  // the level it brings is within the burst.
  return std::max(now, std::max(empty_at_, now) + interval_ - burst_ * interval_);
}

absl::Duration RateBucket::Wait(absl::Time now) {
  if (!enabled_) return absl::ZeroDuration();
  now = Advance(now);
  return FitsAt(now) - now;
}

absl::Duration RateBucket::TryTake(absl::Time now) {
  const absl::Duration wait = Wait(now);
  if (wait > absl::ZeroDuration() || !enabled_) return wait;
  empty_at_ = std::max(empty_at_, latest_) + interval_;
  return absl::ZeroDuration();
}

absl::Time RateBucket::Reserve(absl::Time now) {
  if (!enabled_) return std::max(now, hold_until_);
  const absl::Time fits_at = FitsAt(Advance(now));
  empty_at_ = std::max(empty_at_, latest_) + interval_;
  return std::max({now, fits_at, hold_until_});
}

void RateBucket::HoldUntil(absl::Time time) {
  hold_until_ = std::max(hold_until_, time);
  // Full at `time`: the next call fits just then, the one after one drain later.
  empty_at_ = std::max(empty_at_, time + (burst_ - 1) * interval_);
}

bool RateBucket::IdleAt(absl::Time now) const {
  now = std::max(now, latest_);
  return empty_at_ <= now && hold_until_ <= now;
}

}  // namespace opinus
