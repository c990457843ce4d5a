// Tests of OrderEventRecorder over InMemoryStorage: authentication by webhook
// key, validation, the scheduling rules as the store applies them, and the
// event log.
#include "server/managers/order_event_recorder.h"

#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/managers/shop_manager.h"
#include "tests/support/in_memory_storage.h"
#include "tests/unit/server/fake_clock.h"
#include "tests/unit/server/sequence_key_generator.h"
#include "tests/unit/server/status_matchers.h"
#include "tests/unit/server/test_events.h"

namespace opinus::server {
namespace {

using ::opinus::testing::IsOk;
using ::opinus::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

const absl::Time kStart = Utc(2024, 5, 9, 12, 0, 0);

class OrderEventRecorderTest : public ::testing::Test {
 protected:
  OrderEventRecorderTest()
      : clock_(kStart),
        shops_(&storage_, &keys_, &clock_),
        recorder_(&storage_, &storage_, &clock_) {}

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(shop_,
                         shops_.CreateShop("Sklep", "sklep1.shoparena.pl", "owner@example.com"));
  }

  absl::StatusOr<EventRecord> Record(const OrderEvent& event) {
    return recorder_.Record(shop_.webhook_key, event);
  }

  // RecordOutcome records `event`, which must be OK, and returns its outcome.
  EventOutcome RecordOutcome(const OrderEvent& event) {
    absl::StatusOr<EventRecord> record = Record(event);
    EXPECT_THAT(record, IsOk());
    return record.ok() ? record->outcome : EventOutcome::kRejected;
  }

  // Invitations returns every invitation of `shop_id`, newest first.
  std::vector<Invitation> Invitations(ShopId shop_id) {
    absl::StatusOr<Page<Invitation>> page =
        storage_.ListInvitations(shop_id, std::nullopt, PageRequest{1000, ""});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->items : std::vector<Invitation>{};
  }
  std::vector<Invitation> Invitations() { return Invitations(shop_.id); }

  // Events returns the shop's whole log, newest first.
  std::vector<EventRecord> Events() {
    absl::StatusOr<Page<EventRecord>> page = recorder_.ListEvents(shop_.id, PageRequest{1000, ""});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->items : std::vector<EventRecord>{};
  }

  void UpdateSettings(const SettingsUpdate& update) {
    ASSERT_OK_AND_ASSIGN(shop_, shops_.UpdateSettings(shop_.id, update));
  }

  InMemoryStorage storage_;
  SequenceKeyGenerator keys_;
  FakeClock clock_;
  ShopManager shops_;
  OrderEventRecorder recorder_;
  Shop shop_;
};

// A shop's wrong clock: a status dated 2099 is taken as received now, says
// so, and does not make the order's later, correct statuses look older.
TEST_F(OrderEventRecorderTest, AStatusDateFromTheFarFutureIsTakenAsReceivedAndBlocksNothing) {
  ASSERT_OK_AND_ASSIGN(EventRecord future, Record(Realised("1001", "2099-12-31 23:59:59")));
  EXPECT_EQ(future.outcome, EventOutcome::kScheduled);
  EXPECT_THAT(future.reason, HasSubstr("more than a day ahead of its receipt"));
  EXPECT_EQ(future.structured_reason.stated_status_time, Utc(2099, 12, 31, 22, 59, 59));
  EXPECT_EQ(future.status_time, kStart);
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].send_time, kStart + absl::Hours(24 * 7));

  // The order's next, correct status (14:30 in Warsaw) is not "older".
  clock_.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(EventRecord cancel, Record(NotRealised("1001", "2024-05-09 14:30:00")));
  EXPECT_EQ(cancel.outcome, EventOutcome::kCancelled) << cancel.reason;
  EXPECT_EQ(Invitations()[0].state, InvitationState::kCancelled);
}

TEST_F(OrderEventRecorderTest, AStatusDateWithinADayAheadIsKeptAsSent) {
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(Realised("1001", "2024-05-10 13:00:00")));
  EXPECT_EQ(record.outcome, EventOutcome::kScheduled);
  EXPECT_EQ(record.status_time, Utc(2024, 5, 10, 11, 0, 0));
  EXPECT_THAT(record.reason, Not(HasSubstr("ahead of its receipt")));
}

