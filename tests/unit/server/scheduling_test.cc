// Tests of the pure scheduling rules: DecideStatusChange, DecideDeletion,
// InvitationSendTime and TriggerRule.
#include "server/domain/scheduling.h"

#include <optional>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/event_reason.h"

namespace opinus::server {
namespace {

using ::testing::HasSubstr;

using Action = EventDecision::Action;

absl::Time Utc(int y, int m, int d, int hh, int mm, int ss) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss), absl::UTCTimeZone());
}

const absl::Time kNow = Utc(2024, 5, 9, 12, 0, 0);
const absl::Time kTen = Utc(2024, 5, 8, 10, 0, 0);
const absl::Time kEleven = Utc(2024, 5, 8, 11, 0, 0);

Invitation Draft() {
  Invitation draft;
  draft.shop_id = 4;
  draft.order_id = "1001";
  draft.customer_email = "jan@example.com";
  draft.customer_first_name = "Jan";
  draft.customer_last_name = "Kowalski";
  return draft;
}

Invitation Existing(InvitationState state) {
  Invitation invitation = Draft();
  invitation.id = 17;
  invitation.state = state;
  invitation.status_time = kTen;
  invitation.send_time = kTen + absl::Hours(24 * 7);
  return invitation;
}

OrderSnapshot KnownOrder(int64_t status_id, absl::Time time) {
  OrderSnapshot order;
  order.known = true;
  order.last_status_id = status_id;
  order.last_status_time = time;
  return order;
}

StatusChange Change(int64_t status_id, StatusType type, absl::Time time) {
  return StatusChange{status_id, type, time, std::nullopt};
}

TEST(InvitationSendTimeTest, AddsWholeDays) {
  EXPECT_EQ(InvitationSendTime(kTen, 0), kTen);
  EXPECT_EQ(InvitationSendTime(kTen, 7), Utc(2024, 5, 15, 10, 0, 0));
  EXPECT_EQ(InvitationSendTime(kTen, 90), kTen + absl::Hours(24 * 90));
}

TEST(TriggerRuleTest, MatchesTheTypeWhenThereAreNoIds) {
  TriggerRule rule;
  rule.status_type = StatusType::kClosed;
  EXPECT_TRUE(rule.Matches(7, StatusType::kClosed));
  EXPECT_TRUE(rule.Matches(12, StatusType::kClosed));
  EXPECT_FALSE(rule.Matches(7, StatusType::kInProgress));
  EXPECT_FALSE(rule.Matches(7, StatusType::kUnspecified));
}

TEST(TriggerRuleTest, MatchesOnlyTheListedIdsWhenThereAreSome) {
  TriggerRule rule;
  rule.status_ids = {12, 15};
  rule.status_type = StatusType::kClosed;
  EXPECT_TRUE(rule.Matches(12, StatusType::kInProgress));
  EXPECT_TRUE(rule.Matches(15, StatusType::kUnspecified));
  EXPECT_FALSE(rule.Matches(7, StatusType::kClosed));
}

TEST(StatusTimeAsReceivedTest, KeepsADateUpToADayAheadAndTakesReceiptForLater) {
  EXPECT_EQ(StatusTimeAsReceived(kNow + absl::Hours(24), kNow), kNow + absl::Hours(24));
  EXPECT_EQ(StatusTimeAsReceived(kTen, kNow), kTen);
  EXPECT_EQ(StatusTimeAsReceived(Utc(2099, 12, 31, 22, 59, 59), kNow), kNow);
}

// The date the shop sent, when taken as received instead, travels with
// whatever the event's reason is.
TEST(DecideStatusChangeTest, AStatusDateTakenAsReceivedIsPartOfTheReason) {
  StatusChange change = Change(7, StatusType::kClosed, kNow);
  change.stated_time = Utc(2099, 12, 31, 22, 59, 59);
  const EventDecision decision =
      DecideStatusChange(OrderSnapshot{}, change, ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.reason.code, EventReasonCode::kInvitationDue);
  EXPECT_EQ(decision.reason.stated_status_time, change.stated_time);
  EXPECT_THAT(EventReasonText(decision.reason),
              HasSubstr("(status_date 2099-12-31 22:59:59 UTC is more than a day ahead of its "
                        "receipt: taken as received)"));
}

