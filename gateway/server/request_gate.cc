#include "gateway/server/request_gate.h"

namespace opinus::gateway {

RequestGate::Pass& RequestGate::Pass::operator=(Pass&& other) noexcept {
  if (this != &other) {
    Leave();
    gate_ = std::exchange(other.gate_, nullptr);
  }
  return *this;
}

void RequestGate::Pass::Leave() {
  if (gate_ != nullptr) std::exchange(gate_, nullptr)->Leave();
}

RequestGate::Pass RequestGate::Enter() {
  absl::MutexLock lock(&mutex_);
  if (closed_) return Pass();
  ++in_flight_;
  return Pass(this);
}

void RequestGate::Leave() {
  absl::MutexLock lock(&mutex_);
  --in_flight_;
}

bool RequestGate::draining() const {
  absl::MutexLock lock(&mutex_);
  return draining_;
}

int RequestGate::Drain(absl::Time deadline) {
  absl::MutexLock lock(&mutex_);
  draining_ = true;
  auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return in_flight_ == 0; };
  mutex_.AwaitWithDeadline(absl::Condition(&idle), deadline);
  // Closed under the same lock that saw the count: nothing can enter between.
  closed_ = true;
  return in_flight_;
}

}  // namespace opinus::gateway