TEST_F(OrderEventRecorderTest, TriggerStatusSchedulesAnInvitationInSummerTime) {
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(Realised("1001", "2024-05-08 09:12:05")));
  EXPECT_EQ(record.outcome, EventOutcome::kScheduled);
  EXPECT_GT(record.id, 0);
  EXPECT_EQ(record.shop_id, shop_.id);
  EXPECT_EQ(record.order_id, "1001");
  EXPECT_EQ(record.event_name, "order.status");
  EXPECT_EQ(record.status_id, 7);
  EXPECT_EQ(record.status_type, StatusType::kClosed);
  EXPECT_EQ(record.status_name, "Status 7");
  EXPECT_EQ(record.receive_time, kStart);
  EXPECT_EQ(record.status_time, Utc(2024, 5, 8, 7, 12, 5));
  EXPECT_THAT(record.reason, HasSubstr("2024-05-15 07:12:05 UTC"));
  EXPECT_EQ(record.structured_reason.code, EventReasonCode::kInvitationDue);
  EXPECT_EQ(record.structured_reason.time, Utc(2024, 5, 15, 7, 12, 5));

  const std::vector<Invitation> invitations = Invitations();
  ASSERT_THAT(invitations, SizeIs(1));
  const Invitation& invitation = invitations[0];
  EXPECT_EQ(record.invitation_id, invitation.id);
  EXPECT_EQ(invitation.shop_id, shop_.id);
  EXPECT_EQ(invitation.order_id, "1001");
  EXPECT_EQ(invitation.customer_email, "jan.kowalski@example.com");
  EXPECT_EQ(invitation.customer_first_name, "Jan");
  EXPECT_EQ(invitation.customer_last_name, "Kowalski");
  EXPECT_EQ(invitation.state, InvitationState::kScheduled);
  EXPECT_EQ(invitation.status_time, Utc(2024, 5, 8, 7, 12, 5));
  EXPECT_EQ(invitation.send_time, Utc(2024, 5, 15, 7, 12, 5));
  EXPECT_EQ(invitation.create_time, kStart);
}

TEST_F(OrderEventRecorderTest, TriggerStatusSchedulesAnInvitationInWinterTime) {
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(Realised("1001", "2024-01-10 09:00:00")));
  EXPECT_EQ(record.outcome, EventOutcome::kScheduled);
  EXPECT_EQ(record.status_time, Utc(2024, 1, 10, 8, 0, 0));
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].status_time, Utc(2024, 1, 10, 8, 0, 0));
  EXPECT_EQ(Invitations()[0].send_time, Utc(2024, 1, 17, 8, 0, 0));
}

TEST_F(OrderEventRecorderTest, AcceptsTheTSeparatorInTheStatusDate) {
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(Realised("1001", "2024-01-10T09:00:00")));
  EXPECT_EQ(record.outcome, EventOutcome::kScheduled);
  EXPECT_EQ(record.status_time, Utc(2024, 1, 10, 8, 0, 0));
}

TEST_F(OrderEventRecorderTest, ReadsTheStatusDateInTheShopsTimeZone) {
  SettingsUpdate update;
  update.time_zone = "America/New_York";
  UpdateSettings(update);
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(Realised("1001", "2024-01-10 09:00:00")));
  EXPECT_EQ(record.status_time, Utc(2024, 1, 10, 14, 0, 0));
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].send_time, Utc(2024, 1, 17, 14, 0, 0));
}

TEST_F(OrderEventRecorderTest, UsesTheShopsDelay) {
  SettingsUpdate update;
  update.invitation_delay_days = 0;
  UpdateSettings(update);
  ASSERT_OK_AND_ASSIGN(EventRecord now, Record(Realised("1001", "2024-01-10 09:00:00")));
  ASSERT_OK_AND_ASSIGN(Invitation immediate, storage_.GetInvitation(now.invitation_id));
  EXPECT_EQ(immediate.send_time, Utc(2024, 1, 10, 8, 0, 0));

  update.invitation_delay_days = 30;
  UpdateSettings(update);
  ASSERT_OK_AND_ASSIGN(EventRecord later, Record(Realised("1002", "2024-01-10 09:00:00")));
  ASSERT_OK_AND_ASSIGN(Invitation delayed, storage_.GetInvitation(later.invitation_id));
  EXPECT_EQ(delayed.send_time, Utc(2024, 2, 9, 8, 0, 0));
}

TEST_F(OrderEventRecorderTest, TheSameDeliveryAgainIsADuplicate) {
  ASSERT_OK_AND_ASSIGN(EventRecord first, Record(Realised("1001", "2024-05-08 09:12:05")));
  clock_.Advance(absl::Seconds(30));
  ASSERT_OK_AND_ASSIGN(EventRecord again, Record(Realised("1001", "2024-05-08 09:12:05")));
  EXPECT_EQ(again.outcome, EventOutcome::kDuplicate);
  EXPECT_EQ(again.invitation_id, first.invitation_id);
  EXPECT_NE(again.id, first.id);
  EXPECT_THAT(Invitations(), SizeIs(1));
}

