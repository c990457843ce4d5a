#include "tests/fault/plan_checks.h"

#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace opinus::testing {

std::string CodesText(const LoadReport& report) {
  return absl::StrJoin(report.codes, " ", [](std::string* out, const auto& entry) {
    absl::StrAppend(out, entry.first, "x", entry.second);
  });
}

namespace {

int FateCount(const LoadPlan& plan, OrderFate fate) {
  return plan.orders.count(fate) ? plan.orders.at(fate) : 0;
}

// AddressOf returns the address of a To header ("Name <a@b>" or "a@b").
std::string AddressOf(const std::string& to) {
  const size_t open = to.rfind('<');
  const size_t close = to.rfind('>');
  if (open == std::string::npos || close == std::string::npos || close < open) return to;
  return to.substr(open + 1, close - open - 1);
}

// WaitUntilDispatchSettles waits (a minute at most) until no invitation is
// being sent and none is due; what waits for a shop's sending hours is not
// due. Returns how many are still unsettled.
long long WaitUntilDispatchSettles(const TestDatabase& db) {
  const std::string unsettled =
      "SELECT COUNT(*) FROM invitations WHERE state = 'sending' OR "
      "(state = 'scheduled' AND send_at <= UTC_TIMESTAMP())";
  const absl::Time give_up = absl::Now() + absl::Minutes(1);
  long long left = db.QueryInt(unsettled);
  while (left > 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(200));
    left = db.QueryInt(unsettled);
  }
  return left;
}

// StoriesOf returns, for each invitation matching `where` (over alias i),
// its state, its transitions and its order's events, so a failed check shows
// which writers met.
std::string StoriesOf(const TestDatabase& db, const std::string& where) {
  std::string text;
  for (const std::string& id :
       db.QueryStrings(absl::StrCat("SELECT i.id FROM invitations i WHERE ", where))) {
    const std::vector<std::string> story = db.QueryStrings(absl::StrCat(
        "SELECT line FROM ("
        "SELECT 0 AS k, i.id AS n, CONCAT('invitation ', i.id, ' order ', i.order_id, ' state ', "
        "i.state, ' version ', i.version) AS line FROM invitations i WHERE i.id = ",
        id,
        " UNION ALL SELECT 1, t.id, CONCAT('  ', DATE_FORMAT(t.at, '%T.%f'), ' ', t.from_state, "
        "' -> ', t.to_state, ': ', t.reason) FROM invitation_transitions t WHERE "
        "t.invitation_id = ",
        id,
        " UNION ALL SELECT 2, e.id, CONCAT('  event ', e.id, ' status ', e.status_id, ' type ', "
        "e.status_type, ' ', e.outcome, ': ', e.reason) FROM order_events e JOIN invitations i "
        "ON e.shop_id = i.shop_id AND e.order_id = i.order_id WHERE i.id = ",
        id, ") story ORDER BY k, n"));
    absl::StrAppend(&text, absl::StrJoin(story, "\n"), "\n");
  }
  return text;
}

void ExpectMailsMatchSentInvitations(const TestDatabase& db, const FaultStack& stack,
                                     const std::string& scenario, Copies copies) {
  std::map<std::string, std::set<std::string>> messages_to;
  int mails = 0;
  for (const ParsedMail& mail : stack.Mails()) {
    ++mails;
    messages_to[AddressOf(mail.Header("To"))].insert(mail.Header("Message-ID"));
  }
  std::set<std::string> sent_to;
  for (const std::string& address :
       db.QueryStrings("SELECT customer_email FROM invitations WHERE state = 'sent'")) {
    sent_to.insert(address);
  }
  // A claimer killed while it handed a mail over leaves no outcome: a
  // cancel then stands, and says the mail may have left.
  std::set<std::string> may_have_left;
  for (const std::string& address :
       db.QueryStrings("SELECT customer_email FROM invitations WHERE state = 'cancelled' AND "
                       "state_reason LIKE '%may have left at%'")) {
    may_have_left.insert(address);
  }
  int copy_count = mails;
  for (const auto& [address, ids] : messages_to) {
    copy_count -= 1;
    EXPECT_EQ(ids.size(), 1u) << address << " got different mails: " << absl::StrJoin(ids, " ");
    EXPECT_EQ(sent_to.count(address) + may_have_left.count(address), 1u)
        << address << " got mail without a sent invitation or a cancel that says it may have left\n"
        << StoriesOf(db, absl::StrCat("i.customer_email = '", address, "'"));
  }
  for (const std::string& address : sent_to) {
    EXPECT_EQ(messages_to.count(address), 1u)
        << "the invitation to " << address << " is sent, but no mail reached the sink";
  }
  if (copies == Copies::kNone) EXPECT_EQ(copy_count, 0) << "mails sent twice";
  std::cout << "[fault] " << scenario << ": " << mails << " mails in the sink for "
            << sent_to.size() << " sent invitations (" << copy_count
            << " copies with the same Message-ID); " << may_have_left.size()
            << " cancelled after a handover without outcome; "
            << db.QueryInt("SELECT COUNT(*) FROM invitations WHERE state = 'scheduled'")
            << " still scheduled (sending hours or retries)\n";
}

}  // namespace

