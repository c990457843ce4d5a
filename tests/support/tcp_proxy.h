// TcpProxy: a loopback TCP forwarder that a test can cut and restore, to
// stand for a network or database outage without stopping the real server.
#ifndef OPINUS_TESTS_SUPPORT_TCP_PROXY_H_
#define OPINUS_TESTS_SUPPORT_TCP_PROXY_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace opinus::testing {

// TcpProxy listens on 127.0.0.1 (a free port) and forwards every connection
// to 127.0.0.1:`target_port`. Thread-safe.
class TcpProxy {
 public:
  // Start listens and begins forwarding; UNAVAILABLE when it cannot listen.
  static absl::StatusOr<std::unique_ptr<TcpProxy>> Start(uint16_t target_port);
  ~TcpProxy();

  uint16_t port() const { return port_; }

  // Cut closes every forwarded connection and refuses new ones (they are
  // accepted and closed at once, as a dead peer would look) until Restore.
  void Cut();
  void Restore();

 private:
  TcpProxy(int listen_fd, uint16_t port, uint16_t target_port);
  void AcceptLoop();
  void Pump(int client_fd, int server_fd);

  const int listen_fd_;
  const uint16_t port_;
  const uint16_t target_port_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> cut_{false};
  absl::Mutex mutex_;
  std::vector<int> open_fds_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::thread> pumps_ ABSL_GUARDED_BY(mutex_);
  std::thread acceptor_;
};

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_SUPPORT_TCP_PROXY_H_
