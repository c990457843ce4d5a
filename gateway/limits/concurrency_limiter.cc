#include "gateway/limits/concurrency_limiter.h"

#include <utility>

namespace opinus::gateway {

ConcurrencyLimiter::Slot::Slot(Slot&& other) noexcept
    : limiter_(std::exchange(other.limiter_, nullptr)), key_(std::move(other.key_)) {}

ConcurrencyLimiter::Slot& ConcurrencyLimiter::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    Release();
    limiter_ = std::exchange(other.limiter_, nullptr);
    key_ = std::move(other.key_);
  }
  return *this;
}

ConcurrencyLimiter::Slot::~Slot() { Release(); }

void ConcurrencyLimiter::Slot::Release() {
  if (limiter_ == nullptr) return;
  limiter_->Release(key_);
  limiter_ = nullptr;
}

ConcurrencyLimiter::Slot ConcurrencyLimiter::TryAcquire(absl::string_view key, bool* allowed) {
  if (max_per_key_ < 1) {
    *allowed = true;
    return Slot();
  }
  absl::MutexLock lock(&mutex_);
  int& count = in_flight_[key];
  *allowed = count < max_per_key_;
  if (!*allowed) return Slot();
  ++count;
  return Slot(this, std::string(key));
}

void ConcurrencyLimiter::Release(const std::string& key) {
  absl::MutexLock lock(&mutex_);
  auto found = in_flight_.find(key);
  if (found == in_flight_.end()) return;
  if (--found->second <= 0) in_flight_.erase(found);
}

int ConcurrencyLimiter::InFlight(absl::string_view key) const {
  absl::MutexLock lock(&mutex_);
  auto found = in_flight_.find(key);
  return found == in_flight_.end() ? 0 : found->second;
}

}  // namespace opinus::gateway
