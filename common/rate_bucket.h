// RateBucket: one rate limit, `per_second` calls a second with bursts of up
// to `burst`, kept as a leaky bucket (the shape Shoper documents for its API
// and the gateway applies to webhooks). Times come from the caller: it has
// no clock, so tests need no sleeps.
#ifndef OPINUS_COMMON_RATE_BUCKET_H_
#define OPINUS_COMMON_RATE_BUCKET_H_

#include "absl/time/time.h"

namespace opinus {

// RateLimit is how fast a bucket drains and how much it holds.
struct RateLimit {
  // Calls drained per second; 0 or less switches the limit off.
  double per_second = 0;
  // Most calls the bucket holds (the largest burst after an idle while); at
  // least 1.
  double burst = 1;
};

// RateBucket holds the calls of one limited party: each call adds one, the
// bucket drains at `per_second`, and a call fits while the bucket stays
// within `burst`. Starts empty. A party that is refused uses TryTake (the
// gateway answers 429); one that waits its turn uses Reserve (the core's
// calls to Shoper). Not thread-safe: its keeper holds a lock.
class RateBucket {
 public:
  explicit RateBucket(RateLimit limit);

  // TryTake adds a call at `now` and returns zero when it fits; otherwise it
  // adds nothing and returns how long until one would fit (> 0).
  absl::Duration TryTake(absl::Time now);

  // Wait returns how long until a call would fit at `now` (zero when one
  // does), adding nothing.
  absl::Duration Wait(absl::Time now);

  // Reserve adds a call wanted at `now` whether or not it fits, and returns
  // when it may be made: `now` while the bucket has room, else when enough
  // has drained (and never before a hold).
  absl::Time Reserve(absl::Time now);

  // HoldUntil records that the limited side refused calls until `time` (a
  // 429's Retry-After): no reserved call goes before then, and the bucket
  // counts as full at `time`, so the calls after it go at the steady rate.
  void HoldUntil(absl::Time time);

  // IdleAt returns whether the bucket is empty at `now` and nothing is held:
  // such a bucket says nothing a new one would not, so its keeper may forget
  // it.
  bool IdleAt(absl::Time now) const;

 private:
  // Moves the bucket's clock to `now`, never back: a clock that steps back
  // must not make the bucket look fuller than it is.
  absl::Time Advance(absl::Time now);
  // When a call added to the bucket at `now` may go (ignoring holds).
  absl::Time FitsAt(absl::Time now) const;

  const bool enabled_;
  const double burst_;
  // The time one call takes to drain.
  const absl::Duration interval_;
  // When the bucket will be empty, counting every call added.
  absl::Time empty_at_ = absl::InfinitePast();
  absl::Time hold_until_ = absl::InfinitePast();
  absl::Time latest_ = absl::InfinitePast();
};

}  // namespace opinus

#endif  // OPINUS_COMMON_RATE_BUCKET_H_
