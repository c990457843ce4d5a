// KeyedRateLimiter: one RateBucket per key (a shop's webhook key, a client
// address), in a table of bounded size.
#ifndef OPINUS_GATEWAY_LIMITS_KEYED_RATE_LIMITER_H_
#define OPINUS_GATEWAY_LIMITS_KEYED_RATE_LIMITER_H_

#include <cstddef>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/rate_bucket.h"

namespace opinus::gateway {

// KeyedRateLimiter applies the same RateLimit to each key separately.
// Thread-safe. Times come from the caller, so tests need no clock.
class KeyedRateLimiter {
 public:
  // `max_keys` bounds the table: when it is full, buckets that have refilled
  // are forgotten (they hold nothing a new bucket would not); when none has,
  // new keys share one overflow bucket, so that a flood of fresh keys (or
  // addresses) is limited too instead of growing the table.
  KeyedRateLimiter(RateLimit limit, size_t max_keys);

  // TryTake takes a token of `key` at `now`: zero when allowed, else how long
  // the caller should wait (for Retry-After).
  absl::Duration TryTake(absl::string_view key, absl::Time now);

  // Wait returns how long `key` must wait at `now` (zero: it may go), taking
  // nothing.
  absl::Duration Wait(absl::string_view key, absl::Time now);

  // enabled returns whether the limit is on at all.
  bool enabled() const { return limit_.per_second > 0; }

  // size returns how many keys the table holds (for tests).
  size_t size() const;

 private:
  RateBucket& BucketFor(absl::string_view key, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const RateLimit limit_;
  const size_t max_keys_;
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, RateBucket> buckets_ ABSL_GUARDED_BY(mutex_);
  RateBucket overflow_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_LIMITS_KEYED_RATE_LIMITER_H_
