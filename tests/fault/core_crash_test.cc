// Fault scenario 2: opinus-server, its dispatcher sending, killed with SIGKILL
// three times during a webhook load and restarted each time, while the load
// client retries every non-2xx answer -> every delivery answered 2xx is in
// the database, the invitation count is exact, and each sent invitation's
// mail is one message (a kill between the SMTP acceptance and the mark's
// commit sends the same message again after the lease).
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/fault/fault_stack.h"
#include "tests/fault/plan_checks.h"
#include "tests/fault/webhook_load.h"
#include "tests/integration/test_database.h"

namespace opinus::testing {
namespace {

TEST(CoreCrashTest, ThreeKillsDuringLoadLoseNothingAndDoubleNothing) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("fault_crash");
  ASSERT_TRUE(database.ok()) << database.status();
  FaultStack stack((*database)->connect_string(),
                   absl::StrCat(::testing::TempDir(), "/fault-crash"));
  ASSERT_TRUE(stack.Start().ok());
  absl::StatusOr<std::vector<std::string>> keys = stack.CreateShops("crash", 2);
  ASSERT_TRUE(keys.ok()) << keys.status();
  const LoadPlan plan = MakeLoadPlan(*keys, FaultScale(1200, 5000), 0.3, SampleOrder(), 2);

  LoadClient client(stack.http_port(), 4, absl::Milliseconds(200), absl::Minutes(2));
  LoadReport report;
  std::thread load([&] { report = client.Send(plan.deliveries); });

  const int total = static_cast<int>(plan.deliveries.size());
  int kills = 0;
  for (int kill = 1; kill <= 3; ++kill) {
    // Kills at a quarter, a half and three quarters of the load.
    const absl::Time wait_until = absl::Now() + absl::Minutes(2);
    while (client.completed() < total * kill / 4 && absl::Now() < wait_until) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    stack.KillCore();
    ++kills;
    absl::SleepFor(absl::Milliseconds(500));
    absl::Status restarted = stack.StartCore();
    ASSERT_TRUE(restarted.ok()) << restarted;
  }
  load.join();
  std::cout << "[fault] core crash: " << kills << " kills with SIGKILL\n";
  ExpectPlanOutcome(**database, stack, plan, report, "core crash", Copies::kSameMessageOnly);
  stack.ExpectNoSecretsInLogs(*keys);
}

}  // namespace
}  // namespace opinus::testing
