// FaultStack: opinus-server and opinus-gateway as real processes on a test
// database, with shops made through the CLI, for the fault suite.
#ifndef OPINUS_TESTS_FAULT_FAULT_STACK_H_
#define OPINUS_TESTS_FAULT_FAULT_STACK_H_

#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "tests/integration/child_process.h"
#include "tests/integration/opinus_processes.h"
#include "tests/support/parsed_mail.h"

namespace opinus::testing {

// FaultStack runs every part as production does: the core on a fixed
// loopback port (so that a restarted core is found again by the gateway),
// with its dispatcher on and sending to an SMTP sink of the stack's own, and
// the gateway in front of it with its limits.
class FaultStack {
 public:
  // `db` is the core's connection string; logs go to `log_prefix`-<pid>-*.log.
  // The pid keeps apart the tests of one suite that ctest runs at once: each
  // finds its processes' ports in its own logs.
  FaultStack(std::string db, const std::string& log_prefix)
      : db_(std::move(db)), log_prefix_(absl::StrCat(log_prefix, "-", getpid())) {}

  // StartCore starts (or restarts) opinus-server, its dispatcher sending to
  // the stack's sink (started with the first core), its claims leased for
  // kDispatchLease so that a killed core's are taken over within a test;
  // `flags` come after the stack's own, and a later flag wins.
  [[nodiscard]] absl::Status StartCore(const std::vector<std::string>& flags = {});
  // StartDispatcher starts one more opinus-server on the same database and
  // sink: it dispatches beside the others, and a race test may call it too
  // (dispatcher_port).
  [[nodiscard]] absl::Status StartDispatcher();
  // StartGateway starts opinus-gateway with its default limits, then `flags`.
  [[nodiscard]] absl::Status StartGateway(const std::vector<std::string>& flags = {});

  // Start starts the core and the gateway with `gateway_flags`.
  [[nodiscard]] absl::Status Start(const std::vector<std::string>& gateway_flags = {});

  // CreateShop makes a shop through the CLI and returns its webhook key.
  absl::StatusOr<std::string> CreateShop(const std::string& name);
  // CreateShops makes `count` shops, `prefix`0, `prefix`1..., and returns
  // their keys. Every other shop (1, 3, ...) sends at any hour; the others
  // keep the default sending hours, so a run at night holds their mail.
  absl::StatusOr<std::vector<std::string>> CreateShops(const std::string& prefix, int count);

  // Mails returns every mail the sink has accepted so far.
  std::vector<ParsedMail> Mails() const;

  // ExpectNoSecretsInLogs checks, with gtest expectations, that no log of the
  // stack's processes (every core started, the gateway) holds one of `keys`
  // or a test token in full.
  void ExpectNoSecretsInLogs(const std::vector<std::string>& keys) const;

  // FailuresInCoreLogs returns the lines of every core's log that report a
  // failure: at level error, or an event named `..._failed`.
  std::vector<std::string> FailuresInCoreLogs() const;

  // ReadyStatus returns the gateway's GET /readyz code (0: no answer).
  int ReadyStatus() const;

  ChildProcess& core() { return *core_; }
  ChildProcess& gateway() { return *gateway_; }
  // dispatcher returns the `index`th core of StartDispatcher.
  ChildProcess& dispatcher(size_t index) { return *dispatchers_.at(index); }
  int dispatcher_port(size_t index) const { return dispatcher_ports_.at(index); }
  int core_port() const { return core_port_; }
  uint16_t http_port() const { return static_cast<uint16_t>(http_port_); }
  // KillCore ends the core with SIGKILL, as a crash would.
  void KillCore() { core_->Kill(); }

 private:
  std::string db_;
  std::string log_prefix_;
  int core_starts_ = 0;
  struct NewShop {
    int64_t id = 0;
    std::string key;
  };
  absl::StatusOr<NewShop> MakeShop(const std::string& name);
  // RunCli runs the `opinus` CLI as the operator; its output, or its errors.
  absl::StatusOr<std::string> RunCli(const std::vector<std::string>& args) const;
  absl::Status StartSink();
  // DispatchFlags starts the sink the first time and returns the flags that
  // make a core dispatch to it.
  absl::StatusOr<std::vector<std::string>> DispatchFlags();

  // Declared first, stopped last: the core's sends never find it gone.
  std::unique_ptr<ChildProcess> sink_;
  std::unique_ptr<ChildProcess> core_;
  std::vector<std::unique_ptr<ChildProcess>> dispatchers_;
  std::vector<int> dispatcher_ports_;
  std::unique_ptr<ChildProcess> gateway_;
  int core_port_ = 0;
  int http_port_ = 0;
  int smtp_port_ = 0;
};

// How long a core's claim on invitations lasts in the fault suite: long
// enough for a send to the local sink, short enough that another core takes
// over a killed one's claims within a test.
inline constexpr char kDispatchLease[] = "6s";

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_FAULT_FAULT_STACK_H_
