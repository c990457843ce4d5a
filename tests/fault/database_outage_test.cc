// Fault scenario 3: MariaDB stopped for about 10 s during a webhook load, the
// dispatcher sending, and started again. The gateway answers 503 meanwhile
// and /readyz says so; the core recovers without a restart; nothing is lost
// and nothing doubled (a mail whose mark the outage lost goes again as the
// same message).
#include <cstdlib>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/fault/fault_stack.h"
#include "tests/fault/plan_checks.h"
#include "tests/fault/webhook_load.h"
#include "tests/integration/loopback_ports.h"
#include "tests/integration/test_database.h"

namespace opinus::testing {
namespace {

class DatabaseOutageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_dir_ = absl::StrCat(::testing::TempDir(), "/fault-mariadb-", getpid());
    port_ = FreePort();
    ASSERT_TRUE(Database("start")) << "could not start the private MariaDB";
    started_ = true;
    // TestDatabase makes its database on the server OPINUS_TEST_DB names:
    // this test's own, which it may stop.
    setenv("OPINUS_TEST_DB",
           absl::StrCat("mysql://host=127.0.0.1 port=", port_,
                        " user=opinus_test password=opinus_test")
               .c_str(),
           1);
  }

  void TearDown() override {
    if (started_) Database("stop");
  }

  // Database runs private_mariadb.sh `verb`; returns whether it succeeded.
  bool Database(const std::string& verb) {
    CommandResult result =
        RunCommand({OPINUS_PRIVATE_MARIADB, verb, db_dir_, absl::StrCat(port_)}, absl::Seconds(90));
    if (result.exit_code != 0) std::cerr << result.out << result.err;
    return result.exit_code == 0;
  }

  std::string db_dir_;
  int port_ = 0;
  bool started_ = false;
};

TEST_F(DatabaseOutageTest, GatewayAnswers503MeanwhileAndEverythingArrivesOnceAfter) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("fault_outage");
  ASSERT_TRUE(database.ok()) << database.status();
  FaultStack stack((*database)->connect_string(),
                   absl::StrCat(::testing::TempDir(), "/fault-outage"));
  ASSERT_TRUE(stack.Start().ok());
  absl::StatusOr<std::vector<std::string>> keys = stack.CreateShops("outage", 2);
  ASSERT_TRUE(keys.ok()) << keys.status();
  const LoadPlan plan = MakeLoadPlan(*keys, FaultScale(1200, 5000), 0.3, SampleOrder(), 3);

  // Retries for up to two minutes per delivery: longer than the outage.
  LoadClient client(stack.http_port(), 4, absl::Milliseconds(250), absl::Minutes(2));
  LoadReport report;
  std::thread load([&] { report = client.Send(plan.deliveries); });

  // The outage begins once a sixth of the load is in.
  const absl::Time wait_until = absl::Now() + absl::Minutes(2);
  while (client.completed() < static_cast<int>(plan.deliveries.size()) / 6 &&
         absl::Now() < wait_until) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  const int before = client.completed();
  ASSERT_TRUE(Database("stop"));
  const absl::Time stopped = absl::Now();
  bool saw_not_ready = false;
  while (absl::Now() - stopped < absl::Seconds(10)) {
    if (stack.ReadyStatus() == 503) saw_not_ready = true;
    absl::SleepFor(absl::Milliseconds(250));
  }
  const int during = client.completed() - before;
  ASSERT_TRUE(Database("start"));
  const absl::Time restarted = absl::Now();
  bool ready_again = false;
  while (!ready_again && absl::Now() - restarted < absl::Seconds(60)) {
    ready_again = stack.ReadyStatus() == 200;
    if (!ready_again) absl::SleepFor(absl::Milliseconds(100));
  }
  const absl::Duration recovery = absl::Now() - restarted;
  load.join();

  std::cout << "[fault] database outage: stopped for " << absl::FormatDuration(restarted - stopped)
            << " after " << before << " deliveries; " << during
            << " finished meanwhile; /readyz 503 seen: " << saw_not_ready << "; ready again "
            << absl::FormatDuration(recovery) << " after the restart\n";
  EXPECT_TRUE(saw_not_ready);
  EXPECT_TRUE(ready_again) << stack.core().Log();
  EXPECT_GT(report.codes[503], 0) << CodesText(report);
  ExpectPlanOutcome(**database, stack, plan, report, "database outage", Copies::kSameMessageOnly);
  // Recovered without a restart: the first core process still serves.
  EXPECT_EQ(stack.core().Stop(), 0) << stack.core().Log();
  stack.ExpectNoSecretsInLogs(*keys);
}

}  // namespace
}  // namespace opinus::testing
