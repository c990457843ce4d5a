// Clock: the one source of "now" for the core, so tests can fix time.
#ifndef OPINUS_SERVER_DOMAIN_CLOCK_H_
#define OPINUS_SERVER_DOMAIN_CLOCK_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace opinus::server {

// Clock tells the current time. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // Now returns the current time.
  virtual absl::Time Now() const = 0;
};

// SystemClock is the wall clock.
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_CLOCK_H_
