#include "server/dispatch/shoper_api_limiter.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace opinus::server {
namespace {

// Buckets kept before the idle ones are forgotten.
constexpr size_t kMaxBuckets = 1024;

// ResultName names how an attempt went, for the calls counter.
std::string ResultName(const absl::StatusOr<FetchResponse>& answer) {
  if (!answer.ok()) return absl::IsDeadlineExceeded(answer.status()) ? "timeout" : "unreachable";
  if (answer->status == 429) return "throttled";
  if (answer->status >= 500) return "server_error";
  if (answer->status >= 400) return "refused";
  return "ok";
}

// Retryable returns whether a failed attempt may be made again after the
// backoff: the shop could not be reached, was too slow, or failed itself.
bool Retryable(const absl::StatusOr<FetchResponse>& answer) {
  if (!answer.ok()) {
    return absl::IsUnavailable(answer.status()) || absl::IsDeadlineExceeded(answer.status());
  }
  return answer->status >= 500;
}

}  // namespace

std::optional<absl::Duration> ParseRetryAfter(absl::string_view value) {
  int64_t seconds = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(value), &seconds) || seconds < 0) {
    return std::nullopt;
  }
  return absl::Seconds(seconds);
}

ShoperApiLimiter::ShoperApiLimiter(ShoperCallPolicy policy, const Clock* clock,
                                   RandomSource* random, metrics::Registry* metrics,
                                   FetchFunction fetch, SleepFunction sleep)
    : policy_(policy),
      clock_(clock),
      random_(random),
      fetch_(std::move(fetch)),
      sleep_(std::move(sleep)),
      calls_(metrics->AddCounter("opinus_shoper_api_calls_total",
                                 "Calls to shops' Shoper REST API, by call and result (ok, "
                                 "throttled: a 429, refused: another 4xx, server_error, "
                                 "unreachable, timeout).",
                                 {"call", "result"})),
      waits_(metrics->AddHistogram(
          "opinus_shoper_api_wait_seconds",
          "Waits before a call to a shop's Shoper REST API, by reason (rate_limit: the shop's "
          "bucket or a 429's Retry-After; backoff: after a failure).",
          {"reason"}, {0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60})) {}

absl::StatusOr<FetchResponse> ShoperApiLimiter::Fetch(absl::string_view shop_url,
                                                      absl::string_view call,
                                                      const FetchRequest& request,
                                                      const FetchLimits& limits,
                                                      ShoperRetries retries) {
  const std::string shop(shop_url);
  const absl::Time deadline = clock_->Now() + policy_.deadline;
  for (int attempt = 1;; ++attempt) {
    const absl::Time now = clock_->Now();
    const absl::Time go_at = Reserve(shop);
    if (go_at - now > policy_.max_wait || go_at >= deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat(call, ": the shop's rate limit leaves no time before the deadline"));
    }
    if (go_at > now) Wait(go_at - now, "rate_limit");
    const absl::Duration left = deadline - clock_->Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(absl::StrCat(call, ": deadline exceeded"));
    }
    FetchLimits bounded = limits;
    bounded.timeout = std::min(limits.timeout, left);
    bounded.connect_timeout = std::min(limits.connect_timeout, left);
    absl::StatusOr<FetchResponse> answer = fetch_(request, bounded);
    calls_.With({call, ResultName(answer)}).Increment();
    const bool last = attempt >= policy_.retry.max_attempts;
    if (answer.ok() && answer->status == 429) {
      // Every call to the shop waits, not only this one's next attempt.
      const std::optional<absl::Duration> retry_after = ParseRetryAfter(answer->retry_after);
      const absl::Duration hold =
          retry_after.value_or(BackoffDelay(policy_.retry, attempt, random_->NextUnit()));
      Hold(shop, clock_->Now() + hold);
      if (last || hold > policy_.max_wait || clock_->Now() + hold >= deadline) return answer;
      continue;
    }
    if (last || retries != ShoperRetries::kOnFailure || !Retryable(answer)) return answer;
    const absl::Duration backoff = BackoffDelay(policy_.retry, attempt, random_->NextUnit());
    if (clock_->Now() + backoff >= deadline) return answer;
    Wait(backoff, "backoff");
  }
}

absl::Time ShoperApiLimiter::Reserve(const std::string& shop_url) {
  absl::MutexLock lock(&mutex_);
  const absl::Time now = clock_->Now();
  if (buckets_.size() >= kMaxBuckets) {
    absl::erase_if(buckets_, [now](const auto& entry) { return entry.second.IdleAt(now); });
  }
  return buckets_.try_emplace(shop_url, policy_.bucket).first->second.Reserve(now);
}

void ShoperApiLimiter::Hold(const std::string& shop_url, absl::Time until) {
  absl::MutexLock lock(&mutex_);
  buckets_.try_emplace(shop_url, policy_.bucket).first->second.HoldUntil(until);
}

void ShoperApiLimiter::Wait(absl::Duration duration, absl::string_view reason) {
  waits_.With({reason}).ObserveDuration(duration);
  sleep_(duration);
}

}  // namespace opinus::server
