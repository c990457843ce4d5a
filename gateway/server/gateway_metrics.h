// GatewayMetrics: what the gateway counts about the requests it answers.
#ifndef OPINUS_GATEWAY_SERVER_GATEWAY_METRICS_H_
#define OPINUS_GATEWAY_SERVER_GATEWAY_METRICS_H_

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/metrics.h"

namespace opinus::gateway {

// GatewayMetrics registers, in the registry it is given (which must outlive
// it), opinus_gateway_http_requests_total{route,code},
// opinus_gateway_http_request_duration_seconds{route} and
// opinus_gateway_webhooks_total{outcome}. Routes are the logged route names
// ("/api/{key}"), never raw paths, so the label sets stay few. Thread-safe.
class GatewayMetrics {
 public:
  explicit GatewayMetrics(metrics::Registry* registry);

  // Observe counts one answered request.
  void Observe(absl::string_view route, int status, absl::Duration latency);

  // CountWebhook counts the outcome (HttpReply::outcome) of one webhook.
  void CountWebhook(absl::string_view outcome);

 private:
  metrics::Family<metrics::Counter>& requests_;
  metrics::Family<metrics::Histogram>& duration_;
  metrics::Family<metrics::Counter>& webhooks_;
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_SERVER_GATEWAY_METRICS_H_
