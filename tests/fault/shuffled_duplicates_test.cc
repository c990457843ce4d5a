// Fault scenario 1: many webhooks over many orders, a share delivered twice,
// status changes in shuffled order, the dispatcher sending meanwhile ->
// exactly one invitation per order that ended in a trigger status, none alive
// for orders that ended cancelled but those mailed before the cancel came
// (which the event log says), and exactly one mail per sent invitation.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/fault/fault_stack.h"
#include "tests/fault/plan_checks.h"
#include "tests/fault/webhook_load.h"
#include "tests/integration/test_database.h"

namespace opinus::testing {
namespace {

TEST(ShuffledDuplicatesTest, OneInvitationPerShippedOrderAndNoneForCancelledOnes) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("fault_dup");
  ASSERT_TRUE(database.ok()) << database.status();
  FaultStack stack((*database)->connect_string(),
                   absl::StrCat(::testing::TempDir(), "/fault-shuffled"));
  ASSERT_TRUE(stack.Start().ok());

  // Short form: 2,000 webhooks over 3 shops; long: 10,000 over 12 shops
  // (about 200 orders per shop either way).
  const int total = FaultScale(2000, 10000);
  absl::StatusOr<std::vector<std::string>> keys = stack.CreateShops("shop", FaultScale(3, 12));
  ASSERT_TRUE(keys.ok()) << keys.status();
  const LoadPlan plan = MakeLoadPlan(*keys, total, 0.3, SampleOrder(), 20240508);

  LoadClient client(stack.http_port(), 4, absl::Milliseconds(200), absl::Seconds(60));
  const LoadReport report = client.Send(plan.deliveries);
  ExpectPlanOutcome(**database, stack, plan, report, "shuffled duplicates", Copies::kNone);
  stack.ExpectNoSecretsInLogs(*keys);
}

}  // namespace
}  // namespace opinus::testing
