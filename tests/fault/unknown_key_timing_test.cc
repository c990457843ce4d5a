// No timing oracle: an unknown key's 404 must not come back visibly sooner
// than a known key's answer. Measures both through a gateway with the
// default floor and through one without, and prints the figures.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/fault/fault_stack.h"
#include "tests/fault/webhook_load.h"
#include "tests/integration/test_database.h"
#include "tests/support/http_test_client.h"

namespace opinus::testing {
namespace {

struct Latencies {
  std::vector<absl::Duration> samples;

  absl::Duration At(double quantile) {
    std::sort(samples.begin(), samples.end());
    return samples[static_cast<size_t>(quantile * (samples.size() - 1))];
  }
  std::string Text() {
    return absl::StrCat("min ", absl::FormatDuration(At(0)), " median ",
                        absl::FormatDuration(At(0.5)), " p90 ", absl::FormatDuration(At(0.9)));
  }
};

absl::Duration Timed(uint16_t port, const std::string& key, const std::string& body, int* status) {
  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response = SendHttpRequest(
      port, "POST", absl::StrCat("/api/", key),
      {{"Content-Type", "application/json"}, {"X-Webhook-Name", "order.status"}}, body);
  const absl::Duration took = absl::Now() - start;
  *status = response.ok() ? response->status : 0;
  return took;
}

TEST(UnknownKeyTimingTest, UnknownKeysTakeAtLeastTheFloor) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create("fault_timing");
  ASSERT_TRUE(database.ok()) << database.status();
  FaultStack stack((*database)->connect_string(),
                   absl::StrCat(::testing::TempDir(), "/fault-timing"));
  ASSERT_TRUE(stack.Start({"--unknown_key_burst=1000"}).ok());
  absl::StatusOr<RunningService> bare =
      StartGateway(stack.core_port(), absl::StrCat(::testing::TempDir(), "/fault-timing-bare.log"),
                   {"--unknown_key_burst=1000", "--unknown_key_floor_ms=0"});
  ASSERT_TRUE(bare.ok()) << bare.status();
  absl::StatusOr<std::string> key = stack.CreateShop("timing");
  ASSERT_TRUE(key.ok()) << key.status();
  nlohmann::json order = nlohmann::json::parse(SampleOrder());

  const int rounds = FaultScale(40, 200);
  Latencies known, unknown, bare_known, bare_unknown;
  for (int i = 0; i < rounds; ++i) {
    int status = 0;
    order["order_id"] = absl::StrCat(5000 + i);
    known.samples.push_back(Timed(stack.http_port(), *key, order.dump(), &status));
    EXPECT_EQ(status, 200);
    unknown.samples.push_back(Timed(
        stack.http_port(), "AAAAAAAAAAAAAAAAAAA" + std::to_string(i % 10), order.dump(), &status));
    EXPECT_EQ(status, 404);
    order["order_id"] = absl::StrCat(9000 + i);
    bare_known.samples.push_back(
        Timed(static_cast<uint16_t>(bare->port), *key, order.dump(), &status));
    EXPECT_EQ(status, 200);
    bare_unknown.samples.push_back(Timed(static_cast<uint16_t>(bare->port),
                                         "BBBBBBBBBBBBBBBBBBB" + std::to_string(i % 10),
                                         order.dump(), &status));
    EXPECT_EQ(status, 404);
  }
  std::cout << "[fault] timing over " << rounds << " rounds, with the 50 ms floor: known key "
            << known.Text() << "; unknown key " << unknown.Text() << "\n"
            << "[fault] timing without a floor: known key " << bare_known.Text() << "; unknown key "
            << bare_unknown.Text() << "\n";
  EXPECT_GE(unknown.At(0), absl::Milliseconds(50));
}

}  // namespace
}  // namespace opinus::testing
