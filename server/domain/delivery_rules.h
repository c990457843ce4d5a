// The rules for a failed send: which failures are worth a retry, how long to
// back off (exponential, with jitter), and when to give up. Pure functions.
#ifndef OPINUS_SERVER_DOMAIN_DELIVERY_RULES_H_
#define OPINUS_SERVER_DOMAIN_DELIVERY_RULES_H_

#include <string>

#include "absl/time/time.h"
#include "server/domain/invitation_reason.h"

namespace opinus::server {

struct RetryPolicy {
  // The wait after the first failure; it doubles with each further one.
  absl::Duration initial_backoff = absl::Minutes(1);
  absl::Duration max_backoff = absl::Hours(6);
  // Attempts in all, the first included; the last failure fails the invitation.
  int max_attempts = 8;
};

enum class FailureKind {
  // Connection refused, timeout, a 4xx reply: the same mail may pass later.
  kTemporary,
  // A 5xx reply: the server refuses this mail for good.
  kPermanent,
};

// ClassifySmtpReply returns kPermanent for a 5xx reply code and kTemporary
// for anything else: a 4xx, or 0 when no reply came (refused, timed out).
FailureKind ClassifySmtpReply(int reply_code);

// BackoffDelay returns the wait after `failed_attempts` (>= 1) failures:
// initial_backoff * 2^(failed_attempts - 1), at most max_backoff, scaled by
// a jitter factor 0.5 + unit_random / 2 (unit_random in [0, 1)) so that
// invitations that failed together do not retry together.
absl::Duration BackoffDelay(const RetryPolicy& policy, int failed_attempts, double unit_random);

// FailureDecision says what a failed attempt does to an invitation.
struct FailureDecision {
  // True: the invitation fails now with `reason`. False: it retries at `retry_at`.
  bool give_up = false;
  absl::Time retry_at;
  InvitationReason reason;
};

// DecideAfterFailure decides after an attempt failed with `error`, when
// `previous_attempts` attempts had failed before it: a permanent failure or
// the last allowed attempt gives up; anything else retries after the backoff.
FailureDecision DecideAfterFailure(const RetryPolicy& policy, FailureKind kind,
                                   int previous_attempts, const std::string& error, absl::Time now,
                                   double unit_random);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_DELIVERY_RULES_H_
