// ChildProcess: one of our binaries run as a real process by an integration
// test, with its stderr captured to a file.
#ifndef OPINUS_TESTS_INTEGRATION_CHILD_PROCESS_H_
#define OPINUS_TESTS_INTEGRATION_CHILD_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opinus::testing {

// BinaryPath returns the path of one of our executables (OPINUS_TEST_BIN_DIR
// or the build's bin folder).
std::string BinaryPath(absl::string_view name);

// CommandResult is what a finished command printed and how it ended.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// RunCommand runs `argv` to completion (killing it after `timeout`).
CommandResult RunCommand(const std::vector<std::string>& argv,
                         absl::Duration timeout = absl::Seconds(30));

// ChildProcess runs until Stop() or destruction (SIGTERM, then SIGKILL).
class ChildProcess {
 public:
  // Start runs `argv`; its stdout and stderr go to `log_path`.
  static absl::StatusOr<ChildProcess> Start(const std::vector<std::string>& argv,
                                            const std::string& log_path);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ~ChildProcess();

  // WaitForLog waits until the log holds `text` and returns the log's
  // content; DEADLINE_EXCEEDED after `timeout`, ABORTED when the process died.
  absl::StatusOr<std::string> WaitForLog(absl::string_view text,
                                         absl::Duration timeout = absl::Seconds(30)) const;

  // Log returns everything the process wrote so far.
  std::string Log() const;

  // Stop sends SIGTERM and returns the exit code (-1 when it had to be killed).
  int Stop(absl::Duration grace = absl::Seconds(10));

  // Kill sends SIGKILL, as a crash would end the process, and reaps it.
  void Kill();

  // Signal sends `signal` (SIGSTOP and SIGCONT pause and resume it).
  void Signal(int signal) const;

 private:
  ChildProcess(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}

  // 0 once the process has been reaped.
  mutable pid_t pid_;
  std::string log_path_;
};

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_INTEGRATION_CHILD_PROCESS_H_