TEST_F(OrderEventRecorderTest, ALaterTriggerDeliveryIsADuplicateAndChangesNothing) {
  ASSERT_OK_AND_ASSIGN(EventRecord first, Record(Realised("1001", "2024-05-08 09:12:05")));
  ASSERT_OK_AND_ASSIGN(EventRecord later,
                       Record(StatusEvent("1001", 8, StatusType::kClosed, "2024-05-09 10:00:00")));
  EXPECT_EQ(later.outcome, EventOutcome::kDuplicate);
  EXPECT_EQ(later.invitation_id, first.invitation_id);
  const std::vector<Invitation> invitations = Invitations();
  ASSERT_THAT(invitations, SizeIs(1));
  EXPECT_EQ(invitations[0].status_time, Utc(2024, 5, 8, 7, 12, 5));
  EXPECT_EQ(invitations[0].send_time, Utc(2024, 5, 15, 7, 12, 5));
}

TEST_F(OrderEventRecorderTest, OneInvitationPerShopAndOrder) {
  ASSERT_OK_AND_ASSIGN(Shop other,
                       shops_.CreateShop("Inny", "sklep2.shoparena.pl", "owner2@example.com"));
  ASSERT_EQ(RecordOutcome(Realised("1001", "2024-05-08 09:12:05")), EventOutcome::kScheduled);
  ASSERT_EQ(RecordOutcome(Realised("1002", "2024-05-08 09:12:05")), EventOutcome::kScheduled);
  ASSERT_OK_AND_ASSIGN(
      EventRecord in_other,
      recorder_.Record(other.webhook_key, Realised("1001", "2024-05-08 09:12:05")));
  EXPECT_EQ(in_other.outcome, EventOutcome::kScheduled);
  EXPECT_EQ(in_other.shop_id, other.id);
  EXPECT_THAT(Invitations(), SizeIs(2));
  ASSERT_THAT(Invitations(other.id), SizeIs(1));
  EXPECT_EQ(Invitations(other.id)[0].id, in_other.invitation_id);
  EXPECT_THAT(Events(), SizeIs(2));
}

TEST_F(OrderEventRecorderTest, NotRealisedBeforeSendingCancelsTheInvitation) {
  ASSERT_OK_AND_ASSIGN(EventRecord scheduled, Record(Realised("1001", "2024-05-08 09:12:05")));
  clock_.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(EventRecord cancelled, Record(NotRealised("1001", "2024-05-09 13:00:00")));
  EXPECT_EQ(cancelled.outcome, EventOutcome::kCancelled);
  EXPECT_EQ(cancelled.invitation_id, scheduled.invitation_id);
  EXPECT_THAT(cancelled.reason, HasSubstr("not realised"));

  ASSERT_OK_AND_ASSIGN(Invitation invitation, storage_.GetInvitation(scheduled.invitation_id));
  EXPECT_EQ(invitation.state, InvitationState::kCancelled);
  EXPECT_EQ(invitation.state_reason, cancelled.reason);
  EXPECT_EQ(invitation.update_time, kStart + absl::Hours(1));
}

TEST_F(OrderEventRecorderTest, AfterCancellationATriggerDoesNotScheduleAgain) {
  ASSERT_EQ(RecordOutcome(Realised("1001", "2024-05-08 09:00:00")), EventOutcome::kScheduled);
  ASSERT_EQ(RecordOutcome(NotRealised("1001", "2024-05-08 10:00:00")), EventOutcome::kCancelled);
  EXPECT_EQ(RecordOutcome(Realised("1001", "2024-05-08 11:00:00")), EventOutcome::kDuplicate);
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].state, InvitationState::kCancelled);
}

TEST_F(OrderEventRecorderTest, DeletionCancelsAndLaterEventsAreIgnored) {
  ASSERT_OK_AND_ASSIGN(EventRecord scheduled, Record(Realised("1001", "2024-05-08 09:12:05")));
  ASSERT_OK_AND_ASSIGN(EventRecord deleted, Record(Deleted("1001")));
  EXPECT_EQ(deleted.outcome, EventOutcome::kCancelled);
  EXPECT_EQ(deleted.invitation_id, scheduled.invitation_id);
  EXPECT_EQ(deleted.event_name, "order.delete");
  ASSERT_OK_AND_ASSIGN(Invitation invitation, storage_.GetInvitation(scheduled.invitation_id));
  EXPECT_EQ(invitation.state, InvitationState::kCancelled);
  EXPECT_EQ(invitation.state_reason, "order deleted");

  ASSERT_OK_AND_ASSIGN(EventRecord after, Record(Realised("1001", "2024-05-10 09:00:00")));
  EXPECT_EQ(after.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(after.reason, "order was deleted");
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].state, InvitationState::kCancelled);
}

