// Checks shared by the fault scenarios: what a LoadPlan must leave in the
// database and in the SMTP sink once every delivery was answered 2xx and the
// dispatcher has settled.
#ifndef OPINUS_TESTS_FAULT_PLAN_CHECKS_H_
#define OPINUS_TESTS_FAULT_PLAN_CHECKS_H_

#include <string>

#include "tests/fault/fault_stack.h"
#include "tests/fault/webhook_load.h"
#include "tests/integration/test_database.h"

namespace opinus::testing {

// Copies says whether a scenario's fault may make a core send a mail again: a
// core killed, or its database gone, between the SMTP server's acceptance and
// the commit of its mark sends it again once the claim's lease has run out.
// Such a copy is the same message (the same Message-ID), which receivers may
// drop; a second, different mail to one customer is never allowed.
enum class Copies { kNone, kSameMessageOnly };

// ExpectPlanOutcome checks, with gtest expectations, that every delivery of
// `plan` was answered 2xx (`report`) and is in `db`: each order's status
// changes logged, exactly one invitation per shipped order, none for orders
// cancelled before shipping, and one for an order cancelled after shipping
// only where it had left (its cancel's event says "too late"). It then waits
// until `stack`'s dispatcher has settled (nothing being sent, nothing due)
// and checks the sink: one message for each sent invitation and no mail for
// anyone else. `scenario` names the lines printed with figures.
void ExpectPlanOutcome(const TestDatabase& db, const FaultStack& stack, const LoadPlan& plan,
                       const LoadReport& report, const std::string& scenario, Copies copies);

// CodesText returns the report's answers by code, e.g. "200x1990 503x12".
std::string CodesText(const LoadReport& report);

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_FAULT_PLAN_CHECKS_H_
