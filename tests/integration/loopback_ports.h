// Loopback ports for the helper processes integration tests start (SMTP
// sinks): one that is free now, and whether one accepts connections yet.
#ifndef OPINUS_TESTS_INTEGRATION_LOOPBACK_PORTS_H_
#define OPINUS_TESTS_INTEGRATION_LOOPBACK_PORTS_H_

namespace opinus::testing {

// FreePort returns a loopback port that nothing listens on now.
int FreePort();

// Accepts returns whether something accepts connections on 127.0.0.1:`port`.
bool Accepts(int port);

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_INTEGRATION_LOOPBACK_PORTS_H_