TEST_F(OrderEventRecorderTest, ADeletedOrderNeverGetsAnInvitation) {
  ASSERT_OK_AND_ASSIGN(EventRecord deleted, Record(Deleted("1001")));
  EXPECT_EQ(deleted.outcome, EventOutcome::kIgnored);
  ASSERT_OK_AND_ASSIGN(EventRecord after, Record(Realised("1001", "2024-05-10 09:00:00")));
  EXPECT_EQ(after.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(after.reason, "order was deleted");
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(OrderEventRecorderTest, AnOlderStatusArrivingLateIsIgnored) {
  // Shipped at 10:00 arrives after cancelled at 11:00.
  ASSERT_OK_AND_ASSIGN(EventRecord cancelled, Record(NotRealised("1001", "2024-05-08 11:00:00")));
  EXPECT_EQ(cancelled.outcome, EventOutcome::kIgnored);
  ASSERT_OK_AND_ASSIGN(EventRecord shipped, Record(Realised("1001", "2024-05-08 10:00:00")));
  EXPECT_EQ(shipped.outcome, EventOutcome::kIgnored);
  EXPECT_THAT(shipped.reason, HasSubstr("older than the last status"));
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(OrderEventRecorderTest, AnOlderStatusDoesNotMoveTheOrderBack) {
  ASSERT_EQ(RecordOutcome(Realised("1001", "2024-05-08 12:00:00")), EventOutcome::kScheduled);
  // An older "in progress", then an older "not realised": neither counts.
  EXPECT_EQ(RecordOutcome(StatusEvent("1001", 2, StatusType::kInProgress, "2024-05-08 09:00:00")),
            EventOutcome::kIgnored);
  EXPECT_EQ(RecordOutcome(NotRealised("1001", "2024-05-08 10:00:00")), EventOutcome::kIgnored);
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].state, InvitationState::kScheduled);
  // The last status is still the 12:00 one.
  EXPECT_EQ(RecordOutcome(Realised("1001", "2024-05-08 12:00:00")), EventOutcome::kDuplicate);
}

TEST_F(OrderEventRecorderTest, ANonTriggerStatusIsIgnored) {
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(StatusEvent("1001", 2, StatusType::kInProgress,
                                                              "2024-05-08 09:00:00")));
  EXPECT_EQ(record.outcome, EventOutcome::kIgnored);
  EXPECT_THAT(record.reason, HasSubstr("not a trigger status"));
  EXPECT_EQ(record.invitation_id, 0);
  EXPECT_THAT(Invitations(), IsEmpty());
  // The order goes on to its trigger status later.
  EXPECT_EQ(RecordOutcome(Realised("1001", "2024-05-08 10:00:00")), EventOutcome::kScheduled);
}

TEST_F(OrderEventRecorderTest, TriggerByExplicitStatusIds) {
  SettingsUpdate update;
  update.trigger = TriggerRule{{12}, StatusType::kClosed};
  UpdateSettings(update);
  ASSERT_OK_AND_ASSIGN(EventRecord closed, Record(Realised("1001", "2024-05-08 09:00:00")));
  EXPECT_EQ(closed.outcome, EventOutcome::kIgnored);
  EXPECT_THAT(closed.reason, HasSubstr("not a trigger status"));
  ASSERT_OK_AND_ASSIGN(EventRecord twelve, Record(StatusEvent("1002", 12, StatusType::kInProgress,
                                                              "2024-05-08 09:00:00")));
  EXPECT_EQ(twelve.outcome, EventOutcome::kScheduled);
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].order_id, "1002");
}

TEST_F(OrderEventRecorderTest, ExplicitStatusIdsNeedNoStatusType) {
  SettingsUpdate update;
  update.trigger = TriggerRule{{12}, StatusType::kClosed};
  UpdateSettings(update);
  EXPECT_EQ(RecordOutcome(StatusEvent("1001", 12, StatusType::kUnspecified, "2024-05-08 09:00:00")),
            EventOutcome::kScheduled);
}

