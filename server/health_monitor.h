// HealthMonitor: keeps the standard gRPC health service in step with the
// database, so `grpc.health.v1.Health/Check` says SERVING only when the core
// can really serve.
#ifndef OPINUS_SERVER_HEALTH_MONITOR_H_
#define OPINUS_SERVER_HEALTH_MONITOR_H_

#include <grpcpp/health_check_service_interface.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/periodic_task.h"

namespace opinus::server {

// HealthMonitor runs `probe` every `interval` on its own thread and sets every
// name in `services` SERVING while it succeeds, NOT_SERVING while it fails,
// logging each change. It does not own `health`, which must outlive it. The
// destructor stops and joins the thread.
class HealthMonitor {
 public:
  using Probe = std::function<absl::Status()>;

  HealthMonitor(Probe probe, grpc::HealthCheckServiceInterface* health,
                std::vector<std::string> services, absl::Duration interval);

 private:
  void Check();
  void Publish(bool serving);

  const Probe probe_;
  grpc::HealthCheckServiceInterface* const health_;
  const std::vector<std::string> services_;
  // Only Check, on the task's thread, touches it.
  std::optional<bool> serving_;
  // Last: its thread starts once the rest is ready.
  PeriodicTask task_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_HEALTH_MONITOR_H_