// An order whose last status was stored from the far future before
// StatusTimeAsReceived existed: the present is not "older" than it.
TEST(DecideStatusChangeTest, ALastStatusFromTheFarFutureNeverBlocksThePresent) {
  ShopSettings settings;
  const EventDecision decision =
      DecideStatusChange(KnownOrder(3, Utc(2099, 12, 31, 22, 59, 59)),
                         Change(7, StatusType::kClosed, kTen), settings, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kScheduled) << EventReasonText(decision.reason);
}

TEST(DecideStatusChangeTest, SchedulesAnInvitationForANewOrderEnteringATriggerStatus) {
  ShopSettings settings;
  const EventDecision decision = DecideStatusChange(
      OrderSnapshot{}, Change(7, StatusType::kClosed, kTen), settings, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kScheduled);
  EXPECT_EQ(decision.action, Action::kCreateInvitation);
  EXPECT_TRUE(decision.advance_order);
  EXPECT_FALSE(decision.delete_order);
  const Invitation& invitation = decision.invitation;
  EXPECT_EQ(invitation.id, 0);
  EXPECT_EQ(invitation.shop_id, 4);
  EXPECT_EQ(invitation.order_id, "1001");
  EXPECT_EQ(invitation.customer_email, "jan@example.com");
  EXPECT_EQ(invitation.customer_first_name, "Jan");
  EXPECT_EQ(invitation.customer_last_name, "Kowalski");
  EXPECT_EQ(invitation.state, InvitationState::kScheduled);
  EXPECT_EQ(invitation.status_time, kTen);
  EXPECT_EQ(invitation.send_time, Utc(2024, 5, 15, 10, 0, 0));
  EXPECT_EQ(invitation.create_time, kNow);
  EXPECT_EQ(invitation.update_time, kNow);
  EXPECT_EQ(decision.reason.code, EventReasonCode::kInvitationDue);
  EXPECT_EQ(decision.reason.time, invitation.send_time);
  EXPECT_EQ(EventReasonText(decision.reason), "invitation due 2024-05-15 10:00:00 UTC");
}

TEST(DecideStatusChangeTest, UsesTheShopsDelay) {
  ShopSettings settings;
  settings.invitation_delay_days = 0;
  EXPECT_EQ(DecideStatusChange(OrderSnapshot{}, Change(7, StatusType::kClosed, kTen), settings,
                               Draft(), kNow)
                .invitation.send_time,
            kTen);
  settings.invitation_delay_days = 14;
  EXPECT_EQ(DecideStatusChange(OrderSnapshot{}, Change(7, StatusType::kClosed, kTen), settings,
                               Draft(), kNow)
                .invitation.send_time,
            Utc(2024, 5, 22, 10, 0, 0));
}

TEST(DecideStatusChangeTest, SchedulesForAKnownOrderWithoutInvitationReachingATrigger) {
  const EventDecision decision = DecideStatusChange(
      KnownOrder(2, kTen), Change(7, StatusType::kClosed, kEleven), ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kScheduled);
  EXPECT_EQ(decision.action, Action::kCreateInvitation);
}

TEST(DecideStatusChangeTest, TheSameStatusAgainIsADuplicate) {
  OrderSnapshot order = KnownOrder(7, kTen);
  order.invitation = Existing(InvitationState::kScheduled);
  const EventDecision decision = DecideStatusChange(order, Change(7, StatusType::kClosed, kTen),
                                                    ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kDuplicate);
  EXPECT_EQ(decision.action, Action::kNone);
  EXPECT_FALSE(decision.advance_order);
}

TEST(DecideStatusChangeTest, ALaterTriggerForAnOrderWithAnInvitationIsADuplicate) {
  OrderSnapshot order = KnownOrder(7, kTen);
  order.invitation = Existing(InvitationState::kScheduled);
  const EventDecision decision = DecideStatusChange(order, Change(8, StatusType::kClosed, kEleven),
                                                    ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kDuplicate);
  EXPECT_EQ(decision.action, Action::kNone);
  EXPECT_TRUE(decision.advance_order);
  EXPECT_EQ(decision.reason.code, EventReasonCode::kOrderHasInvitation);
  EXPECT_EQ(decision.reason.invitation_state, InvitationState::kScheduled);
  EXPECT_EQ(decision.invitation.id, 17);
}

