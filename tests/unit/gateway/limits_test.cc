// Tests of the limiters: keyed tables of rate buckets and requests in flight,
// driven by times the test passes in (nothing sleeps).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gateway/limits/concurrency_limiter.h"
#include "gateway/limits/delay_queue.h"
#include "gateway/limits/keyed_rate_limiter.h"

namespace opinus::gateway {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1715000000);

TEST(KeyedRateLimiterTest, KeysHaveBucketsOfTheirOwn) {
  KeyedRateLimiter limiter(RateLimit{1, 2}, 100);
  EXPECT_EQ(limiter.TryTake("a", kStart), absl::ZeroDuration());
  EXPECT_EQ(limiter.TryTake("a", kStart), absl::ZeroDuration());
  EXPECT_EQ(limiter.TryTake("a", kStart), absl::Seconds(1));
  EXPECT_EQ(limiter.Wait("a", kStart), absl::Seconds(1));
  EXPECT_EQ(limiter.TryTake("b", kStart), absl::ZeroDuration());
  EXPECT_EQ(limiter.Wait("never seen", kStart), absl::ZeroDuration());
  EXPECT_EQ(limiter.size(), 2u);
}

TEST(KeyedRateLimiterTest, AFullTableForgetsRefilledBuckets) {
  KeyedRateLimiter limiter(RateLimit{1, 1}, 2);
  EXPECT_EQ(limiter.TryTake("a", kStart), absl::ZeroDuration());
  EXPECT_EQ(limiter.TryTake("b", kStart), absl::ZeroDuration());
  // Both buckets are empty: a third key shares the overflow bucket.
  EXPECT_EQ(limiter.TryTake("c", kStart), absl::ZeroDuration());
  EXPECT_GT(limiter.TryTake("d", kStart), absl::ZeroDuration());
  EXPECT_EQ(limiter.size(), 2u);
  // A second later a and b have refilled and make room.
  EXPECT_EQ(limiter.TryTake("d", kStart + absl::Seconds(1)), absl::ZeroDuration());
  EXPECT_EQ(limiter.size(), 1u);
}

TEST(KeyedRateLimiterTest, FreshKeysCannotGrowTheTableForever) {
  KeyedRateLimiter limiter(RateLimit{1, 1}, 10);
  int allowed = 0;
  for (int i = 0; i < 1000; ++i) {
    if (limiter.TryTake(std::to_string(i), kStart) == absl::ZeroDuration()) ++allowed;
  }
  EXPECT_EQ(limiter.size(), 10u);
  // Ten keys with buckets of their own, then one overflow token.
  EXPECT_EQ(allowed, 11);
}

TEST(ConcurrencyLimiterTest, CountsSlotsPerKeyAndFreesThem) {
  ConcurrencyLimiter limiter(2);
  bool allowed = false;
  ConcurrencyLimiter::Slot first = limiter.TryAcquire("k", &allowed);
  EXPECT_TRUE(allowed);
  ConcurrencyLimiter::Slot second = limiter.TryAcquire("k", &allowed);
  EXPECT_TRUE(allowed);
  ConcurrencyLimiter::Slot refused = limiter.TryAcquire("k", &allowed);
  EXPECT_FALSE(allowed);
  EXPECT_FALSE(refused.held());
  ConcurrencyLimiter::Slot other = limiter.TryAcquire("other", &allowed);
  EXPECT_TRUE(allowed);
  EXPECT_EQ(limiter.InFlight("k"), 2);

  first = ConcurrencyLimiter::Slot();
  EXPECT_EQ(limiter.InFlight("k"), 1);
  ConcurrencyLimiter::Slot moved = std::move(second);
  EXPECT_EQ(limiter.InFlight("k"), 1);
  ConcurrencyLimiter::Slot again = limiter.TryAcquire("k", &allowed);
  EXPECT_TRUE(allowed);
  EXPECT_EQ(limiter.InFlight("k"), 2);
}

TEST(ConcurrencyLimiterTest, SlotsReleaseOnDestruction) {
  ConcurrencyLimiter limiter(1);
  bool allowed = false;
  {
    ConcurrencyLimiter::Slot slot = limiter.TryAcquire("k", &allowed);
    EXPECT_TRUE(allowed);
    EXPECT_EQ(limiter.InFlight("k"), 1);
  }
  EXPECT_EQ(limiter.InFlight("k"), 0);
}

TEST(ConcurrencyLimiterTest, ZeroIsNoLimit) {
  ConcurrencyLimiter limiter(0);
  bool allowed = false;
  ConcurrencyLimiter::Slot slot = limiter.TryAcquire("k", &allowed);
  EXPECT_TRUE(allowed);
  EXPECT_FALSE(slot.held());
}

TEST(DelayQueueTest, RunsTasksInDueOrderNotBeforeTheyAreDue) {
  std::vector<int> order;
  absl::Mutex mutex;
  absl::Notification done;
  DelayQueue queue(8);
  const absl::Time now = absl::Now();
  for (int i : {3, 1, 2}) {
    DelayQueue::Task task = [&, i, due = now + absl::Milliseconds(20 * i)] {
      EXPECT_GE(absl::Now(), due);
      absl::MutexLock lock(&mutex);
      order.push_back(i);
      if (order.size() == 3) done.Notify();
    };
    ASSERT_TRUE(queue.Schedule(now + absl::Milliseconds(20 * i), task));
  }
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  absl::MutexLock lock(&mutex);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(DelayQueueTest, RefusesBeyondItsCapacityAndLeavesTheTaskToTheCaller) {
  // Before the queue: destroying the queue runs the tasks still waiting.
  int ran = 0;
  DelayQueue queue(2);
  for (int i = 0; i < 2; ++i) {
    DelayQueue::Task task = [&ran] { ++ran; };
    ASSERT_TRUE(queue.Schedule(absl::InfiniteFuture(), task));
  }
  DelayQueue::Task refused = [&ran] { ran += 10; };
  EXPECT_FALSE(queue.Schedule(absl::Now(), refused));
  EXPECT_EQ(queue.Waiting(), 2u);
  ASSERT_TRUE(refused);
  std::move(refused)();
  EXPECT_EQ(ran, 10);
}

TEST(DelayQueueTest, DestroyingItRunsWhatStillWaits) {
  int ran = 0;
  {
    DelayQueue queue(4);
    DelayQueue::Task task = [&ran] { ++ran; };
    ASSERT_TRUE(queue.Schedule(absl::InfiniteFuture(), task));
  }
  EXPECT_EQ(ran, 1);
}

}  // namespace
}  // namespace opinus::gateway
