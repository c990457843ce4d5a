// Fault scenario 7 (issue #14): three cores dispatch from one database to one
// SMTP sink while a webhook load of shuffled, duplicated and cancelled orders
// comes in through the gateway, and one of the dispatching cores is killed
// with SIGKILL mid-load, as it dispatches -> every delivery is in the
// database, each shipped order has its one invitation, a cancel stops its
// invitation unless the mail had left (and then its event says so), and each
// sent invitation reached the sink as one message (the killed core's
// unrecorded sends go again as the same message).
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

TEST(SeveralCoresTest, ThreeCoresDispatchFromOneDatabaseAndOneDiesMidLoad) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("fault_cores");
  ASSERT_TRUE(database.ok()) << database.status();
  FaultStack stack((*database)->connect_string(),
                   absl::StrCat(::testing::TempDir(), "/fault-cores"));
  ASSERT_TRUE(stack.Start().ok());
  ASSERT_TRUE(stack.StartDispatcher().ok());
  ASSERT_TRUE(stack.StartDispatcher().ok());
  absl::StatusOr<std::vector<std::string>> keys = stack.CreateShops("cores", 4);
  ASSERT_TRUE(keys.ok()) << keys.status();
  const LoadPlan plan = MakeLoadPlan(*keys, FaultScale(1500, 6000), 0.3, SampleOrder(), 6);

  LoadClient client(stack.http_port(), 4, absl::Milliseconds(200), absl::Minutes(2));
  LoadReport report;
  std::thread load([&] { report = client.Send(plan.deliveries); });
  const absl::Time wait_until = absl::Now() + absl::Minutes(2);
  while (client.completed() < static_cast<int>(plan.deliveries.size()) / 2 &&
         absl::Now() < wait_until) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  stack.dispatcher(0).Kill();
  load.join();

  std::cout << "[fault] several cores: 3 dispatching, one killed with SIGKILL at "
            << plan.deliveries.size() / 2 << " deliveries\n";
  ExpectPlanOutcome(**database, stack, plan, report, "several cores", Copies::kSameMessageOnly);
  stack.ExpectNoSecretsInLogs(*keys);
}

}  // namespace
}  // namespace opinus::testing
