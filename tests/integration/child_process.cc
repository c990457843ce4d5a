#include "tests/integration/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/support/files.h"

namespace opinus::testing {
namespace {

// Spawn starts `argv` with stdout and stderr sent to the given files.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& out_path,
            const std::string& err_path) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  int err = out_path == err_path ? out : open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int null = open("/dev/null", O_RDONLY);
  dup2(null, STDIN_FILENO);
  dup2(out, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

// WaitUntil waits for `pid` until `deadline`: true with its exit code when it
// ended, false when it still runs.
bool WaitUntil(pid_t pid, absl::Time deadline, int* exit_code) {
  while (true) {
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return true;
    }
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(10));
  }
}

}  // namespace

std::string BinaryPath(absl::string_view name) {
  const char* dir = std::getenv("OPINUS_TEST_BIN_DIR");
  return absl::StrCat(dir != nullptr ? dir : OPINUS_BUILD_BIN_DIR, "/", name);
}

CommandResult RunCommand(const std::vector<std::string>& argv, absl::Duration timeout) {
  char out_template[] = "/tmp/opinus-cmd-out.XXXXXX";
  char err_template[] = "/tmp/opinus-cmd-err.XXXXXX";
  close(mkstemp(out_template));
  close(mkstemp(err_template));
  CommandResult result;
  pid_t pid = Spawn(argv, out_template, err_template);
  if (!WaitUntil(pid, absl::Now() + timeout, &result.exit_code)) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    result.exit_code = -1;
  }
  result.out = ReadFile(out_template);
  result.err = ReadFile(err_template);
  unlink(out_template);
  unlink(err_template);
  return result;
}

absl::StatusOr<ChildProcess> ChildProcess::Start(const std::vector<std::string>& argv,
                                                 const std::string& log_path) {
  if (access(argv[0].c_str(), X_OK) != 0) {
    return absl::NotFoundError(absl::StrCat("not executable: ", argv[0]));
  }
  // Emptied here, before the child starts, so no caller reads an old log.
  std::ofstream(log_path, std::ios::trunc);
  return ChildProcess(Spawn(argv, log_path, log_path), log_path);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), log_path_(std::move(other.log_path_)) {
  other.pid_ = 0;
}

ChildProcess::~ChildProcess() { Stop(absl::Seconds(5)); }

std::string ChildProcess::Log() const { return ReadFile(log_path_); }

absl::StatusOr<std::string> ChildProcess::WaitForLog(absl::string_view text,
                                                     absl::Duration timeout) const {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    std::string log = Log();
    if (absl::StrContains(log, text)) return log;
    if (pid_ != 0 && waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = 0;
    if (pid_ == 0) {
      return absl::AbortedError(absl::StrCat("process exited; its log:\n", log));
    }
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat("no \"", text, "\" in the log:\n", log));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
}

void ChildProcess::Kill() {
  if (pid_ == 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = 0;
}

void ChildProcess::Signal(int signal) const {
  if (pid_ != 0) kill(pid_, signal);
}

int ChildProcess::Stop(absl::Duration grace) {
  if (pid_ == 0) return -1;
  int exit_code = -1;
  kill(pid_, SIGTERM);
  if (!WaitUntil(pid_, absl::Now() + grace, &exit_code)) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    exit_code = -1;
  }
  pid_ = 0;
  return exit_code;
}

}  // namespace opinus::testing
