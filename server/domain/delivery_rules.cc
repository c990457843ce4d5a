#include "server/domain/delivery_rules.h"

#include <algorithm>

namespace opinus::server {

FailureKind ClassifySmtpReply(int reply_code) {
  return reply_code >= 500 && reply_code < 600 ? FailureKind::kPermanent : FailureKind::kTemporary;
}

absl::Duration BackoffDelay(const RetryPolicy& policy, int failed_attempts, double unit_random) {
  absl::Duration delay = policy.initial_backoff;
  // Doubling stops at the cap, so no overflow however many attempts.
  for (int i = 1; i < failed_attempts && delay < policy.max_backoff; ++i) delay *= 2;
  delay = std::min(delay, policy.max_backoff);
  const double jitter = 0.5 + std::clamp(unit_random, 0.0, 1.0) / 2;
  return delay * jitter;
}

FailureDecision DecideAfterFailure(const RetryPolicy& policy, FailureKind kind,
                                   int previous_attempts, const std::string& error, absl::Time now,
                                   double unit_random) {
  const int attempts = previous_attempts + 1;
  FailureDecision decision;
  decision.reason.detail = error;
  decision.reason.count = attempts;
  if (kind == FailureKind::kPermanent) {
    decision.give_up = true;
    decision.reason.code = InvitationReasonCode::kRefused;
    return decision;
  }
  if (attempts >= policy.max_attempts) {
    decision.give_up = true;
    decision.reason.code = InvitationReasonCode::kGaveUp;
    return decision;
  }
  decision.retry_at = now + BackoffDelay(policy, attempts, unit_random);
  decision.reason.code = InvitationReasonCode::kRetrying;
  decision.reason.time = decision.retry_at;
  return decision;
}

}  // namespace opinus::server
