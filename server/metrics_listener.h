// MetricsListener: a tiny HTTP/1.1 server with one page, `GET /metrics`, for
// Prometheus to scrape the core (--metrics-listen).
#ifndef OPINUS_SERVER_METRICS_LISTENER_H_
#define OPINUS_SERVER_METRICS_LISTENER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/metrics.h"
#include "server/listen_socket.h"

namespace opinus::server {

// MetricsListener answers one connection at a time on a thread of its own:
// `GET /metrics` gets the registry's text exposition, other paths 404, other
// methods 405, and every answer closes the connection. A client gets 2 s to
// send its request. That is all a scraper needs, and it keeps a second HTTP
// framework out of the core. Does not own the registry, which must outlive it.
class MetricsListener {
 public:
  // Start listens on `address` ("host:port", "[::1]:port"; port 0 picks a
  // free one) and serves until destruction. INVALID_ARGUMENT for an address
  // that does not parse or resolve, UNAVAILABLE when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsListener>> Start(const std::string& address,
                                                                const metrics::Registry* registry);

  // Stops listening and joins the thread; a scrape in progress completes first.
  ~MetricsListener() = default;
  MetricsListener(const MetricsListener&) = delete;
  MetricsListener& operator=(const MetricsListener&) = delete;

  // port returns the bound port.
  int port() const { return loop_->port(); }

 private:
  explicit MetricsListener(const metrics::Registry* registry) : registry_(registry) {}
  void Serve(int connection) const;

  const metrics::Registry* registry_;
  // Last: its thread stops before the rest goes.
  std::unique_ptr<AcceptLoop> loop_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_METRICS_LISTENER_H_
