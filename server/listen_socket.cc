#include "server/listen_socket.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace opinus::server {
namespace {

// SplitHostPort splits "host:port" or "[v6]:port".
bool SplitHostPort(absl::string_view address, std::string* host, std::string* port) {
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos) return false;
  absl::string_view h = address.substr(0, colon);
  if (absl::ConsumePrefix(&h, "[") && !absl::ConsumeSuffix(&h, "]")) return false;
  int number = 0;
  if (!absl::SimpleAtoi(address.substr(colon + 1), &number) || number < 0 || number > 65535) {
    return false;
  }
  *host = std::string(h);
  *port = std::string(address.substr(colon + 1));
  return !host->empty();
}

}  // namespace

absl::StatusOr<BoundSocket> ListenOn(const std::string& address, absl::string_view what) {
  std::string host;
  std::string port;
  if (!SplitHostPort(address, &host, &port)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " listen address: use host:port, not \"", address, "\""));
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (const int error = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); error != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " listen address ", address, ": ", gai_strerror(error)));
  }
  int fd = -1;
  std::string bind_error = "no address";
  for (addrinfo* candidate = found; candidate != nullptr && fd < 0;
       candidate = candidate->ai_next) {
    fd = ::socket(candidate->ai_family, candidate->ai_socktype | SOCK_CLOEXEC,
                  candidate->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (::bind(fd, candidate->ai_addr, candidate->ai_addrlen) != 0 || ::listen(fd, 16) != 0) {
      bind_error = std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("listen ", address, ": ", bind_error));
  sockaddr_storage bound{};
  socklen_t length = sizeof(bound);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
  const int bound_port = bound.ss_family == AF_INET6
                             ? ntohs(reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port)
                             : ntohs(reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
  return BoundSocket{fd, bound_port};
}

bool WaitReady(int fd, short events, absl::Time deadline) {
  while (true) {
    const int64_t left_ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (left_ms <= 0) return false;
    pollfd wait{fd, events, 0};
    const int ready = ::poll(&wait, 1, static_cast<int>(left_ms));
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0;
  }
}

bool SendAll(int fd, absl::Time deadline, absl::string_view data) {
  while (!data.empty()) {
    if (!WaitReady(fd, POLLOUT, deadline)) return false;
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool ReceiveSome(int fd, absl::Time deadline, std::string* buffer) {
  char chunk[64 * 1024];
  while (true) {
    if (!WaitReady(fd, POLLIN, deadline)) return false;
    const ssize_t n = ::recv(fd, chunk, sizeof(chunk), MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return false;
    buffer->append(chunk, static_cast<size_t>(n));
    return true;
  }
}

absl::StatusOr<std::unique_ptr<AcceptLoop>> AcceptLoop::Start(BoundSocket socket, Serve serve) {
  int wake[2];
  if (::pipe2(wake, O_CLOEXEC) != 0) {
    ::close(socket.fd);
    return absl::UnavailableError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  return std::unique_ptr<AcceptLoop>(new AcceptLoop(socket, wake[0], wake[1], std::move(serve)));
}

AcceptLoop::AcceptLoop(BoundSocket socket, int wake_read, int wake_write, Serve serve)
    : socket_(socket),
      wake_read_(wake_read),
      wake_write_(wake_write),
      serve_(std::move(serve)),
      thread_([this] { Loop(); }) {}

AcceptLoop::~AcceptLoop() {
  const char stop = 's';
  (void)!::write(wake_write_, &stop, 1);
  thread_.join();
  ::close(socket_.fd);
  ::close(wake_read_);
  ::close(wake_write_);
}

void AcceptLoop::Loop() {
  while (true) {
    pollfd fds[2] = {{socket_.fd, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    const int connection = ::accept4(socket_.fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) continue;
    serve_(connection);
    ::close(connection);
  }
}

}  // namespace opinus::server
