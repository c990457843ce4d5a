// ConcurrencyLimiter: at most N requests in flight per key.
#ifndef OPINUS_GATEWAY_LIMITS_CONCURRENCY_LIMITER_H_
#define OPINUS_GATEWAY_LIMITS_CONCURRENCY_LIMITER_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace opinus::gateway {

// ConcurrencyLimiter counts the requests in flight of each key. Thread-safe.
// Keys are forgotten when their count drops to zero, so the table holds only
// keys with requests in flight (at most the server's thread count).
class ConcurrencyLimiter {
 public:
  // Slot is one request's place: the count of its key goes down when the Slot
  // is destroyed. An empty Slot (refused, or moved from) holds nothing.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept;
    Slot& operator=(Slot&& other) noexcept;
    ~Slot();

    // held returns whether the slot counts against its key.
    bool held() const { return limiter_ != nullptr; }

   private:
    friend class ConcurrencyLimiter;
    Slot(ConcurrencyLimiter* limiter, std::string key) : limiter_(limiter), key_(std::move(key)) {}
    void Release();

    ConcurrencyLimiter* limiter_ = nullptr;
    std::string key_;
  };

  // `max_per_key` < 1 switches the limit off.
  explicit ConcurrencyLimiter(int max_per_key) : max_per_key_(max_per_key) {}

  // TryAcquire returns a held Slot when `key` has fewer than max_per_key
  // requests in flight, else an empty one. With the limit off, every Slot is
  // empty and every request allowed: check `allowed`, not `held`.
  Slot TryAcquire(absl::string_view key, bool* allowed);

  // InFlight returns the count of `key` (for tests).
  int InFlight(absl::string_view key) const;

 private:
  void Release(const std::string& key);

  const int max_per_key_;
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, int> in_flight_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_LIMITS_CONCURRENCY_LIMITER_H_
