// RandomSource: the one source of randomness for the rules (backoff jitter),
// so tests can fix it.
#ifndef OPINUS_SERVER_DOMAIN_RANDOM_H_
#define OPINUS_SERVER_DOMAIN_RANDOM_H_

#include <random>

#include "absl/synchronization/mutex.h"

namespace opinus::server {

// RandomSource returns uniform numbers. Implementations are thread-safe. Not
// for secrets: tokens come from the CSPRNG (see domain/token.h).
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // NextUnit returns a number in [0, 1).
  virtual double NextUnit() = 0;
};

// SystemRandom is a Mersenne Twister seeded from std::random_device.
class SystemRandom final : public RandomSource {
 public:
  SystemRandom() : engine_(std::random_device{}()) {}
  double NextUnit() override {
    absl::MutexLock lock(&mutex_);
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
  }

 private:
  absl::Mutex mutex_;
  std::mt19937_64 engine_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_RANDOM_H_
