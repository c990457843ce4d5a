#include "tests/support/http_test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace opinus::testing {
namespace {

class Socket {
 public:
  Socket() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

absl::Status ErrnoError(absl::StatusCode code, absl::string_view what) {
  return absl::Status(code, absl::StrCat(what, ": ", std::strerror(errno)));
}

// ParseHead reads the status line and headers of `head` (without the blank
// line) into `response`; returns the Content-Length, if any.
absl::StatusOr<std::optional<size_t>> ParseHead(absl::string_view head, HttpResponse* response) {
  std::vector<absl::string_view> lines = absl::StrSplit(head, "\r\n");
  std::vector<absl::string_view> status_line = absl::StrSplit(lines[0], absl::MaxSplits(' ', 2));
  if (status_line.size() < 2 || !absl::StartsWith(status_line[0], "HTTP/1.") ||
      !absl::SimpleAtoi(status_line[1], &response->status)) {
    return absl::DataLossError(absl::StrCat("bad status line: ", lines[0]));
  }
  std::optional<size_t> content_length;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == absl::string_view::npos) return absl::DataLossError("bad header line");
    std::string name = absl::AsciiStrToLower(lines[i].substr(0, colon));
    std::string value(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
    if (name == "content-length") {
      size_t length = 0;
      if (!absl::SimpleAtoi(value, &length)) return absl::DataLossError("bad Content-Length");
      content_length = length;
    }
    response->headers[std::move(name)] = std::move(value);
  }
  return content_length;
}

}  // namespace

bool IsPistacheParseError(const HttpResponse& response) {
  return response.status == 500 && response.headers.count("x-request-id") == 0 &&
         (absl::StartsWith(response.body, "Invalid cookie") ||
          absl::StartsWith(response.body, "Invalid port"));
}

int ConnectToLoopback(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

absl::StatusOr<HttpResponse> SendHttpRequest(
    uint16_t port, absl::string_view method, absl::string_view path,
    const std::vector<std::pair<std::string, std::string>>& headers, absl::string_view body) {
  Socket socket;
  if (socket.fd() < 0) return ErrnoError(absl::StatusCode::kUnavailable, "socket");
  timeval timeout{10, 0};
  setsockopt(socket.fd(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(socket.fd(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(socket.fd(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    return ErrnoError(absl::StatusCode::kUnavailable, "connect");
  }

  std::string request = absl::StrCat(method, " ", path, " HTTP/1.1\r\nHost: 127.0.0.1:", port,
                                     "\r\nConnection: close\r\n");
  for (const auto& [name, value] : headers) absl::StrAppend(&request, name, ": ", value, "\r\n");
  if (!body.empty() || method == "POST") {
    absl::StrAppend(&request, "Content-Length: ", body.size(), "\r\n");
  }
  absl::StrAppend(&request, "\r\n", body);

  // A server may answer and stop reading before the whole body is sent (413):
  // a failed send is not an error as long as a response can be read.
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n =
        ::send(socket.fd(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }

  std::string received;
  HttpResponse response;
  std::optional<size_t> head_end;
  std::optional<size_t> content_length;
  char buffer[16384];
  while (true) {
    if (!head_end.has_value()) {
      const size_t end = received.find("\r\n\r\n");
      if (end != std::string::npos) {
        head_end = end;
        absl::StatusOr<std::optional<size_t>> length =
            ParseHead(absl::string_view(received).substr(0, end), &response);
        if (!length.ok()) return length.status();
        content_length = *length;
      }
    }
    if (head_end.has_value() && content_length.has_value() &&
        received.size() >= *head_end + 4 + *content_length) {
      response.body = received.substr(*head_end + 4, *content_length);
      return response;
    }
    const ssize_t n = ::recv(socket.fd(), buffer, sizeof(buffer), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return absl::DeadlineExceededError("no response within 10 s");
    }
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
  }
  // The connection ended: a response without Content-Length ends here.
  if (!head_end.has_value()) {
    return absl::DataLossError(absl::StrCat("connection closed after ", received.size(),
                                            " bytes without a response head"));
  }
  if (content_length.has_value()) return absl::DataLossError("response body cut short");
  response.body = received.substr(*head_end + 4);
  return response;
}

}  // namespace opinus::testing
