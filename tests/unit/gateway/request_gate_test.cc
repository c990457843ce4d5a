// Tests of RequestGate: work counts in for as long as its Pass lives, however
// the work ends, so that shutdown never waits for work that has ended.
#include "gateway/server/request_gate.h"

#include <memory>
#include <stdexcept>
#include <utility>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace opinus::gateway {
namespace {

// InFlight drains `gate` without waiting and returns what was still in.
int InFlight(RequestGate& gate) { return gate.Drain(absl::Now()); }

TEST(RequestGateTest, APassCountsInUntilItIsDestroyed) {
  RequestGate gate;
  {
    const RequestGate::Pass pass = gate.Enter();
    EXPECT_TRUE(pass.entered());
    RequestGate other;
    const RequestGate::Pass held = other.Enter();
    EXPECT_EQ(InFlight(other), 1);
  }
  EXPECT_EQ(InFlight(gate), 0);
}

TEST(RequestGateTest, WorkThatThrowsStillCountsOut) {
  RequestGate gate;
  try {
    const RequestGate::Pass pass = gate.Enter();
    throw std::runtime_error("Write failed: Broken pipe");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(InFlight(gate), 0);
}

TEST(RequestGateTest, LeavingTwiceOrMovingCountsOutOnce) {
  RequestGate gate;
  RequestGate::Pass first = gate.Enter();
  RequestGate::Pass second = gate.Enter();
  RequestGate::Pass moved = std::move(first);
  EXPECT_FALSE(first.entered());
  moved.Leave();
  moved.Leave();
  // A write's two continuations share one pass: whichever runs, or neither
  // (the promise dropped), it counts out once.
  auto shared = std::make_shared<RequestGate::Pass>(std::move(second));
  auto copy = shared;
  shared.reset();
  copy.reset();
  EXPECT_EQ(InFlight(gate), 0);
}

TEST(RequestGateTest, AClosedGateLetsNothingIn) {
  RequestGate gate;
  EXPECT_EQ(InFlight(gate), 0);
  EXPECT_FALSE(gate.Enter().entered());
}

}  // namespace
}  // namespace opinus::gateway
