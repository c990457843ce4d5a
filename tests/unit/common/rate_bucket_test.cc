// RateBucket, both ways it is used: reserving the turns of calls that wait
// (the core's calls to Shoper: a burst of 10, then 2 a second, 429 holds) and
// refusing calls beyond the rate (the gateway's webhook limits). Times are
// passed in: nothing sleeps.
#include "common/rate_bucket.h"

#include "gtest/gtest.h"

namespace opinus {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1800000000);
// Shoper's documented limit of one shop's API calls.
constexpr RateLimit kShoper{2, 10};

TEST(RateBucketTest, TenGoAtOnceThenTwoASecond) {
  RateBucket bucket(kShoper);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(bucket.Reserve(kStart), kStart) << i;
  EXPECT_EQ(bucket.Reserve(kStart), kStart + absl::Milliseconds(500));
  EXPECT_EQ(bucket.Reserve(kStart), kStart + absl::Seconds(1));
  EXPECT_EQ(bucket.Reserve(kStart), kStart + absl::Milliseconds(1500));
}

TEST(RateBucketTest, ACallerThatKeepsTheRateNeverWaits) {
  RateBucket bucket(kShoper);
  for (int i = 0; i < 100; ++i) {
    const absl::Time now = kStart + i * absl::Milliseconds(500);
    EXPECT_EQ(bucket.Reserve(now), now) << i;
  }
}

TEST(RateBucketTest, DrainsWhileIdle) {
  RateBucket bucket(kShoper);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(bucket.Reserve(kStart), kStart);
  // Two seconds drain four calls: four fit again, the fifth waits.
  const absl::Time later = kStart + absl::Seconds(2);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(bucket.Reserve(later), later) << i;
  EXPECT_EQ(bucket.Reserve(later), later + absl::Milliseconds(500));
  // Five seconds after the last place, the bucket is empty again.
  EXPECT_FALSE(bucket.IdleAt(later + absl::Seconds(4)));
  EXPECT_TRUE(bucket.IdleAt(later + absl::Milliseconds(5500)));
}

TEST(RateBucketTest, AHoldDelaysEveryCallThenTheSteadyRate) {
  RateBucket bucket(kShoper);
  ASSERT_EQ(bucket.Reserve(kStart), kStart);
  const absl::Time until = kStart + absl::Seconds(7);
  bucket.HoldUntil(until);
  EXPECT_FALSE(bucket.IdleAt(kStart + absl::Seconds(6)));
  EXPECT_EQ(bucket.Reserve(kStart + absl::Seconds(1)), until);
  EXPECT_EQ(bucket.Reserve(kStart + absl::Seconds(1)), until + absl::Milliseconds(500));
  // An earlier hold does not shorten a later one.
  bucket.HoldUntil(kStart + absl::Seconds(2));
  EXPECT_EQ(bucket.Reserve(kStart + absl::Seconds(1)), until + absl::Seconds(1));
}

TEST(RateBucketTest, OtherLimits) {
  RateBucket bucket(RateLimit{4, 2});
  EXPECT_EQ(bucket.Reserve(kStart), kStart);
  EXPECT_EQ(bucket.Reserve(kStart), kStart);
  EXPECT_EQ(bucket.Reserve(kStart), kStart + absl::Milliseconds(250));
}

TEST(RateBucketTest, AllowsTheBurstThenOneTokenPerInterval) {
  RateBucket bucket(RateLimit{2, 3});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(bucket.TryTake(kStart), absl::ZeroDuration()) << i;
  EXPECT_EQ(bucket.TryTake(kStart), absl::Milliseconds(500));
  EXPECT_EQ(bucket.TryTake(kStart + absl::Milliseconds(200)), absl::Milliseconds(300));
  EXPECT_EQ(bucket.TryTake(kStart + absl::Milliseconds(500)), absl::ZeroDuration());
  EXPECT_GT(bucket.TryTake(kStart + absl::Milliseconds(500)), absl::ZeroDuration());
}

TEST(RateBucketTest, RefillsNoHigherThanTheBurst) {
  RateBucket bucket(RateLimit{1, 2});
  EXPECT_TRUE(bucket.IdleAt(kStart));
  EXPECT_EQ(bucket.TryTake(kStart), absl::ZeroDuration());
  EXPECT_FALSE(bucket.IdleAt(kStart));
  const absl::Time later = kStart + absl::Hours(1);
  EXPECT_TRUE(bucket.IdleAt(later));
  EXPECT_EQ(bucket.TryTake(later), absl::ZeroDuration());
  EXPECT_EQ(bucket.TryTake(later), absl::ZeroDuration());
  EXPECT_GT(bucket.TryTake(later), absl::ZeroDuration());
}

TEST(RateBucketTest, AClockSteppingBackDrainsNothing) {
  RateBucket bucket(RateLimit{1, 1});
  EXPECT_EQ(bucket.TryTake(kStart), absl::ZeroDuration());
  EXPECT_EQ(bucket.Wait(kStart - absl::Seconds(5)), absl::Seconds(1));
  EXPECT_EQ(bucket.TryTake(kStart + absl::Seconds(1)), absl::ZeroDuration());
}

TEST(RateBucketTest, AZeroRateIsNoLimit) {
  RateBucket bucket(RateLimit{0, 1});
  for (int i = 0; i < 100; ++i) EXPECT_EQ(bucket.TryTake(kStart), absl::ZeroDuration());
}

}  // namespace
}  // namespace opinus