TEST_F(OrderEventRecorderTest, SendingDisabledSchedulesNothing) {
  SettingsUpdate update;
  update.sending_enabled = false;
  UpdateSettings(update);
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(Realised("1001", "2024-05-08 09:00:00")));
  EXPECT_EQ(record.outcome, EventOutcome::kIgnored);
  EXPECT_THAT(record.reason, HasSubstr("sending is off"));
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(OrderEventRecorderTest, ANewDelayReplansScheduledButNotCancelledInvitations) {
  ASSERT_OK_AND_ASSIGN(EventRecord kept, Record(Realised("1001", "2024-05-08 09:12:05")));
  ASSERT_OK_AND_ASSIGN(EventRecord dropped, Record(Realised("1002", "2024-01-10 09:00:00")));
  ASSERT_EQ(RecordOutcome(NotRealised("1002", "2024-01-11 09:00:00")), EventOutcome::kCancelled);
  clock_.Advance(absl::Hours(2));

  SettingsUpdate update;
  update.invitation_delay_days = 3;
  UpdateSettings(update);

  ASSERT_OK_AND_ASSIGN(Invitation replanned, storage_.GetInvitation(kept.invitation_id));
  EXPECT_EQ(replanned.state, InvitationState::kScheduled);
  EXPECT_EQ(replanned.send_time, Utc(2024, 5, 11, 7, 12, 5));
  EXPECT_EQ(replanned.update_time, kStart + absl::Hours(2));
  ASSERT_OK_AND_ASSIGN(Invitation untouched, storage_.GetInvitation(dropped.invitation_id));
  EXPECT_EQ(untouched.state, InvitationState::kCancelled);
  EXPECT_EQ(untouched.send_time, Utc(2024, 1, 17, 8, 0, 0));

  // New invitations use the new delay too.
  ASSERT_OK_AND_ASSIGN(EventRecord fresh, Record(Realised("1003", "2024-05-08 09:12:05")));
  ASSERT_OK_AND_ASSIGN(Invitation created, storage_.GetInvitation(fresh.invitation_id));
  EXPECT_EQ(created.send_time, Utc(2024, 5, 11, 7, 12, 5));
}

TEST_F(OrderEventRecorderTest, OtherSettingsDoNotReplan) {
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(Realised("1001", "2024-05-08 09:12:05")));
  SettingsUpdate update;
  update.time_zone = "UTC";
  update.sending_enabled = false;
  UpdateSettings(update);
  ASSERT_OK_AND_ASSIGN(Invitation invitation, storage_.GetInvitation(record.invitation_id));
  EXPECT_EQ(invitation.send_time, Utc(2024, 5, 15, 7, 12, 5));
  EXPECT_EQ(invitation.update_time, kStart);
}

TEST_F(OrderEventRecorderTest, ANonOrderEventIsLoggedAsIgnored) {
  OrderEvent event;
  event.event_name = "product.create";
  event.kind = EventKind::kOther;
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(event));
  EXPECT_EQ(record.outcome, EventOutcome::kIgnored);
  EXPECT_EQ(record.reason, "not an order event");
  EXPECT_THAT(Events(), ElementsAre(Field(&EventRecord::event_name, "product.create")));
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(OrderEventRecorderTest, AnXmlDeliveryIsLoggedAsRejectedForTheOwnerToFix) {
  OrderEvent event;
  event.event_name = "order.status";
  event.kind = EventKind::kXmlBody;
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(event));
  EXPECT_EQ(record.outcome, EventOutcome::kRejected);
  EXPECT_EQ(record.structured_reason.code, EventReasonCode::kXmlFormat);
  EXPECT_THAT(record.reason, HasSubstr("Format to JSON"));
  EXPECT_THAT(Events(), ElementsAre(AllOf(Field(&EventRecord::event_name, "order.status"),
                                          Field(&EventRecord::order_id, ""))));
  EXPECT_THAT(Invitations(), IsEmpty());
  // Checked as any delivery: an unknown key logs nothing.
  EXPECT_THAT(recorder_.Record("AAAAAAAAAAAAAAAAAAAA", event),
              StatusIs(absl::StatusCode::kNotFound, "unknown webhook key"));
  EXPECT_THAT(Events(), SizeIs(1));
}

