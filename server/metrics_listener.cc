#include "server/metrics_listener.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/listen_socket.h"

namespace opinus::server {
namespace {

// A request line and a few headers; scrapers send less than 1 KiB.
constexpr size_t kMaxRequestBytes = 8192;
constexpr absl::Duration kExchangeTimeout = absl::Seconds(2);

std::string Response(absl::string_view status, absl::string_view content_type,
                     absl::string_view body) {
  return absl::StrCat("HTTP/1.1 ", status, "\r\nContent-Type: ", content_type,
                      "\r\nContent-Length: ", body.size(), "\r\nConnection: close\r\n\r\n", body);
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsListener>> MetricsListener::Start(
    const std::string& address, const metrics::Registry* registry) {
  absl::StatusOr<BoundSocket> bound = ListenOn(address, "metrics");
  if (!bound.ok()) return bound.status();
  std::unique_ptr<MetricsListener> listener(new MetricsListener(registry));
  absl::StatusOr<std::unique_ptr<AcceptLoop>> loop =
      AcceptLoop::Start(*bound, [raw = listener.get()](int connection) { raw->Serve(connection); });
  if (!loop.ok()) return loop.status();
  listener->loop_ = *std::move(loop);
  return listener;
}

void MetricsListener::Serve(int connection) const {
  // One deadline for the whole exchange, not for each read or write: a
  // client that sends or reads a byte at a time would otherwise hold the
  // (only) thread for as long as it likes.
  const absl::Time deadline = absl::Now() + kExchangeTimeout;
  std::string request;
  while (request.find("\r\n\r\n") == std::string::npos && request.size() < kMaxRequestBytes) {
    if (!ReceiveSome(connection, deadline, &request)) return;
  }
  const absl::string_view line = absl::string_view(request).substr(0, request.find("\r\n"));
  const std::vector<absl::string_view> parts = absl::StrSplit(line, ' ');
  if (parts.size() != 3 || !absl::StartsWith(parts[2], "HTTP/1.")) {
    SendAll(connection, deadline, Response("400 Bad Request", "text/plain", "bad request\n"));
    return;
  }
  const absl::string_view path = parts[1].substr(0, parts[1].find('?'));
  if (path != "/metrics") {
    SendAll(connection, deadline,
            Response("404 Not Found", "text/plain", "not found: try /metrics\n"));
  } else if (parts[0] != "GET") {
    SendAll(connection, deadline,
            Response("405 Method Not Allowed\r\nAllow: GET", "text/plain", "method: use GET\n"));
  } else {
    SendAll(connection, deadline,
            Response("200 OK", metrics::kTextContentType, registry_->Render()));
  }
}

}  // namespace opinus::server
