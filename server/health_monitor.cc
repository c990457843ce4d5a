#include "server/health_monitor.h"

#include <optional>

#include "common/log.h"

namespace opinus::server {

HealthMonitor::HealthMonitor(Probe probe, grpc::HealthCheckServiceInterface* health,
                             std::vector<std::string> services, absl::Duration interval)
    : probe_(std::move(probe)),
      health_(health),
      services_(std::move(services)),
      interval_(interval),
      thread_([this] { Loop(); }) {}

HealthMonitor::~HealthMonitor() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void HealthMonitor::Publish(bool serving) {
  for (const std::string& service : services_) health_->SetServingStatus(service, serving);
}

void HealthMonitor::Loop() {
  std::optional<bool> serving;
  absl::MutexLock lock(&mutex_);
  while (!stopping_) {
    mutex_.Unlock();
    const absl::Status status = probe_();
    mutex_.Lock();
    if (stopping_) break;
    if (!serving.has_value() || *serving != status.ok()) {
      serving = status.ok();
      Publish(*serving);
      if (*serving) {
        Log(LogLevel::kInfo, "health_serving");
      } else {
        Log(LogLevel::kWarning, "health_not_serving", {{"error", std::string(status.message())}});
      }
    }
    mutex_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
  }
}

}  // namespace opinus::server
