// Checks shared by the fault scenarios: what a LoadPlan must leave in the
// database once every delivery was answered 2xx.
#ifndef OPINUS_TESTS_FAULT_PLAN_CHECKS_H_
#define OPINUS_TESTS_FAULT_PLAN_CHECKS_H_

#include <string>

#include "tests/fault/webhook_load.h"
#include "tests/integration/test_database.h"

namespace opinus::testing {

// ExpectPlanOutcome checks, with gtest expectations, that every delivery of
// `plan` was answered 2xx (`report`) and is in `db`: each order's status
// changes logged, exactly one live invitation per shipped order, none for the
// others, no order with two. `scenario` names the lines printed with figures.
void ExpectPlanOutcome(const TestDatabase& db, const LoadPlan& plan, const LoadReport& report,
                       const std::string& scenario);

// CodesText returns the report's answers by code, e.g. "200x1990 503x12".
std::string CodesText(const LoadReport& report);

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_FAULT_PLAN_CHECKS_H_
