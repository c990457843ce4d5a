// Starting opinus-server and opinus-gateway as real processes on free
// loopback ports, for integration tests.
#ifndef OPINUS_TESTS_INTEGRATION_OPINUS_PROCESSES_H_
#define OPINUS_TESTS_INTEGRATION_OPINUS_PROCESSES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/integration/child_process.h"

namespace opinus::testing {

// RunningService is a started process and the port it listens on.
struct RunningService {
  std::unique_ptr<ChildProcess> process;
  int port = 0;
};

// StartCoreServer starts opinus-server on database `db` with `extra_flags`,
// logging to `log_path`, and waits until it listens.
absl::StatusOr<RunningService> StartCoreServer(const std::string& db, const std::string& log_path,
                                               const std::vector<std::string>& extra_flags = {});

// StartGateway starts opinus-gateway in front of the core on `core_port` and
// waits until it listens.
absl::StatusOr<RunningService> StartGateway(int core_port, const std::string& log_path);

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_INTEGRATION_OPINUS_PROCESSES_H_
