// TokenBucket: the classic rate limit, `rate` tokens a second up to `burst`,
// driven by times the caller passes in (no clock of its own).
#ifndef OPINUS_GATEWAY_LIMITS_TOKEN_BUCKET_H_
#define OPINUS_GATEWAY_LIMITS_TOKEN_BUCKET_H_

#include "absl/time/time.h"

namespace opinus::gateway {

// RateLimit is how fast a bucket refills and how much it holds.
struct RateLimit {
  // Tokens added per second; 0 or less switches the limit off.
  double per_second = 0;
  // Most tokens the bucket holds (the largest burst); at least 1.
  double burst = 1;
};

// TokenBucket holds the tokens of one limited party. Starts full. Not
// thread-safe: KeyedRateLimiter guards its buckets.
class TokenBucket {
 public:
  TokenBucket(RateLimit limit, absl::Time now);

  // TryTake takes one token at `now` and returns zero, or, when the bucket is
  // empty, takes nothing and returns how long until a token is back (> 0).
  absl::Duration TryTake(absl::Time now);

  // Wait returns how long until a token is there at `now` (zero when one is),
  // taking nothing.
  absl::Duration Wait(absl::Time now);

  // IsFull returns whether the bucket has refilled completely at `now`: such a
  // bucket says nothing a new one would not.
  bool IsFull(absl::Time now);

 private:
  void Refill(absl::Time now);

  RateLimit limit_;
  double tokens_;
  absl::Time last_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_LIMITS_TOKEN_BUCKET_H_
