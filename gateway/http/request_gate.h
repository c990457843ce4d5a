// RequestGate: counts the requests the gateway is serving, so that shutdown
// can wait for them to be answered before the server stops.
#ifndef OPINUS_GATEWAY_HTTP_REQUEST_GATE_H_
#define OPINUS_GATEWAY_HTTP_REQUEST_GATE_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace opinus::gateway {

// RequestGate is open, then draining (requests still enter, to be refused
// with a complete answer), then closed (nothing enters). Thread-safe.
class RequestGate {
 public:
  // Enter counts one unit of work in (a request being handled, an answer
  // being written); false once the gate is closed, when the caller must not
  // start anything.
  [[nodiscard]] bool Enter();
  // Leave counts one unit of work out.
  void Leave();
  // draining returns whether Drain has begun.
  bool draining() const;

  // Drain makes draining() true, waits until nothing is in flight or until
  // `deadline`, then closes the gate. Returns how many were still in flight.
  int Drain(absl::Time deadline);

 private:
  mutable absl::Mutex mutex_;
  int in_flight_ ABSL_GUARDED_BY(mutex_) = 0;
  bool draining_ ABSL_GUARDED_BY(mutex_) = false;
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_REQUEST_GATE_H_
