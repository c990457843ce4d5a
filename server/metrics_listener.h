// MetricsListener: a tiny HTTP/1.1 server with one page, `GET /metrics`, for
// Prometheus to scrape the core (--metrics-listen).
#ifndef OPINUS_SERVER_METRICS_LISTENER_H_
#define OPINUS_SERVER_METRICS_LISTENER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "common/metrics.h"

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
  ~MetricsListener();
  MetricsListener(const MetricsListener&) = delete;
  MetricsListener& operator=(const MetricsListener&) = delete;

  // port returns the bound port.
  int port() const { return port_; }

 private:
  MetricsListener(int listen_fd, int wake_read, int wake_write, int port,
                  const metrics::Registry* registry);
  void Loop();
  void Serve(int connection) const;

  const int listen_fd_;
  // A pipe that wakes the thread's poll() when the listener stops.
  const int wake_read_;
  const int wake_write_;
  const int port_;
  const metrics::Registry* registry_;
  std::thread thread_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_METRICS_LISTENER_H_
