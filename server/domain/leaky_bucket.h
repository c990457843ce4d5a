// LeakyBucket: the rate a client may call one shop's Shoper REST API at,
// the way Shoper counts it (a bucket of 10 calls drained at 2 a second).
#ifndef OPINUS_SERVER_DOMAIN_LEAKY_BUCKET_H_
#define OPINUS_SERVER_DOMAIN_LEAKY_BUCKET_H_

#include "absl/time/time.h"

namespace opinus::server {

// LeakyBucketLimits: how many calls fit in the bucket (a burst after an
// idle while) and how many drain from it a second (the steady rate).
struct LeakyBucketLimits {
  int burst = 10;
  double per_second = 2;
};

// LeakyBucket holds one shop's bucket as a client keeps it: each call adds
// one, the bucket drains at `per_second`, and a call that would overflow it
// waits until there is room. Pure: the caller passes the time. Not
// thread-safe (the caller holds its lock).
class LeakyBucket {
 public:
  explicit LeakyBucket(LeakyBucketLimits limits = {});

  // Reserve takes the bucket's next place for a call wanted at `now` and
  // returns when that call may be made: `now` while the bucket has room,
  // else the time enough has drained (and never before a hold). The place
  // is taken whether or not the caller goes on to make the call.
  absl::Time Reserve(absl::Time now);

  // HoldUntil records that the shop refused a call until `time` (a 429's
  // Retry-After): no call goes before then, and the bucket counts as full
  // at `time`, so the calls after the hold go at the steady rate.
  void HoldUntil(absl::Time time);

  // IdleAt returns whether the bucket is empty at `now` (nothing held), so
  // that its keeper may forget it.
  bool IdleAt(absl::Time now) const { return empty_at_ <= now && hold_until_ <= now; }

 private:
  const int burst_;
  // The time one call takes to drain.
  const absl::Duration interval_;
  // When the bucket will be empty, counting every place reserved.
  absl::Time empty_at_ = absl::InfinitePast();
  absl::Time hold_until_ = absl::InfinitePast();
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_LEAKY_BUCKET_H_
