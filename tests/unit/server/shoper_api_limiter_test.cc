// ShoperApiLimiter over a scripted fetch and a fake clock that its waits
// advance: the bucket shared by a shop's calls, a 429's Retry-After, the
// backoff, which failures are tried again, the deadline, the metrics.

#include "server/dispatch/shoper_api_limiter.h"

#include <deque>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/test_sources.h"

namespace opinus::server {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1800000000);
constexpr char kShop[] = "https://sklep1.shoparena.pl";

FetchResponse Answer(long status, std::string retry_after = "") {
  FetchResponse response;
  response.status = status;
  response.retry_after = std::move(retry_after);
  return response;
}

// ScriptedShop answers each attempt with the next scripted answer (200 when
// none is left) and records when each came and its timeout.
class ScriptedShop {
 public:
  explicit ScriptedShop(FakeClock* clock) : clock_(clock) {}
  void Then(absl::StatusOr<FetchResponse> answer) { script_.push_back(std::move(answer)); }
  absl::StatusOr<FetchResponse> operator()(const FetchRequest&, const FetchLimits& limits) {
    times_.push_back(clock_->Now());
    timeouts_.push_back(limits.timeout);
    if (script_.empty()) return Answer(200);
    absl::StatusOr<FetchResponse> next = script_.front();
    script_.pop_front();
    return next;
  }
  const std::vector<absl::Time>& times() const { return times_; }
  const std::vector<absl::Duration>& timeouts() const { return timeouts_; }

 private:
  FakeClock* clock_;
  std::deque<absl::StatusOr<FetchResponse>> script_;
  std::vector<absl::Time> times_;
  std::vector<absl::Duration> timeouts_;
};

class ShoperApiLimiterTest : public ::testing::Test {
 protected:
  ShoperApiLimiterTest()
      : limiter_(
            ShoperCallPolicy{}, &clock_, &random_, &metrics_,
            [this](const FetchRequest& request, const FetchLimits& limits) {
              return shop_(request, limits);
            },
            [this](absl::Duration wait) {
              waited_.push_back(wait);
              clock_.Advance(wait);
            }) {}

  absl::StatusOr<FetchResponse> Get(ShoperRetries retries = ShoperRetries::kOnFailure,
                                    const char* shop = kShop) {
    return limiter_.Fetch(shop, "GET orders", FetchRequest{}, FetchLimits{}, retries);
  }
  double Calls(const char* result) {
    return metrics_.AddCounter("opinus_shoper_api_calls_total", "", {"call", "result"})
        .With({"GET orders", result})
        .Value();
  }

  FakeClock clock_{kStart};
  FixedRandom random_;
  metrics::Registry metrics_;
  ScriptedShop shop_{&clock_};
  std::vector<absl::Duration> waited_;
  ShoperApiLimiter limiter_;
};

TEST_F(ShoperApiLimiterTest, ABurstOfTenThenTwoASecond) {
  for (int i = 0; i < 14; ++i) ASSERT_EQ(Get()->status, 200);
  ASSERT_EQ(shop_.times().size(), 14u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(shop_.times()[i], kStart) << i;
  for (int i = 10; i < 14; ++i) {
    EXPECT_EQ(shop_.times()[i], kStart + (i - 9) * absl::Milliseconds(500)) << i;
  }
  EXPECT_EQ(Calls("ok"), 14);
  EXPECT_NE(metrics_.Render().find("opinus_shoper_api_wait_seconds_count{reason=\"rate_limit\"} 4"),
            std::string::npos);
}

TEST_F(ShoperApiLimiterTest, EachShopHasItsOwnBucket) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(Get().ok());
  ASSERT_TRUE(Get(ShoperRetries::kOnFailure, "https://sklep2.shoparena.pl").ok());
  EXPECT_EQ(shop_.times().back(), kStart);
}

TEST_F(ShoperApiLimiterTest, A429IsHonouredForItsRetryAfter) {
  shop_.Then(Answer(429, "3"));
  absl::StatusOr<FetchResponse> answer = Get();
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->status, 200);
  ASSERT_EQ(shop_.times().size(), 2u);
  EXPECT_EQ(shop_.times()[1], kStart + absl::Seconds(3));
  // The next call to the shop goes at the steady rate after the hold.
  ASSERT_TRUE(Get().ok());
  EXPECT_EQ(shop_.times()[2], kStart + absl::Milliseconds(3500));
  EXPECT_EQ(Calls("throttled"), 1);
}

