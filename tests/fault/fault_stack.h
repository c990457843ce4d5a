// FaultStack: opinus-server and opinus-gateway as real processes on a test
// database, with shops made through the CLI, for the fault suite.
#ifndef OPINUS_TESTS_FAULT_FAULT_STACK_H_
#define OPINUS_TESTS_FAULT_FAULT_STACK_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/integration/child_process.h"
#include "tests/integration/opinus_processes.h"

namespace opinus::testing {

// The gateway's limits switched off, for load that tests something else.
std::vector<std::string> UnlimitedGatewayFlags();

// FaultStack runs the core on a fixed loopback port (so that a restarted core
// is found again by the gateway) and the gateway in front of it.
class FaultStack {
 public:
  // `db` is the core's connection string; logs go to `log_prefix`-*.log.
  FaultStack(std::string db, std::string log_prefix)
      : db_(std::move(db)), log_prefix_(std::move(log_prefix)) {}

  // StartCore starts (or restarts) opinus-server with `flags` besides the
  // database, tokens and port.
  [[nodiscard]] absl::Status StartCore(const std::vector<std::string>& flags = {
                                           "--dispatch=false"});
  // StartGateway starts opinus-gateway with `flags`.
  [[nodiscard]] absl::Status StartGateway(const std::vector<std::string>& flags);

  // Start starts the core (without dispatch) and the gateway with
  // `gateway_flags`.
  [[nodiscard]] absl::Status Start(const std::vector<std::string>& gateway_flags);

  // CreateShop makes a shop through the CLI and returns its webhook key.
  absl::StatusOr<std::string> CreateShop(const std::string& name);
  // CreateShops makes `count` shops, `prefix`0, `prefix`1..., and returns
  // their keys.
  absl::StatusOr<std::vector<std::string>> CreateShops(const std::string& prefix, int count);

  // ExpectNoSecretsInLogs checks, with gtest expectations, that no log of the
  // stack's processes (every core started, the gateway) holds one of `keys`
  // or a test token in full.
  void ExpectNoSecretsInLogs(const std::vector<std::string>& keys) const;

  // ReadyStatus returns the gateway's GET /readyz code (0: no answer).
  int ReadyStatus() const;

  ChildProcess& core() { return *core_; }
  ChildProcess& gateway() { return *gateway_; }
  int core_port() const { return core_port_; }
  uint16_t http_port() const { return static_cast<uint16_t>(http_port_); }
  // KillCore ends the core with SIGKILL, as a crash would.
  void KillCore() { core_->Kill(); }

 private:
  std::string db_;
  std::string log_prefix_;
  int core_starts_ = 0;
  std::unique_ptr<ChildProcess> core_;
  std::unique_ptr<ChildProcess> gateway_;
  int core_port_ = 0;
  int http_port_ = 0;
};

// FreeLoopbackPort returns a TCP port nothing listens on now.
int FreeLoopbackPort();

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_FAULT_FAULT_STACK_H_
