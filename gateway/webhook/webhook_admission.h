// WebhookAdmission: the gateway's limits on webhook requests (URL and header
// size, rates per client address and per key, requests in flight per key,
// unknown-key probing) and the time floor of unknown-key answers.
#ifndef OPINUS_GATEWAY_WEBHOOK_WEBHOOK_ADMISSION_H_
#define OPINUS_GATEWAY_WEBHOOK_WEBHOOK_ADMISSION_H_

#include <cstddef>
#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/rate_bucket.h"
#include "gateway/http/http_reply.h"
#include "gateway/limits/concurrency_limiter.h"
#include "gateway/limits/keyed_rate_limiter.h"

namespace opinus::gateway {

// WebhookLimits are the configurable limits (flags of opinus-gateway). A rate
// with per_second <= 0, or a count < 1, switches that limit off.
struct WebhookLimits {
  // Longest request target (path and query) in bytes: 414 above.
  size_t max_url_bytes = 2048;
  // Most bytes of header names and values together: 431 above.
  size_t max_header_bytes = 16 * 1024;
  // Every webhook request of one client address. Shoper sends the deliveries
  // of many shops from few addresses, so this is the loose one.
  RateLimit per_address{100, 200};
  // The deliveries of one shop (one key).
  RateLimit per_key{20, 50};
  // Requests of one key being served at once.
  int max_in_flight_per_key = 4;
  // Requests of all keys being served at once: more get 503 (Shoper retries)
  // rather than a queue without end when the core is saturated. Each holds
  // no thread while the core works, only memory and a connection.
  int max_in_flight = 1024;
  // Unknown-key answers one client address may get: when spent, all its
  // webhook requests get 429 until the bucket refills.
  RateLimit unknown_keys_per_address{0.5, 20};
  // An unknown-key answer is never sent sooner than this after the request
  // arrived, so that it takes as long as recording a known key's event.
  absl::Duration unknown_key_floor = absl::Milliseconds(50);
  // Most unknown-key answers waiting out the floor at once (they hold no
  // thread, but memory and a connection each); more get 429.
  size_t max_delayed_answers = 1024;
  // Most addresses or keys tracked by each rate table.
  size_t max_tracked = 100000;
};

// WebhookRequestShape is what admission looks at, before any work is done.
struct WebhookRequestShape {
  // The client's address (IP), as the TCP connection shows it.
  absl::string_view address;
  // The {key} path segment, as received (may be malformed).
  absl::string_view key;
  // Bytes of the request target and of all header names and values.
  size_t url_bytes = 0;
  size_t header_bytes = 0;
};

// WebhookSlots are one admitted request's places among the requests in
// flight: its key's and everyone's. Destroying them gives both back.
struct WebhookSlots {
  ConcurrencyLimiter::Slot key;
  ConcurrencyLimiter::Slot all;
};

// WebhookAdmission decides which webhook requests are served. Thread-safe.
// Times come from the caller, so tests need neither a clock nor sleeps.
class WebhookAdmission {
 public:
  explicit WebhookAdmission(WebhookLimits limits);

  // Admit returns std::nullopt when the request may be served, with `*slots`
  // holding its places among the requests in flight until the caller
  // destroys them; else the answer to send instead, checked in this order:
  // 414 for a URL over max_url_bytes, 431 for headers over max_header_bytes,
  // 429 when the address is over its rate, when the address has spent its
  // unknown-key answers, when the key is over its rate, or when the key has
  // max_in_flight_per_key requests in flight; 503 when max_in_flight requests
  // are. Every 429 and that 503 carry retry_after_seconds (at least 1). A
  // malformed key takes no slot: it is answered without calling the core.
  std::optional<HttpReply> Admit(const WebhookRequestShape& request, absl::Time now,
                                 WebhookSlots* slots);

  // DelayedAnswersFull returns the 429 for an unknown-key answer that found
  // no room to wait out its floor.
  HttpReply DelayedAnswersFull() const;

  // Finished records the answer `reply` given to `address` at `now`, after
  // `elapsed` of work, and returns how long the caller must hold the answer
  // back: for an unknown key, the rest of unknown_key_floor (it also spends
  // one of the address's unknown-key answers); else zero.
  absl::Duration Finished(absl::string_view address, const HttpReply& reply, absl::Duration elapsed,
                          absl::Time now);

 private:
  const WebhookLimits limits_;
  KeyedRateLimiter per_address_;
  KeyedRateLimiter per_key_;
  KeyedRateLimiter unknown_keys_;
  ConcurrencyLimiter in_flight_;
  ConcurrencyLimiter all_in_flight_;
};

// IsUnknownKeyReply returns whether `reply` says the key is not a shop's.
bool IsUnknownKeyReply(const HttpReply& reply);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_WEBHOOK_WEBHOOK_ADMISSION_H_
