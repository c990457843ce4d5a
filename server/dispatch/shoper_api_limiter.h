// ShoperApiLimiter: the one way the core calls a shop's Shoper REST API,
// within the shop's rate limit, with retries and a deadline, and counted.
#ifndef OPINUS_SERVER_DISPATCH_SHOPER_API_LIMITER_H_
#define OPINUS_SERVER_DISPATCH_SHOPER_API_LIMITER_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/metrics.h"
#include "common/rate_bucket.h"
#include "server/dispatch/http_fetch.h"
#include "server/domain/clock.h"
#include "server/domain/delivery_rules.h"
#include "server/domain/random.h"

namespace opinus::server {

// ShoperCallPolicy: the shop's bucket as Shoper documents it; how a failed
// call is tried again (attempts in all, the backoff when no Retry-After
// says how long); the longest wait before one attempt (a longer
// Retry-After fails the call rather than hold a thread); the deadline of a
// whole call, its waits and retries included.
struct ShoperCallPolicy {
  RateLimit bucket{2, 10};
  RetryPolicy retry{absl::Seconds(1), absl::Seconds(16), 5};
  absl::Duration max_wait = absl::Seconds(30);
  absl::Duration deadline = absl::Seconds(60);
};

// ShoperRetries says which failures a call may be made again after.
enum class ShoperRetries {
  // A 429, a 5xx, a timeout or an unreachable shop: for calls that may be
  // made twice (reads, PUT).
  kOnFailure,
  // Only a 429, which Shoper answers before doing anything: for calls that
  // must not be made twice (a one-time auth code, a refresh token, POST
  // webhooks), since a lost answer may hide a call that was done.
  kOnlyThrottled,
};

// ParseRetryAfter returns a Retry-After header's wait (whole seconds, as
// Shoper sends it); nullopt when absent or not a number of seconds.
std::optional<absl::Duration> ParseRetryAfter(absl::string_view value);

// ShoperApiLimiter keeps one RateBucket per shop (by shop URL) for every
// call this process makes to it, so the threads of one core share it.
// Several cores each keep their own: together they may go faster than the
// bucket, and the shop's 429s (honoured by every core) slow them down.
// Thread-safe. Does not own `clock`, `random` or `metrics`.
class ShoperApiLimiter {
 public:
  // FetchFunction makes one HTTP request (HttpFetch); SleepFunction waits.
  using FetchFunction =
      std::function<absl::StatusOr<FetchResponse>(const FetchRequest&, const FetchLimits&)>;
  using SleepFunction = std::function<void(absl::Duration)>;

  ShoperApiLimiter(ShoperCallPolicy policy, const Clock* clock, RandomSource* random,
                   metrics::Registry* metrics, FetchFunction fetch = HttpFetch,
                   SleepFunction sleep = absl::SleepFor);

  // Fetch makes `request` to the shop at `shop_url` once its bucket has room
  // and returns the last answer, whatever its status: a 429 holds every call
  // to the shop for its Retry-After (else the backoff) and is made again; a
  // 5xx or a transport error is made again after the backoff when `retries`
  // allows, up to the policy's attempts. Each attempt is bounded by `limits`
  // and by what is left of the deadline. `call` names the call in metrics
  // and errors ("GET orders"). Errors as HttpFetch's (UNAVAILABLE,
  // DEADLINE_EXCEEDED), and DEADLINE_EXCEEDED when the next attempt could
  // not start before the deadline or after the longest wait.
  absl::StatusOr<FetchResponse> Fetch(absl::string_view shop_url, absl::string_view call,
                                      const FetchRequest& request, const FetchLimits& limits,
                                      ShoperRetries retries);

 private:
  // Reserve returns when the next call to `shop_url` may go.
  absl::Time Reserve(const std::string& shop_url);
  // Hold keeps every call to `shop_url` until `until`.
  void Hold(const std::string& shop_url, absl::Time until);
  // Wait sleeps `duration`, counted under `reason`.
  void Wait(absl::Duration duration, absl::string_view reason);

  const ShoperCallPolicy policy_;
  const Clock* clock_;
  RandomSource* random_;
  const FetchFunction fetch_;
  const SleepFunction sleep_;
  metrics::Family<metrics::Counter>& calls_;
  metrics::Family<metrics::Histogram>& waits_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, RateBucket> buckets_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_SHOPER_API_LIMITER_H_