TEST_F(OrderEventRecorderTest, UnknownOrMalformedKeysAreNotFoundAndNotLogged) {
  const std::string valid = shop_.webhook_key;
  for (const std::string& key :
       {std::string("AAAAAAAAAAAAAAAAAAAA"), std::string(""), std::string("short"),
        valid.substr(0, 19), valid + "X", valid.substr(0, 19) + "-", " " + valid.substr(1),
        std::string("' OR 1=1; --AAAAAAAA")}) {
    SCOPED_TRACE(key);
    EXPECT_THAT(recorder_.Record(key, Realised("1001", "2024-05-08 09:12:05")),
                StatusIs(absl::StatusCode::kNotFound, "unknown webhook key"));
  }
  EXPECT_THAT(Events(), IsEmpty());
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(OrderEventRecorderTest, MissingRequiredFieldsAreInvalidAndNotLogged) {
  OrderEvent no_order = Realised("", "2024-05-08 09:12:05");
  EXPECT_THAT(Record(no_order), StatusIs(absl::StatusCode::kInvalidArgument, "order_id: missing"));
  OrderEvent no_status = Realised("1001", "2024-05-08 09:12:05");
  no_status.status_id = 0;
  EXPECT_THAT(Record(no_status), StatusIs(absl::StatusCode::kInvalidArgument, "status: missing"));
  EXPECT_THAT(Record(Deleted("")),
              StatusIs(absl::StatusCode::kInvalidArgument, "order_id: missing"));
  EXPECT_THAT(Events(), IsEmpty());
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(OrderEventRecorderTest, AnInvalidEmailIsRejected) {
  OrderEvent event = Realised("1001", "2024-05-08 09:12:05");
  event.customer_email = "jan.kowalski";
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(event));
  EXPECT_EQ(record.outcome, EventOutcome::kRejected);
  EXPECT_THAT(record.reason, StartsWith("email:"));
  EXPECT_THAT(record.reason, HasSubstr("jan.kowalski"));
  EXPECT_EQ(record.structured_reason.code, EventReasonCode::kNotAnEmailAddress);
  EXPECT_EQ(record.structured_reason.value, "jan.kowalski");
  EXPECT_THAT(Invitations(), IsEmpty());
  EXPECT_THAT(Events(), ElementsAre(Field(&EventRecord::outcome, EventOutcome::kRejected)));
}

TEST_F(OrderEventRecorderTest, AnEmptyEmailIsRejectedAndLogged) {
  OrderEvent event = Realised("1001", "2024-05-08 09:12:05");
  event.customer_email.clear();
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(event));
  EXPECT_EQ(record.outcome, EventOutcome::kRejected);
  EXPECT_EQ(record.reason, "email: empty");
  EXPECT_THAT(Invitations(), IsEmpty());
  EXPECT_THAT(Events(), ElementsAre(Field(&EventRecord::reason, "email: empty")));
}

