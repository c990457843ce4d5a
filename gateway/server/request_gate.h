// RequestGate: counts the requests the gateway is serving, so that shutdown
// can wait for them to be answered before the server stops.
#ifndef OPINUS_GATEWAY_SERVER_REQUEST_GATE_H_
#define OPINUS_GATEWAY_SERVER_REQUEST_GATE_H_

#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace opinus::gateway {

// RequestGate is open, then draining (requests still enter, to be refused
// with a complete answer), then closed (nothing enters). Thread-safe.
class RequestGate {
 public:
  // Pass is one unit of work counted in (a request being handled, an answer
  // being written). It counts out when destroyed or left, however the work
  // ends: a handler that throws (writing to a peer that has gone) or a write
  // whose completion is never called must not leave the count high for good.
  // An empty Pass (refused, left, or moved from) counts nothing.
  class Pass {
   public:
    Pass() = default;
    Pass(Pass&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}
    Pass& operator=(Pass&& other) noexcept;
    ~Pass() { Leave(); }

    // entered returns whether the pass counts in the gate.
    bool entered() const { return gate_ != nullptr; }
    // Leave counts the work out now; later calls do nothing.
    void Leave();

   private:
    friend class RequestGate;
    explicit Pass(RequestGate* gate) : gate_(gate) {}

    RequestGate* gate_ = nullptr;
  };

  // Enter counts one unit of work in for as long as the returned Pass lives;
  // an empty Pass once the gate is closed, when the caller must not start
  // anything.
  [[nodiscard]] Pass Enter();
  // draining returns whether Drain has begun.
  bool draining() const;

  // Drain makes draining() true, waits until nothing is in flight or until
  // `deadline`, then closes the gate. Returns how many were still in flight.
  int Drain(absl::Time deadline);

 private:
  void Leave();

  mutable absl::Mutex mutex_;
  int in_flight_ ABSL_GUARDED_BY(mutex_) = 0;
  bool draining_ ABSL_GUARDED_BY(mutex_) = false;
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_SERVER_REQUEST_GATE_H_