void ExpectPlanOutcome(const TestDatabase& db, const FaultStack& stack, const LoadPlan& plan,
                       const LoadReport& report, const std::string& scenario, Copies copies) {
  const int shipped = FateCount(plan, OrderFate::kShipped);
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

  EXPECT_EQ(WaitUntilDispatchSettles(db), 0) << "invitations still sending or due";
  // Shipped orders (ids beginning with 1) have one live invitation each,
  // whether it waits or has left; orders cancelled before shipping (2) none.
  EXPECT_EQ(db.QueryInt("SELECT COUNT(*) FROM invitations WHERE order_id LIKE '1%'"), shipped);
  EXPECT_EQ(db.QueryInt("SELECT COUNT(*) FROM invitations WHERE order_id LIKE '1%' "
                        "AND state = 'cancelled'"),
            0);
  EXPECT_EQ(db.QueryInt("SELECT COUNT(*) FROM invitations WHERE order_id LIKE '2%'"), 0);
  // Shipped then cancelled (3): cancelled, unless the mail left first, and
  // then the cancel's event says so; the event log never says "too late" of
  // an invitation the cancel did stop.
  const std::string too_late =
      "EXISTS (SELECT 1 FROM order_events e WHERE e.shop_id = i.shop_id AND "
      "e.order_id = i.order_id AND e.reason LIKE '%cancelled too late%')";
  const std::string cancel_lost =
      absl::StrCat("i.order_id LIKE '3%' AND i.state <> 'cancelled' AND NOT (i.state = 'sent' AND ",
                   too_late, ")");
  EXPECT_EQ(db.QueryInt(absl::StrCat("SELECT COUNT(*) FROM invitations i WHERE ", cancel_lost)), 0)
      << StoriesOf(db, cancel_lost);
  const std::string false_too_late = absl::StrCat("i.state = 'cancelled' AND ", too_late);
  EXPECT_EQ(db.QueryInt(absl::StrCat("SELECT COUNT(*) FROM invitations i WHERE ", false_too_late)),
            0)
      << StoriesOf(db, false_too_late);
  EXPECT_EQ(db.QueryInt("SELECT COUNT(*) - COUNT(DISTINCT shop_id, order_id) FROM invitations"), 0);
  std::cout << "[fault] " << scenario << ": "
            << db.QueryInt("SELECT COUNT(*) FROM invitations WHERE state <> 'cancelled'")
            << " live invitations for " << shipped << " shipped orders and "
            << FateCount(plan, OrderFate::kShippedThenCancelled) << " shipped then cancelled; "
            << db.QueryInt("SELECT COUNT(*) FROM invitations WHERE state = 'cancelled'")
            << " cancelled, "
            << db.QueryInt(absl::StrCat("SELECT COUNT(*) FROM invitations i WHERE ", too_late))
            << " cancels too late; " << events << " events logged for " << report.delivered
            << " deliveries answered 2xx ("
            << db.QueryInt("SELECT COUNT(*) FROM order_events WHERE outcome = 'duplicate'")
            << " of them duplicates)\n";
  ExpectMailsMatchSentInvitations(db, stack, scenario, copies);
}

}  // namespace opinus::testing