TEST_F(OrderEventRecorderTest, EachKindOfBadDataIsRejectedWithItsOwnReason) {
  struct Case {
    const char* what;
    OrderEvent event;
    const char* reason_prefix;
    EventReasonCode code;
    const char* field;
  };
  OrderEvent bad_email = Realised("2001", "2024-05-08 09:12:05");
  bad_email.customer_email = "jan@@example";
  OrderEvent spaces = Realised("2002", "2024-05-08 09:12:05");
  spaces.customer_email = "   ";
  OrderEvent nul_name = Realised("2003", "2024-05-08 09:12:05");
  nul_name.customer_first_name = std::string("Jan\0x", 5);
  OrderEvent tab_name = Realised("2004", "2024-05-08 09:12:05");
  tab_name.customer_last_name = "Kowal\tski";
  const Case cases[] = {
      {"bad e-mail", bad_email, "email: not an e-mail address", EventReasonCode::kNotAnEmailAddress,
       "email"},
      {"blank e-mail", spaces, "email: not an e-mail address", EventReasonCode::kNotAnEmailAddress,
       "email"},
      {"NUL in a name", nul_name, "name: contains control characters",
       EventReasonCode::kFieldControlCharacters, "name"},
      {"tab in a name", tab_name, "name: contains control characters",
       EventReasonCode::kFieldControlCharacters, "name"},
      {"unknown status type",
       StatusEvent("2005", 99, StatusType::kUnspecified, "2024-05-08 09:12:05"),
       "status.type: missing or unknown", EventReasonCode::kFieldMissing, "status.type"},
      {"date that does not parse", Realised("2006", "08.05.2024 09:12"),
       "status_date:", EventReasonCode::kNotADateTime, "status_date"},
      {"date out of range", Realised("2007", "1970-01-01 00:00:00"),
       "status_date:", EventReasonCode::kYearOutOfRange, "status_date"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    ASSERT_OK_AND_ASSIGN(EventRecord record, Record(c.event));
    EXPECT_EQ(record.outcome, EventOutcome::kRejected);
    EXPECT_THAT(record.reason, StartsWith(c.reason_prefix));
    EXPECT_EQ(record.structured_reason.code, c.code);
    EXPECT_EQ(record.structured_reason.field, c.field);
  }
  EXPECT_THAT(Invitations(), IsEmpty());
  EXPECT_THAT(Events(), SizeIs(std::size(cases)));
  // None of them blocks a good event of the same orders.
  EXPECT_EQ(RecordOutcome(Realised("2001", "2024-05-08 09:12:05")), EventOutcome::kScheduled);
  EXPECT_EQ(RecordOutcome(Realised("2006", "2024-05-08 09:12:05")), EventOutcome::kScheduled);
}

TEST_F(OrderEventRecorderTest, AnEmailWithAHeaderInjectionIsRejected) {
  OrderEvent event = Realised("1001", "2024-05-08 09:12:05");
  event.customer_email = "jan@example.com\r\nBcc: all@example.com";
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(event));
  EXPECT_EQ(record.outcome, EventOutcome::kRejected);
  EXPECT_THAT(record.reason, StartsWith("email:"));
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(OrderEventRecorderTest, NamesWithControlCharactersAreRejected) {
  OrderEvent first = Realised("1001", "2024-05-08 09:12:05");
  first.customer_first_name = "Jan\r\nBcc: x";
  OrderEvent last = Realised("1002", "2024-05-08 09:12:05");
  last.customer_last_name = "Kowalski\n";
  for (const OrderEvent& event : {first, last}) {
    ASSERT_OK_AND_ASSIGN(EventRecord record, Record(event));
    EXPECT_EQ(record.outcome, EventOutcome::kRejected);
    EXPECT_THAT(record.reason, StartsWith("name:"));
  }
  EXPECT_THAT(Invitations(), IsEmpty());
  EXPECT_THAT(Events(), SizeIs(2));
}

TEST_F(OrderEventRecorderTest, OverlongNamesAndOrderIdsAreRejected) {
  OrderEvent long_name = Realised("1001", "2024-05-08 09:12:05");
  long_name.customer_last_name = std::string(101, 'k');
  ASSERT_OK_AND_ASSIGN(EventRecord name_record, Record(long_name));
  EXPECT_EQ(name_record.outcome, EventOutcome::kRejected);
  EXPECT_THAT(name_record.reason, StartsWith("name:"));

  ASSERT_OK_AND_ASSIGN(EventRecord id_record,
                       Record(Realised(std::string(65, '9'), "2024-05-08 09:12:05")));
  EXPECT_EQ(id_record.outcome, EventOutcome::kRejected);
  EXPECT_THAT(id_record.reason, StartsWith("order_id:"));
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(OrderEventRecorderTest, NonAsciiNamesAreAccepted) {
  OrderEvent event = Realised("1001", "2024-05-08 09:12:05");
  event.customer_first_name = "Zażółć";
  event.customer_last_name = "Gęślą-Jaźń";
  EXPECT_EQ(RecordOutcome(event), EventOutcome::kScheduled);
  ASSERT_THAT(Invitations(), SizeIs(1));
  EXPECT_EQ(Invitations()[0].customer_first_name, "Zażółć");
}

TEST_F(OrderEventRecorderTest, AnUnparseableStatusDateIsRejected) {
  for (const char* date : {"yesterday", "2024-13-01 00:00:00", "", "+024-05-08 09:12:05"}) {
    SCOPED_TRACE(date);
    ASSERT_OK_AND_ASSIGN(EventRecord record, Record(Realised("1001", date)));
    EXPECT_EQ(record.outcome, EventOutcome::kRejected);
    EXPECT_THAT(record.reason, StartsWith("status_date:"));
    EXPECT_FALSE(record.status_time.has_value());
  }
  EXPECT_THAT(Invitations(), IsEmpty());
  // Rejected events leave the order untouched: a good one still schedules.
  EXPECT_EQ(RecordOutcome(Realised("1001", "2024-05-08 09:12:05")), EventOutcome::kScheduled);
}

TEST_F(OrderEventRecorderTest, AnUnspecifiedStatusTypeWithATypeTriggerIsRejected) {
  ASSERT_OK_AND_ASSIGN(EventRecord record, Record(StatusEvent("1001", 7, StatusType::kUnspecified,
                                                              "2024-05-08 09:12:05")));
  EXPECT_EQ(record.outcome, EventOutcome::kRejected);
  EXPECT_THAT(record.reason, StartsWith("status.type:"));
  EXPECT_THAT(Invitations(), IsEmpty());
}

TEST_F(OrderEventRecorderTest, ListEventsShowsEveryEventNewestFirstWithItsOutcome) {
  OrderEvent other;
  other.event_name = "product.create";
  other.kind = EventKind::kOther;
  OrderEvent bad_email = Realised("1003", "2024-05-08 09:00:00");
  bad_email.customer_email = "nope";

  ASSERT_EQ(RecordOutcome(Realised("1001", "2024-05-08 09:00:00")), EventOutcome::kScheduled);
  clock_.Advance(absl::Minutes(1));
  ASSERT_EQ(RecordOutcome(Realised("1001", "2024-05-08 09:00:00")), EventOutcome::kDuplicate);
  clock_.Advance(absl::Minutes(1));
  ASSERT_EQ(RecordOutcome(StatusEvent("1002", 2, StatusType::kInProgress, "2024-05-08 09:00:00")),
            EventOutcome::kIgnored);
  clock_.Advance(absl::Minutes(1));
  ASSERT_EQ(RecordOutcome(NotRealised("1001", "2024-05-08 10:00:00")), EventOutcome::kCancelled);
  clock_.Advance(absl::Minutes(1));
  ASSERT_EQ(RecordOutcome(bad_email), EventOutcome::kRejected);
  clock_.Advance(absl::Minutes(1));
  ASSERT_EQ(RecordOutcome(other), EventOutcome::kIgnored);
  // Neither of these is logged.
  ASSERT_THAT(Record(Realised("", "2024-05-08 09:00:00")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_THAT(recorder_.Record("AAAAAAAAAAAAAAAAAAAA", Realised("1001", "2024-05-08 09:00:00")),
              StatusIs(absl::StatusCode::kNotFound));

  const std::vector<EventRecord> events = Events();
  EXPECT_THAT(events, ElementsAre(Field(&EventRecord::outcome, EventOutcome::kIgnored),
                                  Field(&EventRecord::outcome, EventOutcome::kRejected),
                                  Field(&EventRecord::outcome, EventOutcome::kCancelled),
                                  Field(&EventRecord::outcome, EventOutcome::kIgnored),
                                  Field(&EventRecord::outcome, EventOutcome::kDuplicate),
                                  Field(&EventRecord::outcome, EventOutcome::kScheduled)));
  EXPECT_THAT(
      events,
      ElementsAre(Field(&EventRecord::order_id, ""), Field(&EventRecord::order_id, "1003"),
                  Field(&EventRecord::order_id, "1001"), Field(&EventRecord::order_id, "1002"),
                  Field(&EventRecord::order_id, "1001"), Field(&EventRecord::order_id, "1001")));
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_GT(events[i - 1].id, events[i].id);
    EXPECT_EQ(events[i - 1].receive_time, events[i].receive_time + absl::Minutes(1));
  }
}

TEST_F(OrderEventRecorderTest, ListEventsPagesNewestFirst) {
  for (int i = 1; i <= 5; ++i) {
    ASSERT_EQ(RecordOutcome(Realised(std::to_string(1000 + i), "2024-05-08 09:00:00")),
              EventOutcome::kScheduled);
  }
  std::vector<std::string> orders;
  PageRequest request{2, ""};
  int pages = 0;
  do {
    ASSERT_LT(++pages, 10) << "paging does not end";
    ASSERT_OK_AND_ASSIGN(Page<EventRecord> page, recorder_.ListEvents(shop_.id, request));
    EXPECT_LE(page.items.size(), 2u);
    for (const EventRecord& record : page.items) orders.push_back(record.order_id);
    request.token = page.next_token;
  } while (!request.token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(orders, (std::vector<std::string>{"1005", "1004", "1003", "1002", "1001"}));
}

TEST_F(OrderEventRecorderTest, ListEventsShowsOnlyTheShopsOwnEvents) {
  ASSERT_OK_AND_ASSIGN(Shop other,
                       shops_.CreateShop("Inny", "sklep2.shoparena.pl", "owner2@example.com"));
  ASSERT_THAT(recorder_.Record(other.webhook_key, Realised("2001", "2024-05-08 09:00:00")), IsOk());
  ASSERT_EQ(RecordOutcome(Realised("1001", "2024-05-08 09:00:00")), EventOutcome::kScheduled);
  EXPECT_THAT(Events(), ElementsAre(Field(&EventRecord::order_id, "1001")));
}

TEST_F(OrderEventRecorderTest, ListEventsOfAnUnknownShopIsNotFound) {
  EXPECT_THAT(recorder_.ListEvents(99, PageRequest{}), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace opinus::server
