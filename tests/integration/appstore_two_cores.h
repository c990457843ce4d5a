// AppStoreTwoCoresTest: the App Store fixture with a second core on the same
// MariaDB and the same stand-in Shoper, both with every part on (connector,
// backfills, dispatcher), for races between cores.
#ifndef OPINUS_TESTS_INTEGRATION_APPSTORE_TWO_CORES_H_
#define OPINUS_TESTS_INTEGRATION_APPSTORE_TWO_CORES_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/integration/appstore_fixture.h"
#include "tests/integration/log_failures.h"

namespace opinus::testing {

class AppStoreTwoCoresTest : public AppStoreConnectTest {
 protected:
  void SetUp() override {
    AppStoreConnectTest::SetUp();
    if (HasFatalFailure()) return;
    absl::StatusOr<RunningService> second =
        StartCoreServer(database_->connect_string(), log_prefix_ + "-server-b.log", core_flags_);
    ASSERT_TRUE(second.ok()) << second.status();
    second_ = std::move(second->process);
    ports_ = {grpc_port_, second->port};
  }

  // Core returns a client of core `index` % 2 with `token`.
  opinus::client::Client Core(int index, const std::string& token) const {
    return opinus::client::Client(
        {absl::StrCat("127.0.0.1:", ports_[index % 2]), absl::Seconds(30), token, ""});
  }

  // FailuresInCoreLogs returns the lines of both cores' logs that report a
  // failure: at level error, or an event named `..._failed`.
  std::vector<std::string> FailuresInCoreLogs() const {
    std::vector<std::string> failures = FailureLines(ReadFile(log_prefix_ + "-server.log"));
    const std::vector<std::string> second = FailureLines(ReadFile(log_prefix_ + "-server-b.log"));
    failures.insert(failures.end(), second.begin(), second.end());
    return failures;
  }

  std::unique_ptr<ChildProcess> second_;
  std::vector<int> ports_;
};

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_INTEGRATION_APPSTORE_TWO_CORES_H_