TEST(DecideStatusChangeTest, ACancelledInvitationIsNotReplaced) {
  OrderSnapshot order = KnownOrder(4, kTen);
  order.invitation = Existing(InvitationState::kCancelled);
  const EventDecision decision = DecideStatusChange(order, Change(7, StatusType::kClosed, kEleven),
                                                    ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kDuplicate);
  EXPECT_EQ(decision.action, Action::kNone);
}

TEST(DecideStatusChangeTest, SameTimeButAnotherStatusIsNotADuplicate) {
  const EventDecision decision = DecideStatusChange(
      KnownOrder(2, kTen), Change(7, StatusType::kClosed, kTen), ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kScheduled);
}

TEST(DecideStatusChangeTest, AnOlderStatusIsIgnoredAndDoesNotAdvanceTheOrder) {
  const EventDecision decision = DecideStatusChange(
      KnownOrder(4, kEleven), Change(7, StatusType::kClosed, kTen), ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(decision.action, Action::kNone);
  EXPECT_FALSE(decision.advance_order);
  EXPECT_EQ(decision.reason.code, EventReasonCode::kOlderThanLastStatus);
  EXPECT_EQ(decision.reason.status_id, 4);
  EXPECT_EQ(decision.reason.time, kEleven);
  EXPECT_EQ(EventReasonText(decision.reason),
            "older than the last status seen (4 at 2024-05-08 11:00:00 UTC)");
}

TEST(DecideStatusChangeTest, AnOlderNotRealisedStatusDoesNotCancel) {
  OrderSnapshot order = KnownOrder(7, kEleven);
  order.invitation = Existing(InvitationState::kScheduled);
  const EventDecision decision = DecideStatusChange(
      order, Change(4, StatusType::kNotRealised, kTen), ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(decision.action, Action::kNone);
}

TEST(DecideStatusChangeTest, ADeletedOrderIgnoresEverything) {
  OrderSnapshot order;
  order.deleted = true;
  const EventDecision decision = DecideStatusChange(order, Change(7, StatusType::kClosed, kTen),
                                                    ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(decision.action, Action::kNone);
  EXPECT_FALSE(decision.advance_order);
  EXPECT_EQ(decision.reason.code, EventReasonCode::kOrderWasDeleted);
  EXPECT_EQ(EventReasonText(decision.reason), "order was deleted");
}

TEST(DecideStatusChangeTest, NotRealisedCancelsTheScheduledInvitation) {
  OrderSnapshot order = KnownOrder(7, kTen);
  order.invitation = Existing(InvitationState::kScheduled);
  const EventDecision decision = DecideStatusChange(
      order, Change(4, StatusType::kNotRealised, kEleven), ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kCancelled);
  EXPECT_EQ(decision.action, Action::kCancelInvitation);
  EXPECT_EQ(decision.invitation.id, 17);
  EXPECT_TRUE(decision.advance_order);
  EXPECT_EQ(decision.reason.code, EventReasonCode::kOrderNotRealised);
  EXPECT_EQ(decision.reason.status_id, 4);
  EXPECT_EQ(decision.reason.cancel, CancelResult::kCancelled);
  EXPECT_EQ(EventReasonText(decision.reason), "order not realised (status 4)");
}

TEST(DecideStatusChangeTest, NotRealisedWithNothingScheduledIsIgnoredButAdvances) {
  for (const auto& invitation :
       {std::optional<Invitation>(), std::optional<Invitation>(Existing(InvitationState::kSent)),
        std::optional<Invitation>(Existing(InvitationState::kCancelled))}) {
    OrderSnapshot order = KnownOrder(7, kTen);
    order.invitation = invitation;
    const EventDecision decision = DecideStatusChange(
        order, Change(4, StatusType::kNotRealised, kEleven), ShopSettings{}, Draft(), kNow);
    EXPECT_EQ(decision.outcome, EventOutcome::kIgnored);
    EXPECT_EQ(decision.action, Action::kNone);
    EXPECT_TRUE(decision.advance_order);
    EXPECT_EQ(decision.reason.cancel, CancelResult::kNothingToCancel);
    EXPECT_THAT(EventReasonText(decision.reason), HasSubstr("no scheduled invitation"));
  }
}

TEST(DecideStatusChangeTest, ANonTriggerStatusIsIgnoredButAdvances) {
  const EventDecision decision = DecideStatusChange(
      OrderSnapshot{}, Change(2, StatusType::kInProgress, kTen), ShopSettings{}, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(decision.action, Action::kNone);
  EXPECT_TRUE(decision.advance_order);
  EXPECT_EQ(decision.reason.code, EventReasonCode::kNotATriggerStatus);
  EXPECT_EQ(decision.reason.status_id, 2);
  EXPECT_EQ(EventReasonText(decision.reason), "status 2 is not a trigger status");
}

TEST(DecideStatusChangeTest, ExplicitStatusIdsReplaceTheType) {
  ShopSettings settings;
  settings.trigger.status_ids = {12};
  EXPECT_EQ(DecideStatusChange(OrderSnapshot{}, Change(12, StatusType::kInProgress, kTen), settings,
                               Draft(), kNow)
                .outcome,
            EventOutcome::kScheduled);
  EXPECT_EQ(DecideStatusChange(OrderSnapshot{}, Change(7, StatusType::kClosed, kTen), settings,
                               Draft(), kNow)
                .outcome,
            EventOutcome::kIgnored);
}

TEST(DecideStatusChangeTest, SendingDisabledSchedulesNothing) {
  ShopSettings settings;
  settings.sending_enabled = false;
  const EventDecision decision = DecideStatusChange(
      OrderSnapshot{}, Change(7, StatusType::kClosed, kTen), settings, Draft(), kNow);
  EXPECT_EQ(decision.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(decision.action, Action::kNone);
  EXPECT_EQ(decision.reason.code, EventReasonCode::kSendingOff);
  EXPECT_THAT(EventReasonText(decision.reason), HasSubstr("sending is off"));
}

TEST(DecideDeletionTest, CancelsTheScheduledInvitationAndDeletesTheOrder) {
  OrderSnapshot order = KnownOrder(7, kTen);
  order.invitation = Existing(InvitationState::kScheduled);
  const EventDecision decision = DecideDeletion(order);
  EXPECT_EQ(decision.outcome, EventOutcome::kCancelled);
  EXPECT_EQ(decision.action, Action::kCancelInvitation);
  EXPECT_EQ(decision.invitation.id, 17);
  EXPECT_TRUE(decision.delete_order);
  EXPECT_FALSE(decision.advance_order);
  EXPECT_EQ(decision.reason.code, EventReasonCode::kOrderDeleted);
  EXPECT_EQ(decision.reason.cancel, CancelResult::kCancelled);
  EXPECT_EQ(EventReasonText(decision.reason), "order deleted");
}

// A sent invitation cannot be called back: the reason says when it left,
// and whether its reminder was stopped.
TEST(DecideDeletionTest, ASentInvitationIsTooLateAndOnlyItsReminderIsCancelled) {
  OrderSnapshot order;
  order.invitation = Existing(InvitationState::kSent);
  order.invitation->sent_time = kEleven;
  EventDecision decision = DecideDeletion(order);
  EXPECT_EQ(decision.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(decision.reason.cancel, CancelResult::kTooLate);
  EXPECT_EQ(decision.reason.time, kEleven);
  EXPECT_EQ(EventReasonText(decision.reason),
            "order deleted; cancelled too late: the invitation left at 2024-05-08 11:00:00 UTC");

  order.invitation->reminder_time = kNow;
  decision = DecideDeletion(order);
  EXPECT_EQ(decision.outcome, EventOutcome::kCancelled);
  EXPECT_EQ(decision.action, Action::kCancelReminder);
  EXPECT_EQ(decision.reason.cancel, CancelResult::kReminderCancelled);
  EXPECT_EQ(EventReasonText(decision.reason),
            "order deleted; cancelled too late: the invitation left at 2024-05-08 11:00:00 UTC; "
            "reminder cancelled");
}

TEST(DecideDeletionTest, DeletesAnOrderWithNothingScheduled) {
  for (const auto& invitation :
       {std::optional<Invitation>(), std::optional<Invitation>(Existing(InvitationState::kSent))}) {
    OrderSnapshot order;
    order.invitation = invitation;
    const EventDecision decision = DecideDeletion(order);
    EXPECT_EQ(decision.outcome, EventOutcome::kIgnored);
    EXPECT_EQ(decision.action, Action::kNone);
    EXPECT_TRUE(decision.delete_order);
  }
}

}  // namespace
}  // namespace opinus::server
