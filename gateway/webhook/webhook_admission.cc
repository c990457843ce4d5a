#include "gateway/webhook/webhook_admission.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "common/webhook_key.h"
#include "gateway/http/json_body.h"
#include "gateway/http/status_to_http.h"

namespace opinus::gateway {
namespace {

constexpr absl::string_view kUnknownKeyOutcome = "unknown_key";

// TooMany returns the 429 of the status table, asking to come back after
// `wait`, rounded up to whole seconds as Retry-After counts them.
HttpReply TooMany(absl::Duration wait, std::string outcome) {
  const absl::Status status = absl::ResourceExhaustedError(outcome);
  HttpReply reply =
      ErrorJsonReply(HttpStatusFor(status.code()), PublicErrorMessage(status), std::move(outcome));
  reply.retry_after_seconds = std::max(1, static_cast<int>(std::ceil(absl::ToDoubleSeconds(wait))));
  return reply;
}

// Saturated returns the 503 for a request that finds the gateway at its
// limit of requests in flight: the core is not keeping up, come back soon.
HttpReply Saturated() {
  const absl::Status status = absl::UnavailableError("saturated");
  HttpReply reply =
      ErrorJsonReply(HttpStatusFor(status.code()), PublicErrorMessage(status), "saturated");
  reply.retry_after_seconds = 1;
  return reply;
}

}  // namespace

bool IsUnknownKeyReply(const HttpReply& reply) { return reply.outcome == kUnknownKeyOutcome; }

WebhookAdmission::WebhookAdmission(WebhookLimits limits)
    : limits_(limits),
      per_address_(limits.per_address, limits.max_tracked),
      per_key_(limits.per_key, limits.max_tracked),
      unknown_keys_(limits.unknown_keys_per_address, limits.max_tracked),
      in_flight_(limits.max_in_flight_per_key),
      all_in_flight_(limits.max_in_flight) {}

std::optional<HttpReply> WebhookAdmission::Admit(const WebhookRequestShape& request, absl::Time now,
                                                 WebhookSlots* slots) {
  if (request.url_bytes > limits_.max_url_bytes) {
    return ErrorJsonReply(414, "url: too long", "url_too_long");
  }
  if (request.header_bytes > limits_.max_header_bytes) {
    return ErrorJsonReply(431, "headers: too large", "headers_too_large");
  }
  if (absl::Duration wait = per_address_.TryTake(request.address, now);
      wait > absl::ZeroDuration()) {
    return TooMany(wait, "rate_limited_address");
  }
  // Checked before the key is looked at: a prober must not learn anything
  // more, known key or not, until the bucket refills.
  if (absl::Duration wait = unknown_keys_.Wait(request.address, now); wait > absl::ZeroDuration()) {
    return TooMany(wait, "probing");
  }
  // A malformed key is answered as unknown without a bucket of its own, which
  // would only let fresh garbage keys fill the table.
  if (!IsWellFormedWebhookKey(request.key)) return std::nullopt;
  if (absl::Duration wait = per_key_.TryTake(request.key, now); wait > absl::ZeroDuration()) {
    return TooMany(wait, "rate_limited_key");
  }
  bool allowed = false;
  slots->key = in_flight_.TryAcquire(request.key, &allowed);
  if (!allowed) return TooMany(absl::Seconds(1), "too_many_in_flight");
  slots->all = all_in_flight_.TryAcquire("", &allowed);
  if (!allowed) {
    slots->key = ConcurrencyLimiter::Slot();
    return Saturated();
  }
  return std::nullopt;
}

HttpReply WebhookAdmission::DelayedAnswersFull() const {
  return TooMany(absl::Seconds(1), "unknown_key_overflow");
}

absl::Duration WebhookAdmission::Finished(absl::string_view address, const HttpReply& reply,
                                          absl::Duration elapsed, absl::Time now) {
  if (!IsUnknownKeyReply(reply)) return absl::ZeroDuration();
  // Spends the token even when the bucket is empty already: TryTake then
  // takes nothing, and Admit refuses the address's next requests anyway.
  unknown_keys_.TryTake(address, now);
  return std::max(absl::ZeroDuration(), limits_.unknown_key_floor - elapsed);
}

}  // namespace opinus::gateway
