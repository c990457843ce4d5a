// Tests of the rules for failed sends: classification, backoff with jitter,
// giving up.
#include "server/domain/delivery_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/server/fake_clock.h"

namespace opinus::server {
namespace {

using ::testing::HasSubstr;

TEST(ClassifySmtpReplyTest, FiveHundredsArePermanentTheRestTemporary) {
  EXPECT_EQ(ClassifySmtpReply(550), FailureKind::kPermanent);
  EXPECT_EQ(ClassifySmtpReply(554), FailureKind::kPermanent);
  EXPECT_EQ(ClassifySmtpReply(421), FailureKind::kTemporary);
  EXPECT_EQ(ClassifySmtpReply(451), FailureKind::kTemporary);
  // No reply at all: refused connection or timeout.
  EXPECT_EQ(ClassifySmtpReply(0), FailureKind::kTemporary);
}

TEST(BackoffDelayTest, DoublesUpToTheCap) {
  RetryPolicy policy;
  policy.initial_backoff = absl::Minutes(1);
  policy.max_backoff = absl::Minutes(10);
  // unit_random 1.0 (clamped) is the full delay; 0.0 is half of it.
  EXPECT_EQ(BackoffDelay(policy, 1, 1.0), absl::Minutes(1));
  EXPECT_EQ(BackoffDelay(policy, 2, 1.0), absl::Minutes(2));
  EXPECT_EQ(BackoffDelay(policy, 3, 1.0), absl::Minutes(4));
  EXPECT_EQ(BackoffDelay(policy, 4, 1.0), absl::Minutes(8));
  EXPECT_EQ(BackoffDelay(policy, 5, 1.0), absl::Minutes(10));
  EXPECT_EQ(BackoffDelay(policy, 1000, 1.0), absl::Minutes(10));
}

TEST(BackoffDelayTest, JitterSpreadsBetweenHalfAndFull) {
  RetryPolicy policy;
  policy.initial_backoff = absl::Minutes(4);
  EXPECT_EQ(BackoffDelay(policy, 1, 0.0), absl::Minutes(2));
  EXPECT_EQ(BackoffDelay(policy, 1, 0.5), absl::Minutes(3));
  EXPECT_LT(BackoffDelay(policy, 1, 0.999), absl::Minutes(4));
}

TEST(DecideAfterFailureTest, TemporaryFailureRetriesAfterTheBackoff) {
  FakeClock clock(absl::FromUnixSeconds(1715760000));
  RetryPolicy policy;
  FailureDecision decision = DecideAfterFailure(policy, FailureKind::kTemporary, 0,
                                                "connection refused", clock.Now(), 0.0);
  EXPECT_FALSE(decision.give_up);
  EXPECT_EQ(decision.retry_at, clock.Now() + absl::Seconds(30));
  EXPECT_EQ(decision.reason.code, InvitationReasonCode::kRetrying);
  EXPECT_EQ(decision.reason.count, 1);
  EXPECT_EQ(decision.reason.time, decision.retry_at);
  EXPECT_EQ(decision.reason.detail, "connection refused");
  EXPECT_THAT(InvitationReasonText(decision.reason), HasSubstr("attempt 1 failed"));

  clock.Advance(absl::Seconds(30));
  decision =
      DecideAfterFailure(policy, FailureKind::kTemporary, 1, "451 try later", clock.Now(), 0.0);
  EXPECT_FALSE(decision.give_up);
  EXPECT_EQ(decision.retry_at, clock.Now() + absl::Minutes(1));
}

TEST(DecideAfterFailureTest, PermanentFailureGivesUpAtOnceWithTheReply) {
  FailureDecision decision =
      DecideAfterFailure(RetryPolicy{}, FailureKind::kPermanent, 0, "550 5.1.1 mailbox unavailable",
                         absl::UnixEpoch(), 0.3);
  EXPECT_TRUE(decision.give_up);
  EXPECT_EQ(decision.reason.code, InvitationReasonCode::kRefused);
  EXPECT_EQ(decision.reason.detail, "550 5.1.1 mailbox unavailable");
}

TEST(DecideAfterFailureTest, TheLastAllowedAttemptGivesUp) {
  RetryPolicy policy;
  policy.max_attempts = 3;
  EXPECT_FALSE(
      DecideAfterFailure(policy, FailureKind::kTemporary, 1, "timeout", absl::UnixEpoch(), 0.5)
          .give_up);
  FailureDecision last =
      DecideAfterFailure(policy, FailureKind::kTemporary, 2, "timeout", absl::UnixEpoch(), 0.5);
  EXPECT_TRUE(last.give_up);
  EXPECT_EQ(last.reason.code, InvitationReasonCode::kGaveUp);
  EXPECT_THAT(InvitationReasonText(last.reason), HasSubstr("gave up after 3 attempts: timeout"));
}

}  // namespace
}  // namespace opinus::server
