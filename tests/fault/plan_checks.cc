#include "tests/fault/plan_checks.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"

namespace opinus::testing {

std::string CodesText(const LoadReport& report) {
  return absl::StrJoin(report.codes, " ", [](std::string* out, const auto& entry) {
    absl::StrAppend(out, entry.first, "x", entry.second);
  });
}

void ExpectPlanOutcome(const TestDatabase& db, const LoadPlan& plan, const LoadReport& report,
                       const std::string& scenario) {
  const int shipped =
      plan.orders.count(OrderFate::kShipped) ? plan.orders.at(OrderFate::kShipped) : 0;
  int orders = 0;
  for (const auto& [fate, count] : plan.orders) orders += count;
  std::cout << "[fault] " << scenario << ": " << plan.deliveries.size() << " webhooks over "
            << orders << " orders, " << report.attempts << " requests in "
            << absl::FormatDuration(report.elapsed) << "; answers " << CodesText(report)
            << "; gave up on " << report.failed << "\n";
  EXPECT_EQ(report.failed, 0) << (report.failures.empty() ? "" : report.failures.front());
  EXPECT_EQ(report.delivered, static_cast<int>(plan.deliveries.size()));

  // Every status change of every order (three each) is in the log at least
  // once; more only where a retry followed an answer lost after the commit.
  EXPECT_EQ(db.QueryInt("SELECT COUNT(DISTINCT shop_id, order_id, status_id) FROM order_events"),
            3 * orders);
  const long long events = db.QueryInt("SELECT COUNT(*) FROM order_events");
  EXPECT_GE(events, report.delivered);

  const long long live = db.QueryInt("SELECT COUNT(*) FROM invitations WHERE state <> 'cancelled'");
  EXPECT_EQ(live, shipped);
  // Live invitations are shipped orders' (ids beginning with 1); an order
  // cancelled before shipping never had one; no order has two.
  EXPECT_EQ(db.QueryInt("SELECT COUNT(*) FROM invitations WHERE state <> 'cancelled' "
                        "AND order_id NOT LIKE '1%'"),
            0);
  EXPECT_EQ(db.QueryInt("SELECT COUNT(*) FROM invitations WHERE order_id LIKE '2%'"), 0);
  EXPECT_EQ(db.QueryInt("SELECT COUNT(*) - COUNT(DISTINCT shop_id, order_id) FROM invitations"), 0);
  std::cout << "[fault] " << scenario << ": " << live << " live invitations for " << shipped
            << " shipped orders; "
            << db.QueryInt("SELECT COUNT(*) FROM invitations WHERE state = 'cancelled'")
            << " cancelled; " << events << " events logged for " << report.delivered
            << " deliveries answered 2xx ("
            << db.QueryInt("SELECT COUNT(*) FROM order_events WHERE outcome = 'duplicate'")
            << " of them duplicates)\n";
}

}  // namespace opinus::testing
