#include "server/health_monitor.h"

#include <string>
#include <utility>

#include "common/log.h"

namespace opinus::server {

HealthMonitor::HealthMonitor(Probe probe, grpc::HealthCheckServiceInterface* health,
                             std::vector<std::string> services, absl::Duration interval)
    : probe_(std::move(probe)),
      health_(health),
      services_(std::move(services)),
      task_([this] { Check(); }, interval) {}

void HealthMonitor::Publish(bool serving) {
  for (const std::string& service : services_) health_->SetServingStatus(service, serving);
}

void HealthMonitor::Check() {
  const absl::Status status = probe_();
  if (serving_.has_value() && *serving_ == status.ok()) return;
  serving_ = status.ok();
  Publish(*serving_);
  if (*serving_) {
    Log(LogLevel::kInfo, "health_serving");
  } else {
    Log(LogLevel::kWarning, "health_not_serving", {{"error", std::string(status.message())}});
  }
}

}  // namespace opinus::server
