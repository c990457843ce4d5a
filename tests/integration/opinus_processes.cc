#include "tests/integration/opinus_processes.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace opinus::testing {
namespace {

// ListeningPort reads PORT from "EVENT address=HOST:PORT" in `log`.
absl::StatusOr<int> ListeningPort(const std::string& log, const std::string& event) {
  const size_t line = log.find(event);
  const size_t address = log.find("address=", line);
  const size_t colon = log.find(':', address);
  const size_t end = log.find_first_of(" \n", colon);
  int port = 0;
  if (line == std::string::npos || address == std::string::npos ||
      !absl::SimpleAtoi(log.substr(colon + 1, end - colon - 1), &port)) {
    return absl::InternalError(absl::StrCat("no port in the log:\n", log));
  }
  return port;
}

absl::StatusOr<RunningService> Launch(const std::vector<std::string>& argv,
                                      const std::string& log_path, const std::string& event) {
  absl::StatusOr<ChildProcess> process = ChildProcess::Start(argv, log_path);
  if (!process.ok()) return process.status();
  RunningService service;
  service.process = std::make_unique<ChildProcess>(*std::move(process));
  absl::StatusOr<std::string> log = service.process->WaitForLog(event);
  if (!log.ok()) return log.status();
  absl::StatusOr<int> port = ListeningPort(*log, event);
  if (!port.ok()) return port.status();
  service.port = *port;
  return service;
}

}  // namespace

absl::StatusOr<RunningService> StartCoreServer(const std::string& db, const std::string& log_path,
                                               const std::vector<std::string>& extra_flags) {
  std::vector<std::string> argv = {BinaryPath("opinus-server"), "--listen=127.0.0.1:0",
                                   absl::StrCat("--db=", db)};
  argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
  return Launch(argv, log_path, "server_listening");
}

absl::StatusOr<RunningService> StartGateway(int core_port, const std::string& log_path) {
  return Launch({BinaryPath("opinus-gateway"), "--listen=127.0.0.1:0",
                 absl::StrCat("--server=127.0.0.1:", core_port)},
                log_path, "gateway_listening");
}

}  // namespace opinus::testing
