// FakeShoperBucket: a shop's rate limit as Shoper documents it (a leaky
// bucket of 10 calls drained at 2 a second, 429 with Retry-After beyond
// it), kept the way a server sees calls arrive.
#ifndef OPINUS_TESTS_SUPPORT_FAKE_SHOPER_BUCKET_H_
#define OPINUS_TESTS_SUPPORT_FAKE_SHOPER_BUCKET_H_

#include "absl/time/time.h"

namespace opinus::testing {

// FakeShoperBucket admits or refuses each call as it arrives; a refused
// call adds nothing. It can also be told to refuse the next calls whatever
// the level. Written apart from the core's RateBucket so that a test
// against it checks the core's rule rather than repeating it. Not
// thread-safe (the fake's lock guards it).
class FakeShoperBucket {
 public:
  // Admit returns 0 when a call arriving at `now` fits in the bucket (and
  // adds it), else the Retry-After to answer with its 429: the whole
  // seconds until it would fit, at least 1.
  int Admit(absl::Time now);

  // RefuseNext makes the next `count` calls answer 429 with Retry-After
  // `retry_after_seconds`.
  void RefuseNext(int count, int retry_after_seconds);

 private:
  double level_ = 0;
  absl::Time last_ = absl::InfinitePast();
  int refuse_next_ = 0;
  int refuse_retry_after_ = 1;
};

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_SUPPORT_FAKE_SHOPER_BUCKET_H_
