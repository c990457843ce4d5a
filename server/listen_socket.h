// The socket plumbing of the core's small listeners (metrics, bounces):
// binding "host:port", and reading and writing under one deadline.
#ifndef OPINUS_SERVER_LISTEN_SOCKET_H_
#define OPINUS_SERVER_LISTEN_SOCKET_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::server {

// BoundSocket is a listening socket and the port it got.
struct BoundSocket {
  int fd = -1;
  int port = 0;
};

// ListenOn binds and listens on `address` ("host:port", "[::1]:port"; port 0
// picks a free one). INVALID_ARGUMENT, naming `what`, for an address that
// does not parse or resolve; UNAVAILABLE when it cannot be bound.
absl::StatusOr<BoundSocket> ListenOn(const std::string& address, absl::string_view what);

// WaitReady waits until `fd` is ready for `events` (POLLIN, POLLOUT); false
// once `deadline` has passed first.
bool WaitReady(int fd, short events, absl::Time deadline);

// SendAll writes `data` to `fd` by `deadline`; false when it could not.
bool SendAll(int fd, absl::Time deadline, absl::string_view data);

// ReceiveSome appends what `fd` has (at most 64 KiB) to `buffer`, waiting
// until `deadline`; false at the deadline, end of stream or an error.
bool ReceiveSome(int fd, absl::Time deadline, std::string* buffer);

// AcceptLoop serves a listening socket's connections one at a time on a
// thread of its own, until destruction, which waits for the connection in
// progress and closes the socket.
class AcceptLoop {
 public:
  // Serve gets each accepted connection, which the loop closes after it.
  using Serve = std::function<void(int connection)>;

  // Start takes ownership of `socket`. UNAVAILABLE when the thread's wake-up
  // pipe cannot be made (the socket is closed then).
  static absl::StatusOr<std::unique_ptr<AcceptLoop>> Start(BoundSocket socket, Serve serve);

  ~AcceptLoop();
  AcceptLoop(const AcceptLoop&) = delete;
  AcceptLoop& operator=(const AcceptLoop&) = delete;

  int port() const { return socket_.port; }

 private:
  AcceptLoop(BoundSocket socket, int wake_read, int wake_write, Serve serve);
  void Loop();

  const BoundSocket socket_;
  // A pipe that wakes the thread's poll() when the loop stops.
  const int wake_read_;
  const int wake_write_;
  const Serve serve_;
  std::thread thread_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_LISTEN_SOCKET_H_
