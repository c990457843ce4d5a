// LeakyBucket: the burst, the steady rate, draining while idle, and a hold.
// Time is passed in: nothing sleeps.

#include "server/domain/leaky_bucket.h"

#include "gtest/gtest.h"

namespace opinus::server {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1800000000);

TEST(LeakyBucketTest, TenGoAtOnceThenTwoASecond) {
  LeakyBucket bucket;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(bucket.Reserve(kStart), kStart) << i;
  EXPECT_EQ(bucket.Reserve(kStart), kStart + absl::Milliseconds(500));
  EXPECT_EQ(bucket.Reserve(kStart), kStart + absl::Seconds(1));
  EXPECT_EQ(bucket.Reserve(kStart), kStart + absl::Milliseconds(1500));
}

TEST(LeakyBucketTest, ACallerThatKeepsTheRateNeverWaits) {
  LeakyBucket bucket;
  for (int i = 0; i < 100; ++i) {
    const absl::Time now = kStart + i * absl::Milliseconds(500);
    EXPECT_EQ(bucket.Reserve(now), now) << i;
  }
}

TEST(LeakyBucketTest, DrainsWhileIdle) {
  LeakyBucket bucket;
  for (int i = 0; i < 10; ++i) ASSERT_EQ(bucket.Reserve(kStart), kStart);
  // Two seconds drain four calls: four fit again, the fifth waits.
  const absl::Time later = kStart + absl::Seconds(2);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(bucket.Reserve(later), later) << i;
  EXPECT_EQ(bucket.Reserve(later), later + absl::Milliseconds(500));
  // Five seconds after the last place, the bucket is empty again.
  EXPECT_FALSE(bucket.IdleAt(later + absl::Seconds(4)));
  EXPECT_TRUE(bucket.IdleAt(later + absl::Milliseconds(5500)));
}

TEST(LeakyBucketTest, AHoldDelaysEveryCallThenTheSteadyRate) {
  LeakyBucket bucket;
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

TEST(LeakyBucketTest, OtherLimits) {
  LeakyBucket bucket(LeakyBucketLimits{2, 4});
  EXPECT_EQ(bucket.Reserve(kStart), kStart);
  EXPECT_EQ(bucket.Reserve(kStart), kStart);
  EXPECT_EQ(bucket.Reserve(kStart), kStart + absl::Milliseconds(250));
}

}  // namespace
}  // namespace opinus::server