TEST_F(ShoperApiLimiterTest, A429WithoutRetryAfterBacksOff) {
  shop_.Then(Answer(429));
  shop_.Then(Answer(429, "soon"));
  ASSERT_EQ(Get()->status, 200);
  ASSERT_EQ(shop_.times().size(), 3u);
  // FixedRandom: half of 1 s, then half of 2 s.
  EXPECT_EQ(shop_.times()[1], kStart + absl::Milliseconds(500));
  EXPECT_EQ(shop_.times()[2], kStart + absl::Milliseconds(1500));
}

TEST_F(ShoperApiLimiterTest, ALongRetryAfterIsReturnedNotWaited) {
  shop_.Then(Answer(429, "120"));
  absl::StatusOr<FetchResponse> answer = Get();
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->status, 429);
  EXPECT_EQ(shop_.times().size(), 1u);
  // The hold stays for every later call.
  EXPECT_EQ(Get().status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(shop_.times().size(), 1u);
}

TEST_F(ShoperApiLimiterTest, ServerErrorsAndTransportErrorsAreRetriedWithBackoff) {
  shop_.Then(Answer(503));
  shop_.Then(absl::UnavailableError("connection refused"));
  shop_.Then(absl::DeadlineExceededError("timed out"));
  ASSERT_EQ(Get()->status, 200);
  ASSERT_EQ(shop_.times().size(), 4u);
  EXPECT_EQ(waited_, (std::vector<absl::Duration>{absl::Milliseconds(500), absl::Seconds(1),
                                                  absl::Seconds(2)}));
  EXPECT_EQ(Calls("server_error"), 1);
  EXPECT_EQ(Calls("unreachable"), 1);
  EXPECT_EQ(Calls("timeout"), 1);
}

TEST_F(ShoperApiLimiterTest, AttemptsAreBounded) {
  for (int i = 0; i < 10; ++i) shop_.Then(Answer(500));
  EXPECT_EQ(Get()->status, 500);
  EXPECT_EQ(shop_.times().size(), 5u);
}

TEST_F(ShoperApiLimiterTest, OnlyThrottledCallsAreNotRetriedAfterAFailure) {
  shop_.Then(Answer(503));
  EXPECT_EQ(Get(ShoperRetries::kOnlyThrottled)->status, 503);
  shop_.Then(absl::UnavailableError("reset"));
  EXPECT_TRUE(absl::IsUnavailable(Get(ShoperRetries::kOnlyThrottled).status()));
  shop_.Then(Answer(429, "1"));
  EXPECT_EQ(Get(ShoperRetries::kOnlyThrottled)->status, 200);
  EXPECT_EQ(shop_.times().size(), 4u);
}

TEST_F(ShoperApiLimiterTest, RefusalsAreNotRetried) {
  shop_.Then(Answer(401));
  EXPECT_EQ(Get()->status, 401);
  EXPECT_EQ(shop_.times().size(), 1u);
  EXPECT_EQ(Calls("refused"), 1);
}

TEST_F(ShoperApiLimiterTest, EachAttemptIsBoundedByWhatIsLeftOfTheDeadline) {
  // 20 s of 429s leave 40 s of the minute's deadline; 15 s is the fetch's own cap.
  shop_.Then(Answer(429, "20"));
  shop_.Then(Answer(429, "25"));
  ASSERT_EQ(Get()->status, 200);
  ASSERT_EQ(shop_.timeouts().size(), 3u);
  EXPECT_EQ(shop_.timeouts()[0], absl::Seconds(15));
  EXPECT_EQ(shop_.timeouts()[2], absl::Seconds(15));
  clock_.Advance(absl::Seconds(100));
  shop_.Then(Answer(429, "30"));
  shop_.Then(Answer(429, "29"));
  // 59 s of holds: the third attempt has 1 s left.
  ASSERT_EQ(Get()->status, 200);
  EXPECT_EQ(shop_.timeouts().back(), absl::Seconds(1));
}

TEST(ParseRetryAfterTest, SecondsOnly) {
  EXPECT_EQ(ParseRetryAfter("2"), absl::Seconds(2));
  EXPECT_EQ(ParseRetryAfter(" 10 "), absl::Seconds(10));
  EXPECT_EQ(ParseRetryAfter("0"), absl::ZeroDuration());
  EXPECT_EQ(ParseRetryAfter(""), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-1"), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT"), std::nullopt);
}

}  // namespace
}  // namespace opinus::server
