#include "gateway/server/gateway_metrics.h"

#include "absl/strings/str_cat.h"

namespace opinus::gateway {

GatewayMetrics::GatewayMetrics(metrics::Registry* registry)
    : requests_(registry->AddCounter("opinus_gateway_http_requests_total",
                                     "HTTP requests answered by the gateway, by route and status.",
                                     {"route", "code"})),
      duration_(registry->AddHistogram(
          "opinus_gateway_http_request_duration_seconds",
          "Time from a request's arrival to its answer, core calls included, by route.",
          {"route"})),
      webhooks_(registry->AddCounter("opinus_gateway_webhooks_total",
                                     "Shoper webhooks answered, by outcome (scheduled, duplicate, "
                                     "ignored, cancelled, rejected, or why it failed).",
                                     {"outcome"})) {}

void GatewayMetrics::Observe(absl::string_view route, int status, absl::Duration latency) {
  requests_.With({route, absl::StrCat(status)}).Increment();
  duration_.With({route}).ObserveDuration(latency);
}

void GatewayMetrics::CountWebhook(absl::string_view outcome) {
  webhooks_.With({outcome.empty() ? "none" : outcome}).Increment();
}

}  // namespace opinus::gateway
